import { stripVTControlCharacters } from 'node:util';

/**
 * Text members and articles wrote (questions, comments, answers, titles, outlets, quotes) printed
 * by the CLI must be inert in the operator's terminal: no escape sequence may clear the screen,
 * recolour, retitle the window or plant a clickable OSC 8 link, and no invisible character may
 * hide or reorder what the operator reads. Escape sequences go whole through Node's own
 * `stripVTControlCharacters` (the ansi-regex pattern, so `ESC[2J` leaves nothing rather than
 * `[2J`); what is left of the table below goes character by character.
 */
export interface TerminalCharacterRule {
  name: string;
  /** One character class; every match is removed. */
  pattern: RegExp;
  /** Hostile text with its inert form, checked row by row in test/terminal-text.test.ts. */
  example: { raw: string; printed: string };
}

export const TERMINAL_CHARACTER_RULES: readonly TerminalCharacterRule[] = [
  {
    // Newline stays: the formatters put text on one line themselves where they need to.
    name: 'C0 controls and DEL (ESC, BEL, backspace, carriage return, ...), except line feed and tab',
    // Written as "control, but not line feed, tab or C1" (the next row).
    pattern: /[^\P{Cc}\n\t\u0080-\u009f]/gu,
    example: { raw: 'fake\rreal\u0008\u0007', printed: 'fakereal' },
  },
  {
    // U+009B is CSI on its own and U+009D OSC: a terminal in 8-bit mode acts on them.
    name: 'C1 controls (U+0080-U+009F)',
    pattern: /[\u0080-\u009f]/gu,
    example: { raw: 'x\u009b2Jy\u009d8;;', printed: 'xy8;;' },
  },
  {
    name: 'bidi embeddings, overrides, isolates and marks',
    pattern: /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu,
    example: { raw: 'paid \u202eevil.exe\u202c', printed: 'paid evil.exe' },
  },
  {
    name: 'zero-width spaces, joiners, word joiner, invisible operators, byte order mark, soft hyphen',
    pattern: /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]/gu,
    example: { raw: 'ad\u200bmin\u2060\ufeff\u00ad', printed: 'admin' },
  },
  {
    // Unicode "format" characters not named above (tags, interlinear annotation, ...): none belongs in a report.
    name: 'every other format character (Unicode category Cf)',
    pattern: /\p{Cf}/gu,
    example: { raw: 'flag\u{e0067}\u{e0062}\ufff9x', printed: 'flagx' },
  },
];

/** `text` safe to print: escape sequences and the characters in TERMINAL_CHARACTER_RULES removed. */
export function terminalText(text: string): string {
  return TERMINAL_CHARACTER_RULES.reduce(
    (cleaned, rule) => cleaned.replace(rule.pattern, ''),
    stripVTControlCharacters(text),
  );
}

/**
 * JSON for the terminal or a pipe: lossless (a script still gets every character back) but inert,
 * because C1 and format characters, which JSON.stringify leaves raw, are written as `\uXXXX` too.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\p{Cf}]/gu,
    // By UTF-16 code unit, so a character beyond U+FFFF (a tag) becomes its surrogate pair, as JSON spells it.
    (char) =>
      [...Array(char.length).keys()].map((i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''),
  );
}
