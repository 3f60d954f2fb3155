/**
 * Text that members and articles write (questions, titles, outlets, quotes, model output, file
 * names) goes into the bot's messages as data: it must never format itself, link somewhere,
 * mention anyone or hide characters in the bot's voice. Every place in src/discord that puts such
 * text into a message passes it through `inertText` (markdown-rendering places: descriptions,
 * titles, field values) or `visibleText` (places Discord shows as plain text: footers, autocomplete
 * choices, button labels). The only links the bot writes itself are its citations' article URLs.
 */

export interface InertTextOptions {
  /** Collapse every run of whitespace, line breaks included, into one space (titles, list lines). */
  oneLine?: boolean;
}

/**
 * Characters that show nothing or change how the text around them shows: control characters,
 * format characters (zero-width spaces and joiners, bidi embeddings, overrides and isolates,
 * the byte order mark, soft hyphens, tag characters) and the fillers Discord renders blank.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\u115f\u1160\u2800\u3164\uffa0]/gu;
/** Zalgo text stacks combining marks; two per letter cover every real script. */
const STACKED_MARKS = /(\p{M}{2})\p{M}+/gu;
/** Any `scheme://`: Discord turns http(s) ones into links, and other schemes are no better. */
const URL_SCHEME = /\b([a-z][a-z0-9+.-]{0,30}):\/\//gi;
/**
 * Markdown Discord understands anywhere in a line: emphasis, code, spoilers, masked links and
 * their brackets, `<@id>` / `<#id>` / `<@&id>` / `<t:…>` / `<https://…>` syntax, `@everyone` /
 * `@here`, and the escape character itself. A backslash before any of them shows it literally.
 */
const INLINE_MARKDOWN = /[\\*_~`|[\]()<>@]/g;
/** Markdown that counts only at the start of a line: headings, `-#` subtext, quotes, lists. */
const LINE_START_MARKDOWN = /^( *)(?:([#>+-])|(\d+)\.)/gm;

function normalized(text: string, oneLine: boolean): string {
  const cleaned = text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/\t/g, ' ')
    .replace(INVISIBLE, (char) => (char === '\n' ? char : ''))
    .replace(/[^\S\n]/g, ' ')
    .replace(STACKED_MARKS, '$1');
  if (oneLine) return cleaned.replace(/\s+/g, ' ').trim();
  return cleaned
    .replace(/ +\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/**
 * `text` as Discord will show it literally in markdown (embed descriptions, titles, field values,
 * message content): invisible, control and bidi characters removed, every markdown character
 * escaped so nothing becomes bold, a code block, a masked link, a quote or a heading, mention
 * syntax shown as typed, and `scheme://` broken to `scheme[:]//` so no address becomes a link.
 */
export function inertText(text: string, options: InertTextOptions = {}): string {
  return normalized(text, options.oneLine ?? false)
    .replace(URL_SCHEME, '$1[:]//')
    .replace(INLINE_MARKDOWN, '\\$&')
    .replace(LINE_START_MARKDOWN, (_match, indent: string, mark: string | undefined, number: string | undefined) =>
      mark !== undefined ? `${indent}\\${mark}` : `${indent}${number ?? ''}\\.`,
    );
}

/**
 * `text` for places Discord shows without markdown (footers, autocomplete choices, button
 * labels): on one line, without invisible, control or bidi characters, and with no address.
 */
export function visibleText(text: string): string {
  return normalized(text, true).replace(URL_SCHEME, '$1[:]//');
}
