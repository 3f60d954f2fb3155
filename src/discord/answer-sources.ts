import type { Answer, Citation } from '../answer/types';
import { splitSentences } from '../text/sentences';

/** One article the answer cites, however many of its sentences it quotes. */
export interface MergedSource extends Omit<Citation, 'quote'> {
  /** Number shown in the message: order of first use in the answer text. */
  n: number;
  /** Distinct supporting quotes from this article, in the order the answer uses them. */
  quotes: string[];
}

export interface NumberedAnswer {
  /** The answer text with its markers renumbered to `sources`, repeated markers collapsed. */
  text: string;
  sources: MergedSource[];
  /** The most distinct outlets any one sentence cites (1 when no claim is corroborated). */
  corroboratingOutlets: number;
}

const MARKER = /\[(\d+)\]/g;

/**
 * Merges citations of the same article into one source, numbered in the order the answer first
 * uses them, and rewrites the answer's `[n]` markers to match. Citations the text never names
 * come last, so nothing the engine cited is lost.
 */
export function numberSources(answer: Answer): NumberedAnswer {
  const byNumber = new Map(answer.citations.map((c) => [c.n, c]));
  const sources: MergedSource[] = [];
  const byArticle = new Map<string, MergedSource>();
  const renumber = new Map<number, number>();

  const take = (citation: Citation): number => {
    const known = renumber.get(citation.n);
    if (known !== undefined) return known;
    const key = citation.file || citation.url || `${citation.outlet}\u0000${citation.title}`;
    let source = byArticle.get(key);
    if (!source) {
      source = { ...citation, n: sources.length + 1, quotes: [] };
      delete (source as Partial<Citation>).quote;
      sources.push(source);
      byArticle.set(key, source);
    }
    const quote = citation.quote.trim();
    if (quote && !source.quotes.includes(quote)) source.quotes.push(quote);
    renumber.set(citation.n, source.n);
    return source.n;
  };

  for (const match of answer.answer.matchAll(MARKER)) {
    const citation = byNumber.get(Number(match[1]));
    if (citation) take(citation);
  }
  for (const citation of answer.citations) take(citation);

  const text = answer.answer
    .replace(MARKER, (whole, n: string) => {
      const to = renumber.get(Number(n));
      return to === undefined ? whole : `[${to}]`;
    })
    .replace(/((?:\[\d+\])+)/g, (run: string) => [...new Set(run.match(MARKER) ?? [])].join(''));

  return { text, sources, corroboratingOutlets: mostOutletsPerSentence(text, sources) };
}

function mostOutletsPerSentence(text: string, sources: MergedSource[]): number {
  let most = 0;
  for (const run of text.match(/(?:\[\d+\])+/g) ?? []) {
    const outlets = new Set(
      [...run.matchAll(MARKER)].map((m) => sources[Number(m[1]) - 1]?.outlet).filter((o) => o !== undefined),
    );
    most = Math.max(most, outlets.size);
  }
  return most;
}

/** The short answer the engine gave, or else the answer's first sentence, without markers. */
export function shortAnswer(text: string, short?: string | null): string {
  const given = short?.trim();
  if (given) return given;
  const plain = text
    .replace(/\s*(?:\[\d+\])+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return splitSentences(plain)[0]?.text ?? plain;
}
