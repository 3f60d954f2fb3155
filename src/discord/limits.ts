import type { APIEmbed } from 'discord.js';

/** Discord's message and embed limits (characters, counts). */
export const LIMITS = {
  content: 2_000,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  /** Across every embed of one message. */
  embedTotal: 6_000,
  embedsPerMessage: 10,
  customId: 100,
  choiceName: 100,
  choiceValue: 100,
  choices: 25,
} as const;

const ELLIPSIS = '…';

/** Shortens text to at most `max` characters, cutting at a line or word boundary and adding "…". */
export function trimText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return ELLIPSIS.slice(0, max);
  const room = text.slice(0, max - 1);
  const boundary = Math.max(room.lastIndexOf('\n'), room.lastIndexOf(' '));
  // A boundary far back would throw away most of the room; cut mid-word then.
  const cut = boundary >= max * 0.6 ? room.slice(0, boundary) : room;
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/** Splits text into pieces of at most `max` characters, preferring paragraph, line, then word breaks. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const room = rest.slice(0, max + 1);
    const at = [room.lastIndexOf('\n\n'), room.lastIndexOf('\n'), room.lastIndexOf(' ')].find((i) => i >= max * 0.5);
    const cut = at ?? max;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/** Characters Discord counts towards the 6,000 per-message total. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

export function totalEmbedLength(embeds: APIEmbed[]): number {
  return embeds.reduce((sum, e) => sum + embedLength(e), 0);
}

/**
 * A citation's article URL made safe inside `[text](url)`, or null when it is not an http(s)
 * address. WHATWG parsing percent-encodes spaces, invisible and bidi characters and turns an
 * international host name into its punycode form, so the link goes where it reads.
 */
export function linkableUrl(url: string | null): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/</g, '%3C').replace(/>/g, '%3E');
}
