/**
 * Questions that ask what is new rather than a fact: "what's new with Harbor Lights?", "any news
 * on Harbor Lights?", "what's new?". They are answered like /latest (the latest stories, one line
 * each) instead of by quoting one sentence. Each row carries a question it must catch.
 */
export const LATEST_QUESTIONS: { pattern: RegExp; example: string; show: string | null }[] = [
  {
    pattern: /^(?:so\s+)?what(?:'|’)?s\s+(?:new|the\s+latest)\s+(?:with|on|for|about|in)\s+(.+)$/i,
    example: "What's new with Harbor Lights?",
    show: 'Harbor Lights',
  },
  {
    pattern: /^what\s+is\s+(?:new|the\s+latest)\s+(?:with|on|for|about|in)\s+(.+)$/i,
    example: 'what is the latest on Harbor Lights',
    show: 'Harbor Lights',
  },
  {
    pattern: /^(?:is\s+there\s+)?any\s+(?:news|updates?)\s+(?:on|about|for|from)\s+(.+)$/i,
    example: 'Any news on Harbor Lights?',
    show: 'Harbor Lights',
  },
  {
    pattern: /^(?:the\s+)?(?:latest|recent)\s+(?:news|stories|updates?)\s+(?:on|about|for)\s+(.+)$/i,
    example: 'latest news about Harbor Lights',
    show: 'Harbor Lights',
  },
  {
    pattern:
      /^(?:so\s+)?what(?:'|’)?s\s+(?:new|the\s+latest)$|^what\s+is\s+new$|^any\s+news$|^(?:the\s+)?latest\s+news$/i,
    example: "what's new?",
    show: null,
  },
];

/**
 * The show a what's-new question asks about: `{ show: null }` for "what's new?" itself, null when
 * the question asks something else.
 */
export function latestQuestion(question: string): { show: string | null } | null {
  const text = question
    .trim()
    .replace(/[?!.\s]+$/u, '')
    .replace(/\s+/g, ' ');
  for (const { pattern } of LATEST_QUESTIONS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const show = match[1]?.trim().replace(/^(?:the\s+(?:show|series)\s+)/i, '') ?? null;
    return { show: show ? show.replace(/^["'“‘]|["'”’]$/gu, '') : null };
  }
  return null;
}
