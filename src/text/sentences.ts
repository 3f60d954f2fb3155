import sbd from 'sbd';
import { escapeRegExp } from './regexp';

export interface Sentence {
  text: string;
  /** Offsets into the text that was split. */
  start: number;
  end: number;
}

/**
 * Made on first use: only pieces sbd garbles need it, and making it loads ICU's sentence rules,
 * 10-25 ms a process start would otherwise pay before its first answer (2026-12-06, under load).
 */
let segmenter: Intl.Segmenter | undefined;

/**
 * Sentences of `text` with their offsets, trimmed of surrounding white space. Line ends always
 * end a sentence, so a headline or caption line never fuses with the paragraph after it.
 *
 * sbd knows abbreviations ("Mr.", "U.S.", "Jan.") and is five times faster than ICU's
 * Intl.Segmenter here (0.55 s against 2.8 s for 1,000 corpus articles, 2026-11-22); it returns
 * strings, so each is located in the text. After an abbreviation-like word at a line's end ("No.",
 * "S.") sbd joins the next line on with a space (21 of 4,757 news articles); such a piece is found
 * with any white space where it has a space, and cut at its line ends. Where sbd splits inside an
 * abbreviation next to a quotation mark it drops characters ("non-U.S.citizens,\"" comes back as
 * "non-U" and "S.citizens,"), so the piece is nowhere in the text: the text up to the next piece
 * found is split by Intl.Segmenter, line by line. Segmenting those 6 articles' whole texts
 * instead (up to 100,000 characters) took 0.7 s and 820 MB of garbage of a 4,757-article build
 * (2026-12-01).
 */
export function splitSentences(text: string, offset = 0): Sentence[] {
  const sentences: Sentence[] = [];
  let cursor = 0;
  for (const piece of sbd.sentences(text, { newline_boundaries: true, preserve_whitespace: true })) {
    const trimmed = piece.trim();
    if (trimmed.length === 0) continue;
    const at = text.indexOf(trimmed, cursor);
    const span = at !== -1 ? { start: at, end: at + trimmed.length } : findWithAnySpace(text, trimmed, cursor);
    // Not found: its text is split with whatever lies before the next piece found.
    if (span === null) continue;
    if (text.slice(cursor, span.start).trim() !== '') sentences.push(...segmentLines(text, cursor, span.start, offset));
    if (at !== -1) sentences.push({ text: trimmed, start: offset + at, end: offset + at + trimmed.length });
    else sentences.push(...linesOf(text, span.start, span.end, offset));
    cursor = span.end;
  }
  if (text.slice(cursor).trim() !== '') sentences.push(...segmentLines(text, cursor, text.length, offset));
  return sentences;
}

/** `piece` in `text` from `from` on, any white space matching its spaces. */
function findWithAnySpace(text: string, piece: string, from: number): { start: number; end: number } | null {
  const pattern = new RegExp(piece.split(/\s+/).map(escapeRegExp).join('\\s+'), 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match === null ? null : { start: match.index, end: match.index + match[0].length };
}

/** The lines of `text` between `start` and `end` as sentences: a line end always ends one. */
function linesOf(text: string, start: number, end: number, offset: number): Sentence[] {
  const sentences: Sentence[] = [];
  for (const line of text.slice(start, end).matchAll(/[^\n]+/g)) {
    const trimmed = line[0].trim();
    if (trimmed.length === 0) continue;
    const at = start + line.index + line[0].indexOf(trimmed);
    sentences.push({ text: trimmed, start: offset + at, end: offset + at + trimmed.length });
  }
  return sentences;
}

/** The sentences Intl.Segmenter finds in each line of `text` between `start` and `end`. */
function segmentLines(text: string, start: number, end: number, offset: number): Sentence[] {
  const sentences: Sentence[] = [];
  for (const line of text.slice(start, end).matchAll(/[^\n]+/g)) {
    segmenter ??= new Intl.Segmenter('en', { granularity: 'sentence' });
    for (const { segment, index } of segmenter.segment(line[0])) {
      const trimmed = segment.trim();
      if (trimmed.length === 0) continue;
      const at = start + line.index + index + segment.indexOf(trimmed);
      sentences.push({ text: trimmed, start: offset + at, end: offset + at + trimmed.length });
    }
  }
  return sentences;
}

/**
 * `splitSentences(text, offset)` as flat start and end offsets ([start0, end0, start1, end1, …]):
 * what an index stores for each chunk at build time, so answering need not split it again (sbd
 * was ~1.2 ms of each question's ~20 ms of CPU, 2026-12-07).
 */
export function sentenceBounds(
  text: string,
  offset = 0,
  allocate: (length: number) => Uint32Array = (length) => new Uint32Array(length),
): Uint32Array {
  const sentences = splitSentences(text, offset);
  const bounds = allocate(sentences.length * 2);
  sentences.forEach((sentence, i) => {
    bounds[2 * i] = sentence.start;
    bounds[2 * i + 1] = sentence.end;
  });
  return bounds;
}

/**
 * An allocator for `sentenceBounds` that hands out views of shared blocks. A build holds every
 * chunk's offsets until it saves them: one typed array each costs about 250 bytes beyond its values,
 * which for 200,000 chunks took a full corpus build's peak RSS from 967 to 1,032 MB (2026-12-07).
 */
export function boundsPool(blockLength = 1 << 16): (length: number) => Uint32Array {
  let block = new Uint32Array(blockLength);
  let used = 0;
  return (length) => {
    if (used + length > block.length) {
      block = new Uint32Array(Math.max(blockLength, length));
      used = 0;
    }
    used += length;
    return block.subarray(used - length, used);
  };
}

/**
 * The sentences `bounds` mark in `text`, where `bounds` came from `sentenceBounds(text, offset)`:
 * the very list `splitSentences(text, offset)` gives (every sentence is a slice of the text).
 */
export function sentencesAt(text: string, offset: number, bounds: Uint32Array): Sentence[] {
  const sentences = new Array<Sentence>(bounds.length / 2);
  for (let i = 0; i < bounds.length; i += 2) {
    const start = bounds[i]!;
    const end = bounds[i + 1]!;
    sentences[i / 2] = { text: text.slice(start - offset, end - offset), start, end };
  }
  return sentences;
}
