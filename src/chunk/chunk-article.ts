import type { Chunk } from './types';
import { splitSentences, type Sentence } from '../text/sentences';
import { countWords } from '../text/terms';

export interface ChunkOptions {
  /** A chunk closes once it holds this many words... */
  targetWords: number;
  /** ...and never grows past this many (a longer single sentence is cut at word boundaries). */
  maxWords: number;
  /** A trailing chunk shorter than this is merged into the one before it. */
  minWords: number;
}

// 150 words keeps a chunk to a few facts for precise retrieval, while news articles of ~1,000
// words still make few enough chunks to embed quickly (about 11 per corpus article).
export const defaultChunkOptions: ChunkOptions = { targetWords: 150, maxWords: 200, minWords: 60 };

interface Span {
  start: number;
  end: number;
  words: number;
}

/**
 * Cuts an article's text into sentence-aligned chunks of roughly 60 to 200 words, each starting
 * with the last sentence of the one before, so a fact that spans a boundary stays retrievable.
 * Chunks hold offsets only: their text is `text.slice(start, end)`.
 */
export function chunkArticle(
  article: { id: string; text: string },
  options: ChunkOptions = defaultChunkOptions,
): Chunk[] {
  const spans = sentenceSpans(article.text, options.maxWords);
  if (spans.length === 0) return [];

  const ranges: { first: number; last: number; words: number }[] = [];
  let first = 0;
  while (first < spans.length) {
    let last = first;
    let words = spans[first]!.words;
    while (
      last + 1 < spans.length &&
      words < options.targetWords &&
      words + spans[last + 1]!.words <= options.maxWords
    ) {
      last += 1;
      words += spans[last]!.words;
    }
    ranges.push({ first, last, words });
    if (last + 1 >= spans.length) break;
    // One sentence of overlap, unless the chunk is that one sentence (then overlap would loop forever).
    first = last > first ? last : last + 1;
  }

  const tail = ranges.at(-1)!;
  const beforeTail = ranges.at(-2);
  if (beforeTail && tail.words < options.minWords) {
    const overlapWords = beforeTail.last === tail.first ? spans[tail.first]!.words : 0;
    if (beforeTail.words + tail.words - overlapWords <= options.maxWords) {
      beforeTail.last = tail.last;
      beforeTail.words += tail.words - overlapWords;
      ranges.pop();
    }
  }

  return ranges.map((range, index) => ({
    id: `${article.id}#${index}`,
    articleId: article.id,
    index,
    start: spans[range.first]!.start,
    end: spans[range.last]!.end,
  }));
}

/** Sentences as spans, with any sentence longer than `maxWords` cut into word-bounded pieces. */
function sentenceSpans(text: string, maxWords: number): Span[] {
  const spans: Span[] = [];
  for (const sentence of splitSentences(text)) {
    const words = countWords(sentence.text);
    if (words <= maxWords) spans.push({ start: sentence.start, end: sentence.end, words });
    else spans.push(...cutLongSentence(sentence, maxWords));
  }
  return spans;
}

function cutLongSentence(sentence: Sentence, maxWords: number): Span[] {
  const pieces: Span[] = [];
  const wordMatches = [...sentence.text.matchAll(/\S+/g)];
  for (let i = 0; i < wordMatches.length; i += maxWords) {
    const firstWord = wordMatches[i]!;
    const lastWord = wordMatches[Math.min(i + maxWords, wordMatches.length) - 1]!;
    pieces.push({
      start: sentence.start + firstWord.index,
      end: sentence.start + lastWord.index + lastWord[0].length,
      words: Math.min(maxWords, wordMatches.length - i),
    });
  }
  return pieces;
}
