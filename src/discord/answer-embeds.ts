import type { APIEmbed } from 'discord.js';
import type { Answer, Citation } from '../answer/types';
import { inertText, visibleText } from './inert-text';
import { LIMITS, linkableUrl, splitText, totalEmbedLength, trimText } from './limits';

const ANSWER_COLOR = 0x2b6cb0;
const ABSTAIN_COLOR = 0x8a8f98;
const WRITING_COLOR = 0x6b7280;
/** Kept free in the 6,000 budget so rounding in the packing below can never push a message over. */
const SLACK = 40;
/** The answer always keeps at least this much room, however many sources there are. */
const MIN_ANSWER_ROOM = 1_500;

const ABSTAIN_TEXT = "I couldn't find an answer to that in the indexed articles.";

/** `[n] Outlet: [Title](url) (date)`, within one field value. */
export function sourceLine(c: Citation): string {
  const url = linkableUrl(c.url);
  const title = inertText(c.title, { oneLine: true });
  const date = c.published ? ` (${inertText(c.published, { oneLine: true })})` : '';
  const head = `[${c.n}] ${inertText(c.outlet, { oneLine: true })}: `;
  const linked = url ? `${head}[${title}](${url})${date}` : `${head}${title}${date}`;
  if (linked.length <= LIMITS.fieldValue) return linked;
  // A link cannot be cut in half, so an overlong line loses the link before it loses words.
  return trimText(`${head}${title}${date}`, LIMITS.fieldValue);
}

export function answerFooter(answer: Answer): string {
  const parts = answer.abstained
    ? ['no answer found']
    : [answer.mode, `${answer.citations.length} source${answer.citations.length === 1 ? '' : 's'}`];
  if (answer.note) parts.push(answer.note);
  return trimText(visibleText(parts.join(' · ')), LIMITS.footer);
}

/** Packs lines into fields of at most 1,024 characters, within `budget` characters in all. */
function sourceFields(lines: string[], budget: number): { fields: APIEmbed['fields']; used: number } {
  const fields: { name: string; value: string; inline: false }[] = [];
  let used = 0;
  let current: string[] = [];
  let shown = 0;
  const name = () => (fields.length === 0 ? 'Sources' : 'Sources (continued)');
  const flush = () => {
    if (current.length === 0) return;
    const field = { name: name(), value: current.join('\n'), inline: false as const };
    fields.push(field);
    used += field.name.length + field.value.length;
    current = [];
  };
  const moreLine = (left: number) => `…and ${left} more source${left === 1 ? '' : 's'}`;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i;
    const reserve = left > 1 ? moreLine(left - 1).length + 1 : 0;
    const candidate = [...current, line].join('\n');
    const fieldCost = name().length + candidate.length;
    const fits = used + fieldCost + reserve <= budget;
    if (!fits) break;
    if (candidate.length > LIMITS.fieldValue) {
      if (fields.length + 1 >= LIMITS.fields) break;
      flush();
      if (used + name().length + line.length + reserve > budget) break;
    }
    current.push(line);
    shown += 1;
  }
  const left = lines.length - shown;
  if (left > 0) {
    const more = moreLine(left);
    if ([...current, more].join('\n').length <= LIMITS.fieldValue) current.push(more);
    else {
      flush();
      current.push(more);
    }
  }
  flush();
  return { fields, used };
}

/**
 * Answer text shown literally, but with the engine's `[n]` citation markers left unescaped so the
 * raw message stays readable; a marker cannot start a link, since every `(` after it is escaped.
 */
function inertAnswer(text: string): string {
  return inertText(text).replace(/\\\[(\d{1,2})\\\]/g, '[$1]');
}

/** The question as the embed's title: one line, shown literally. */
function questionTitle(question: string): string {
  return trimText(inertText(question, { oneLine: true }) || 'Question', LIMITS.title);
}

/**
 * The final reply to /ask: the answer with its [n] markers, the cited sources and a footer with
 * the mode. Always within Discord's limits: long answers are cut at a word boundary with "…"
 * and spread over more embeds; sources that do not fit end with "…and N more sources".
 */
export function answerEmbeds(answer: Answer): APIEmbed[] {
  const title = questionTitle(answer.question);
  const footer = answerFooter(answer);

  if (answer.abstained) {
    // A decline may quote the question back: it is shown literally, like any text the bot did not write.
    const text = inertAnswer(answer.answer) || ABSTAIN_TEXT;
    const room = Math.min(LIMITS.description, LIMITS.embedTotal - title.length - footer.length - SLACK);
    return [
      {
        title,
        description: trimText(text, room),
        color: ABSTAIN_COLOR,
        footer: { text: footer },
      },
    ];
  }

  const budget = LIMITS.embedTotal - title.length - footer.length - SLACK;
  const answerText = inertAnswer(answer.answer);
  const lines = answer.citations.map(sourceLine);
  const { fields, used } = sourceFields(lines, budget - Math.min(answerText.length, MIN_ANSWER_ROOM));
  const answerRoom = budget - used;
  const maxEmbeds = LIMITS.embedsPerMessage;
  const pieces = splitText(trimText(answerText, answerRoom), LIMITS.description).slice(0, maxEmbeds);
  if (pieces.length === 0) pieces.push('​');

  const embeds: APIEmbed[] = pieces.map((description) => ({ description, color: ANSWER_COLOR }));
  const first = embeds[0];
  const last = embeds[embeds.length - 1];
  if (first) first.title = title;
  if (last) {
    if (fields && fields.length > 0) last.fields = fields;
    last.footer = { text: footer };
  }
  // The budget above makes this unreachable; if it ever is not, a shorter answer beats a failed reply.
  if (totalEmbedLength(embeds) > LIMITS.embedTotal) {
    return [{ title, description: trimText(answerText, LIMITS.description - title.length - footer.length), color: ANSWER_COLOR, footer: { text: footer } }];
  }
  return embeds;
}

/** The growing answer while an LLM streams it: only sentences that already passed verification. */
export function partialAnswerEmbeds(question: string, text: string): APIEmbed[] {
  return [
    {
      title: questionTitle(question),
      description: trimText(inertAnswer(text) || '…', LIMITS.description),
      color: WRITING_COLOR,
      footer: { text: 'writing…' },
    },
  ];
}
