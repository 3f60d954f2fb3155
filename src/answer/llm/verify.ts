import type { NumberedSource } from './prompt';
import { maskAddresses, unaskedDirective } from './directives';
import { contentWords, hasWord, sentences } from './words';

/**
 * A cited sentence survives when at least this share of its content words (stemmed, stopwords
 * removed) occur in the sources it cites (their text, outlet and title). 0.5 lets a model
 * paraphrase and join facts ("Variety says the show returns in March") while catching claims the
 * sources never make, and instructions that leaked from an article and got a citation stuck on.
 */
export const SUPPORT_THRESHOLD = 0.5;

/** A cited "HACKED [3]" or "Yes [1]" proves nothing even when the word is in the source. */
export const MIN_CLAIM_WORDS = 2;

export interface DroppedSentence {
  sentence: string;
  reason: string;
}

export interface Verification {
  /** Surviving text with markers renumbered 1..k in order of first appearance. */
  text: string;
  /** `cited[k - 1]` is the source that `[k]` in `text` names. */
  cited: NumberedSource[];
  /** `claims[k - 1]`: the sentences (markers removed) that cite `[k]`, for choosing its quote. */
  claims: string[][];
  /** True when nothing is cited and the model said the sources do not hold the answer. */
  abstained: boolean;
  /** Cited sentences that survived. */
  supported: number;
  dropped: DroppedSentence[];
  /** Markers naming no given source, e.g. [7] with three sources. */
  unknownMarkers: number[];
}

const markerPattern = /\[\s*(\d+(?:\s*[,;]\s*\d+)*)\s*\]/g;
const onlyMarkers = /^(?:\s*\[\s*\d+(?:\s*[,;]\s*\d+)*\s*\])+\s*[.!?]?\s*$/;
const abstainPattern =
  /\b(?:indexed\s+)?(?:articles?|sources?)\s+(?:provided\s+|given\s+)?(?:don['’]t|do\s+not|doesn['’]t|does\s+not|did\s+not|didn['’]t)\s+(?:say|mention|contain|cover|state|include|report|specify|address|answer)\b|\bno\s+(?:information|mention|details?)\s+(?:about|on|of|regarding)\b/i;

export function isAbstention(sentence: string): boolean {
  return abstainPattern.test(sentence);
}

interface ParsedSentence {
  claim: string;
  markers: number[];
}

/**
 * Keeps the sentences of `reply` that its cited sources support, and none that holds a web
 * address, a mention or an instruction to the reader the `question` did not ask for.
 */
export function verifyAnswer(reply: string, sources: NumberedSource[], question: string): Verification {
  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const vocabularies = new Map(
    sources.map((s) => [
      s.n,
      new Set(contentWords(`${s.passage.text} ${s.passage.article.outlet} ${s.passage.article.title}`)),
    ]),
  );
  const dropped: DroppedSentence[] = [];
  const unknownMarkers: number[] = [];
  const kept: Array<{ claim: string; markers: number[] }> = [];
  let abstainSentences = 0;

  for (const { claim, markers } of parseSentences(maskAddresses(reply))) {
    const given = markers.filter((n) => byNumber.has(n));
    for (const n of markers) if (!byNumber.has(n) && !unknownMarkers.includes(n)) unknownMarkers.push(n);
    const words = contentWords(claim);
    const directive = unaskedDirective(claim, question);
    if (directive !== null) {
      dropped.push({ sentence: claim, reason: directive });
      continue;
    }

    if (given.length === 0) {
      if (isAbstention(claim)) {
        kept.push({ claim, markers: [] });
        abstainSentences++;
      } else if (words.length > 0) {
        const unknown =
          markers.length > 0 ? ` (it cites ${markers.map((n) => `[${n}]`).join('')}, which no given source has)` : '';
        dropped.push({ sentence: claim, reason: `no valid citation${unknown}` });
      }
      continue;
    }
    if (words.length < MIN_CLAIM_WORDS) {
      if (words.length > 0) dropped.push({ sentence: claim, reason: 'too short to be a claim a source can support' });
      continue;
    }

    const vocabulary = new Set(given.flatMap((n) => [...(vocabularies.get(n) ?? [])]));
    const found = words.filter((w) => hasWord(vocabulary, w)).length;
    const share = found / words.length;
    if (share < SUPPORT_THRESHOLD) {
      dropped.push({
        sentence: claim,
        reason: `only ${Math.round(share * 100)}% of its words appear in ${given.map((n) => `[${n}]`).join('')} (needs ${SUPPORT_THRESHOLD * 100}%)`,
      });
      continue;
    }
    // A marker whose source shares no word with the claim is a stray; keep the ones that support it.
    const relevant = given.filter((n) => words.some((w) => hasWord(vocabularies.get(n) ?? new Set(), w)));
    kept.push({ claim, markers: relevant.length > 0 ? relevant : given });
  }

  const supported = kept.filter((k) => k.markers.length > 0).length;
  const renumber = new Map<number, number>();
  const cited: NumberedSource[] = [];
  const claims: string[][] = [];
  const parts: string[] = [];
  for (const { claim, markers } of kept) {
    const newNumbers = markers.map((n) => {
      let k = renumber.get(n);
      if (k === undefined) {
        k = renumber.size + 1;
        renumber.set(n, k);
        const source = byNumber.get(n);
        if (source) cited.push(source);
        claims.push([]);
      }
      claims[k - 1]?.push(claim);
      return k;
    });
    parts.push(withMarkers(claim, [...new Set(newNumbers)]));
  }

  return {
    text: parts.join(' '),
    cited,
    claims,
    abstained: supported === 0 && abstainSentences > 0,
    supported,
    dropped,
    unknownMarkers,
  };
}

/** Splits a reply into sentences with their citation numbers; a run of bare markers belongs to the sentence before it. */
function parseSentences(reply: string): ParsedSentence[] {
  const parsed: ParsedSentence[] = [];
  for (const sentence of sentences(reply)) {
    const markers = [...sentence.matchAll(markerPattern)].flatMap((m) =>
      (m[1] ?? '').split(/[,;]/).map((d) => Number.parseInt(d.trim(), 10)),
    );
    const previous = parsed.at(-1);
    if (onlyMarkers.test(sentence) && previous) {
      previous.markers.push(...markers);
      continue;
    }
    const claim = sentence
      .replace(markerPattern, ' ')
      .replace(/\s+([.,;:!?])/g, '$1')
      .replace(/\s{2,}/g, ' ')
      .trim();
    parsed.push({ claim, markers });
  }
  return parsed;
}

/** Puts `[k]` markers before the sentence's closing punctuation. */
function withMarkers(claim: string, numbers: number[]): string {
  if (numbers.length === 0) return claim;
  const markers = numbers.map((k) => `[${k}]`).join('');
  const ending = /([.!?…]+["'”’)]*)$/.exec(claim);
  if (!ending) return `${claim} ${markers}`;
  return `${claim.slice(0, ending.index).trimEnd()} ${markers}${ending[1]}`;
}
