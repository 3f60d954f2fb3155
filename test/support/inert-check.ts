/**
 * Checks that text in a Discord payload shows literally: what a client would render as a masked
 * link, a raw link, a mention or an invisible character, outside the links the bot itself made.
 */

/** Zero-width, bidi and format characters, and C0/C1 controls other than tab and line feed. */
const INVISIBLE = /[\p{Cf}]|[^\P{Cc}\t\n]/u;

/** `text` with every backslash-escaped character replaced by '·', so only what Discord parses is left. */
export function unescapedView(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      out += '··';
      i++;
    } else out += text[i];
  }
  return out;
}

/**
 * The Discord timestamps the bot writes itself, where it writes them: after an article's title
 * (" · "), in "latest …", "from …", "published … to …". Text an article or member planted is
 * escaped, so a live `<t:` anywhere else is still a problem.
 */
const BOT_TIMESTAMP = /(?<=(?: · |latest |from |published | to ))<t:\d+:[DRf]>/g;

function withoutBotTimestamps(view: string): string {
  return view.replace(BOT_TIMESTAMP, '');
}

/** What in `text` would not show inertly; `links` are the URLs the bot may link (its citations). */
export function inertViolations(text: string, links: readonly string[] = []): string[] {
  const problems: string[] = [];
  if (INVISIBLE.test(text)) problems.push(`invisible or control character in ${JSON.stringify(text.slice(0, 80))}`);
  const view = unescapedView(text);
  for (const match of view.matchAll(/\[[^\]]*\]\(([^)\s]*)\)/g)) {
    if (!links.includes(match[1] ?? '')) problems.push(`masked link to ${match[1]}`);
  }
  for (const match of view.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^\s)>]*/gi)) {
    if (!links.includes(match[0])) problems.push(`link ${match[0]}`);
  }
  for (const match of withoutBotTimestamps(view).matchAll(/<[@#][!&]?\d+>|<t:\d+|@everyone|@here/g)) {
    problems.push(`mention ${match[0]}`);
  }
  if (/^\s*(?:#{1,3} |-# |> )/m.test(view)) problems.push('heading, subtext or quote markup');
  if (/\*\*|__|~~|\|\||`/.test(view)) problems.push('emphasis, spoiler or code markup');
  return problems;
}

/**
 * An answer message's text without the markup the bot writes itself: the short answer it bolds
 * at the start of the description and the `> ` before each supporting quote. Check the rest.
 */
export function withoutAnswerMarkup(text: string): string {
  return text.replace(/^\*\*((?:\\.|[^*\\])*)\*\*/, '$1').replace(/^> /gm, '');
}
