import { open, readFile } from 'node:fs/promises';
import { contentTerms, termOf, words } from '../text/terms';

export interface LexicalDocument {
  label: number;
  title: string;
  text: string;
}

export interface LexicalHit {
  label: number;
  score: number;
}

/** BM25 over chunk text and article title, plus the document frequencies answer composition needs. */
export interface LexicalIndex {
  add(documents: LexicalDocument[]): void;
  /** Needs the documents exactly as they were added: document frequencies are updated term by term. */
  remove(documents: LexicalDocument[]): void;
  /** The `limit` best chunks; with `accept`, only chunks it accepts are counted (e.g. articles up to a date). */
  search(query: string, limit: number, accept?: (label: number) => boolean): LexicalHit[];
  /**
   * BM25 of each group of chunks (the chunks of one article) as if the group were one document: a
   * term's counts and the lengths summed over its chunks, the terms weighted by their chunk idf.
   * `averageLength` is the mean length of a group in the whole index. The groups share no chunk (an
   * article's chunks are its own). Reads only the given chunks'
   * postings, so the cost grows with the groups asked about, not with the index.
   */
  scoreGroups(query: string, groups: readonly (readonly number[])[], averageLength: number): number[];
  /** A chunk's length in terms; 0 for a removed or unknown label. */
  documentLength(label: number): number;
  /** How many chunks hold the stemmed term. */
  documentFrequency(term: string): number;
  documentCount(): number;
  save(file: string): Promise<void>;
}

/*
 * Why not a library: MiniSearch served well up to about 70,000 chunks, but its JSON form of the
 * full news corpus (280,000 chunks) ran Node out of heap in JSON.parse (bench, 2026-11-22). This
 * index keeps postings in typed arrays (6 bytes per term occurrence per chunk) and saves them as
 * one binary file that loads as views, without parsing.
 */

/** BM25's tuning values (the index stage's). Figures: news-quiz development set, lexical. */
export const bm25Defaults = {
  // k1/b at 0.9/0.4, 1.5/0.75, 1.2/0.5 and 2.0/0.9 gave Hits@1 0.647–0.659 against 0.667 here.
  k1: 1.2,
  b: 0.75,
  /**
   * Length normalisation for whole articles (`scoreGroups`): chunks are 60 to 200 words by
   * construction, articles 100 to 10,000, and full normalisation (b = 0.75) let a long report's
   * length outweigh its many mentions. 0.4 ranked the gold article better than 0.75 or 0.9
   * (Hits@1 0.670 against 0.663 and 0.658).
   */
  groupB: 0.4,
} as const satisfies Record<string, number>;

const { k1, b, groupB } = bm25Defaults;
const formatTag = 'bm25-v1';
/** Words whose term ids an index remembers while adding: news repeats its words (about 100,000 distinct in 4,757 articles). */
const wordTermIdLimit = 300_000;

interface Postings {
  labels: Uint32Array;
  freqs: Uint16Array;
  length: number;
  /**
   * Whether the labels ascend, so a chunk's count can be found by binary search. Chunks are added
   * in label order, so they do; a loaded index's are checked on first use (undefined until then).
   */
  ascending?: boolean;
}

interface State {
  termIds: Map<string, number>;
  terms: string[];
  /** By term id; a loaded index's are made from `stored` as their terms are first used (see `postingsOf`). */
  postings: (Postings | undefined)[];
  /** A loaded index's postings as read from its file: term id → [offsets[id], offsets[id + 1]) in labels and freqs. */
  stored?: { offsets: Uint32Array; labels: Uint32Array; freqs: Uint16Array };
  /**
   * Chunks added to a stored term before its postings were first used: they wait here, apart from
   * the file's, until a search needs the term (`postingsOf` joins them) or a save writes both parts
   * one after the other. Appending straight onto the file's postings copied them (doubled in
   * size) for every term a new chunk holds: most of the index's postings in an incremental build,
   * 0.6 s of copying and as much again of garbage collection at 20,000 articles (2026-12-07).
   */
  pending: (Postings | undefined)[];
  /** Live chunks holding each term. */
  frequencies: Uint32Array;
  /** Length in terms of each live chunk, by label; 0 marks a removed or unknown label. */
  lengths: Float32Array;
  documents: number;
  totalLength: number;
}

export function createLexicalIndex(): LexicalIndex {
  return wrap({
    termIds: new Map(),
    terms: [],
    postings: [],
    pending: [],
    frequencies: new Uint32Array(1024),
    lengths: new Float32Array(1024),
    documents: 0,
    totalLength: 0,
  });
}

/**
 * The terms of the title last counted. A build adds an article's chunks one after another, each
 * with the article's title, so the title is split and stemmed once an article instead of once a
 * chunk (no word spans the line between title and text, so the counts are the same).
 */
let lastTitle: string | null = null;
let lastTitleTerms: string[] = [];
function titleTerms(title: string): string[] {
  if (title !== lastTitle) {
    lastTitle = title;
    lastTitleTerms = contentTerms(title);
  }
  return lastTitleTerms;
}

function wrap(state: State): LexicalIndex {
  // Scratch space for scoring, reused across queries: one slot per label, and the labels scored so
  // far. A query's common terms touch a tenth of all chunks: as a growing array, the touched labels
  // were most of what a question allocated (1.9 of 9 MB at 20,000 articles, 2026-12-06).
  let scores = new Float32Array(state.lengths.length);
  let touched = new Uint32Array(1024);
  // Each chunk's BM25 length norm, k1 · (1 − b + b · length / average), for the average it was made
  // with; −1 for a removed chunk. Worked out once per version of the index rather than once per
  // posting of every query, with the same arithmetic, so the scores are the same to the bit.
  let norms: { average: number; byLabel: Float64Array } | null = null;
  const normsFor = (average: number): Float64Array => {
    if (norms === null || norms.average !== average || norms.byLabel.length !== state.lengths.length) {
      const byLabel = new Float64Array(state.lengths.length);
      for (let label = 0; label < byLabel.length; label++) {
        const documentLength = state.lengths[label]!;
        byLabel[label] = documentLength === 0 ? -1 : k1 * (1 - b + (b * documentLength) / average);
      }
      norms = { average, byLabel };
    }
    return norms.byLabel;
  };
  // Which asked-about group (article) each live label belongs to while scoring groups; -1 for none.
  let groupOf = new Int32Array(0);

  const termId = (term: string): number => {
    let id = state.termIds.get(term);
    if (id === undefined) {
      id = state.terms.length;
      state.termIds.set(term, id);
      state.terms.push(term);
      state.postings.push({ labels: new Uint32Array(2), freqs: new Uint16Array(2), length: 0, ascending: true });
      if (id >= state.frequencies.length) state.frequencies = grown(state.frequencies, id + 1);
    }
    return id;
  };

  // Adding counts a chunk's terms by id in a reused array, and remembers each word's term id:
  // a map of terms per chunk and a term lookup per word were a third of BM25's build time.
  let scratchCounts = new Uint32Array(1024);
  const wordTermIds = new Map<string, number>();
  const termIdOfWord = (word: string): number => {
    let id = wordTermIds.get(word);
    if (id === undefined) {
      const term = termOf(word);
      id = term === null ? -1 : termId(term);
      if (wordTermIds.size >= wordTermIdLimit) wordTermIds.clear();
      wordTermIds.set(word, id);
    }
    return id;
  };
  /** Counts the document's terms into `scratchCounts`; returns the ids counted, each once. */
  const countTerms = (document: LexicalDocument): number[] => {
    const counted: number[] = [];
    const count = (id: number) => {
      if (id >= scratchCounts.length) scratchCounts = grown(scratchCounts, id + 1);
      const before = scratchCounts[id]!;
      scratchCounts[id] = before + 1;
      if (before === 0) counted.push(id);
    };
    for (const term of titleTerms(document.title)) count(termId(term));
    for (const word of words(document.text)) {
      const id = termIdOfWord(word);
      if (id >= 0) count(id);
    }
    return counted;
  };

  /** The query's terms that some live chunk holds, with their ids and BM25 idf. */
  const indexedTerms = (query: string): { id: number; idf: number }[] => {
    const found: { id: number; idf: number }[] = [];
    for (const term of queryTerms(query)) {
      const id = state.termIds.get(term);
      const df = id === undefined ? 0 : state.frequencies[id]!;
      if (id === undefined || df === 0) continue;
      found.push({ id, idf: Math.log(1 + (state.documents - df + 0.5) / (df + 0.5)) });
    }
    return found;
  };

  return {
    add(documents) {
      norms = null;
      for (const document of documents) {
        if (document.label < state.lengths.length && state.lengths[document.label]! > 0) {
          throw new Error(`chunk label ${document.label} is already in the lexical index`);
        }
        const counted = countTerms(document);
        let length = 0;
        for (const id of counted) {
          const count = scratchCounts[id]!;
          scratchCounts[id] = 0;
          append(appendTarget(state, id), document.label, count);
          state.frequencies[id]! += 1;
          length += count;
        }
        if (document.label >= state.lengths.length) state.lengths = grown(state.lengths, document.label + 1);
        // A chunk of stop words only still exists: length 1 keeps it distinct from "removed".
        state.lengths[document.label] = Math.max(1, length);
        state.documents += 1;
        state.totalLength += Math.max(1, length);
      }
    },
    remove(documents) {
      norms = null;
      for (const document of documents) {
        const length = state.lengths[document.label] ?? 0;
        if (length === 0) continue;
        // A live label was added with this very document, so each of its terms has an id already.
        for (const id of countTerms(document)) {
          scratchCounts[id] = 0;
          state.frequencies[id]! -= 1;
        }
        // Its postings stay until the next save, where removed labels are dropped.
        state.lengths[document.label] = 0;
        state.documents -= 1;
        state.totalLength -= length;
      }
    },
    search(query, limit, accept) {
      if (state.documents === 0) return [];
      if (scores.length < state.lengths.length) scores = new Float32Array(state.lengths.length);
      const norm = normsFor(state.totalLength / state.documents);
      let count = 0;
      for (const { id, idf } of indexedTerms(query)) {
        const { labels, freqs, length } = postingsOf(state, id);
        if (touched.length < count + length) touched = grown(touched, count + length);
        for (let i = 0; i < length; i++) {
          const label = labels[i]!;
          const lengthNorm = norm[label]!;
          if (lengthNorm < 0) continue;
          const tf = freqs[i]!;
          if (scores[label] === 0) touched[count++] = label;
          scores[label]! += (idf * tf * (k1 + 1)) / (tf + lengthNorm);
        }
      }
      const best = topScores(touched, count, scores, limit, accept);
      for (let i = 0; i < count; i++) scores[touched[i]!] = 0;
      return best;
    },
    scoreGroups(query, groups, averageLength) {
      const scores = groups.map(() => 0);
      if (state.documents === 0 || averageLength <= 0) return scores;
      const lengths = groups.map((labels) => labels.reduce((sum, label) => sum + (state.lengths[label] ?? 0), 0));
      const norms = lengths.map((length) => 1 - groupB + (groupB * length) / averageLength);
      if (groupOf.length < state.lengths.length) groupOf = new Int32Array(state.lengths.length).fill(-1);
      let liveLabels = 0;
      groups.forEach((labels, g) => {
        for (const label of labels) {
          if ((state.lengths[label] ?? 0) === 0) continue;
          if (groupOf[label] !== -1) {
            groupOf.fill(-1);
            throw new Error(`chunk ${label} is in two groups: scoreGroups scores disjoint groups`);
          }
          groupOf[label] = g;
          liveLabels += 1;
        }
      });
      const counts = new Float64Array(groups.length);
      for (const { id, idf } of indexedTerms(query)) {
        counts.fill(0);
        countGroupTerms(postingsOf(state, id), groups, liveLabels, counts, groupOf);
        for (let g = 0; g < groups.length; g++) {
          const tf = counts[g]!;
          if (tf > 0) scores[g]! += (idf * tf * (k1 + 1)) / (tf + k1 * norms[g]!);
        }
      }
      for (const labels of groups) for (const label of labels) groupOf[label] = -1;
      return scores;
    },
    documentLength: (label) => state.lengths[label] ?? 0,
    documentFrequency: (term) => {
      const id = state.termIds.get(term);
      return id === undefined ? 0 : state.frequencies[id]!;
    },
    documentCount: () => state.documents,
    save: (file) => writeSections(file, serialize(state)),
  };
}

/** The query's distinct stemmed terms: BM25 counts a term once however often the query says it. */
function queryTerms(query: string): Set<string> {
  return new Set(
    words(query)
      .map(termOf)
      .filter((t): t is string => t !== null),
  );
}

/**
 * Adds a term's count in each group's live chunks to `counts`. A term's postings are walked through
 * `groupOf` when that is cheaper than a binary search for each of the groups' chunks, as it is for all
 * but the commonest terms: a hundred candidate articles hold a few thousand chunks, each searched for
 * in every query term's postings.
 */
function countGroupTerms(
  postings: Postings,
  groups: readonly (readonly number[])[],
  liveLabels: number,
  counts: Float64Array,
  groupOf: Int32Array,
): void {
  const { labels, freqs, length } = postings;
  if (length <= liveLabels * Math.log2(length + 1)) {
    for (let i = 0; i < length; i++) {
      const g = groupOf[labels[i]!]!;
      if (g >= 0) counts[g]! += freqs[i]!;
    }
    return;
  }
  const countOf = termCounter(postings);
  groups.forEach((group, g) => {
    for (const label of group) if (groupOf[label] === g) counts[g]! += countOf(label);
  });
}

/** How often a term occurs in a chunk, by label: binary search in ascending postings, else a map of them. */
function termCounter(postings: Postings): (label: number) => number {
  const { labels, freqs, length } = postings;
  postings.ascending ??= ascends(labels, length);
  if (!postings.ascending) {
    const counts = new Map<number, number>();
    for (let i = 0; i < length; i++) counts.set(labels[i]!, freqs[i]!);
    return (label) => counts.get(label) ?? 0;
  }
  return (label) => {
    let low = 0;
    let high = length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (labels[middle]! < label) low = middle + 1;
      else high = middle;
    }
    return low < length && labels[low] === label ? freqs[low]! : 0;
  };
}

function ascends(labels: Uint32Array, length: number): boolean {
  for (let i = 1; i < length; i++) if (labels[i]! <= labels[i - 1]!) return false;
  return true;
}

/**
 * A term's postings. Those of a loaded index are views into its file, made on first use: making
 * all 145,000 of the full corpus's at load took a tenth of a second of every cold start. Chunks
 * added to the term meanwhile (`pending`) are joined to them then.
 */
function postingsOf(state: State, id: number): Postings {
  let postings = state.postings[id];
  if (postings === undefined) {
    const stored = storedPostings(state, id);
    const added = state.pending[id];
    postings = added ? joined(stored, added) : stored;
    state.pending[id] = undefined;
    state.postings[id] = postings;
  }
  return postings;
}

/** A stored term's postings as the file holds them: views into its bytes. */
function storedPostings(state: State, id: number): Postings {
  const { offsets, labels, freqs } = state.stored!;
  const start = offsets[id]!;
  const end = offsets[id + 1]!;
  return { labels: labels.subarray(start, end), freqs: freqs.subarray(start, end), length: end - start };
}

/** Where a chunk's count of the term goes: its postings once in use, else beside the stored ones. */
function appendTarget(state: State, id: number): Postings {
  return state.postings[id] ?? (state.pending[id] ??= emptyPostings());
}

function emptyPostings(): Postings {
  return { labels: new Uint32Array(2), freqs: new Uint16Array(2), length: 0, ascending: true };
}

/** One term's postings in one place: `first`'s entries, then `then`'s. */
function joined(first: Postings, then: Postings): Postings {
  const length = first.length + then.length;
  const labels = new Uint32Array(length);
  const freqs = new Uint16Array(length);
  labels.set(first.labels.subarray(0, first.length));
  labels.set(then.labels.subarray(0, then.length), first.length);
  freqs.set(first.freqs.subarray(0, first.length));
  freqs.set(then.freqs.subarray(0, then.length), first.length);
  return { labels, freqs, length };
}

/** A term's postings as saved: in one place once in use, else the file's and those added since (see `pending`). */
function termParts(state: State, id: number): Postings[] {
  const postings = state.postings[id];
  if (postings !== undefined) return [postings];
  const added = state.pending[id];
  return added ? [storedPostings(state, id), added] : [storedPostings(state, id)];
}

function append(postings: Postings, label: number, count: number): void {
  if (postings.length === postings.labels.length) {
    postings.labels = grown(postings.labels, Math.max(4, postings.length * 2));
    postings.freqs = grown(postings.freqs, Math.max(4, postings.length * 2));
  }
  if (postings.length > 0 && label <= postings.labels[postings.length - 1]!) postings.ascending = false;
  postings.labels[postings.length] = label;
  postings.freqs[postings.length] = Math.min(count, 0xffff);
  postings.length += 1;
}

function grown<T extends Uint32Array | Uint16Array | Float32Array>(array: T, atLeast: number): T {
  const next = new (array.constructor as new (length: number) => T)(Math.max(atLeast, array.length * 2));
  next.set(array);
  return next;
}

/** The `limit` best labels, best first, without sorting every touched chunk. */
function topScores(
  touched: Uint32Array,
  count: number,
  scores: Float32Array,
  limit: number,
  accept?: (label: number) => boolean,
): LexicalHit[] {
  const best: LexicalHit[] = [];
  for (let i = 0; i < count; i++) {
    const label = touched[i]!;
    const score = scores[label]!;
    if (best.length === limit && score <= best[best.length - 1]!.score) continue;
    // Asked only of chunks good enough to enter the list, so a filter costs little.
    if (accept !== undefined && !accept(label)) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.score < score) at -= 1;
    best.splice(at, 0, { label, score });
    if (best.length > limit) best.pop();
  }
  return best;
}

/*
 * File layout: a JSON header line, then the term list (one per line), then 4-byte aligned
 * sections: frequencies, posting offsets, posting labels (Uint32), chunk lengths (Float32),
 * posting counts (Uint16). Removed chunks' postings are left out.
 */
interface Header {
  format: string;
  terms: number;
  postings: number;
  labels: number;
  documents: number;
  totalLength: number;
  termBytes: number;
}

/** A section of the file: bytes at hand, or written piece by piece (`length` bytes in all). */
type Section = Buffer | { length: number; write: (emit: (bytes: Buffer) => Promise<void>) => Promise<void> };

/** Writes the sections one after another, each padded to 4 bytes, without joining them in memory first. */
async function writeSections(file: string, sections: Section[]): Promise<void> {
  const handle = await open(file, 'w');
  try {
    const emit = async (bytes: Buffer) => {
      await handle.write(bytes);
    };
    for (const section of sections) {
      if (Buffer.isBuffer(section)) await emit(section);
      else await section.write(emit);
      const pad = padding(section.length);
      if (pad > 0) await emit(Buffer.alloc(pad));
    }
  } finally {
    await handle.close();
  }
}

/**
 * The live postings of every term, one after another, as `bytesPerEntry`-byte entries: written
 * straight from the per-term arrays through one small buffer. Compacting them into one array
 * first held a second copy of all postings (about 100 MB for the full news corpus) at the
 * build's peak. A term none of whose chunks was removed (its entries in `offsets` are all of its
 * postings) is copied whole; entry by entry, with a bounds-checked `writeUInt32LE` each, the two sections
 * took 1.5 s of an incremental build at 20,000 articles (2026-12-07). The values go in as the
 * platform's typed arrays hold them, which is how `loadLexicalIndex` reads them back.
 */
function postingsSection(state: State, offsets: Uint32Array, field: 'labels' | 'freqs'): Section {
  const bytesPerEntry = field === 'labels' ? 4 : 2;
  return {
    length: offsets[state.terms.length]! * bytesPerEntry,
    async write(emit: (bytes: Buffer) => Promise<void>) {
      const block = new ArrayBuffer(1 << 20);
      const out = field === 'labels' ? new Uint32Array(block) : new Uint16Array(block);
      let at = 0;
      const flush = async () => {
        await emit(Buffer.from(block, 0, at * bytesPerEntry));
        at = 0;
      };
      for (let id = 0; id < state.terms.length; id++) {
        const parts = termParts(state, id);
        const whole = offsets[id + 1]! - offsets[id]! === parts.reduce((sum, part) => sum + part.length, 0);
        for (const part of parts) {
          for (let from = 0; from < part.length;) {
            if (at === out.length) await flush();
            [at, from] = copyLive(part, field, whole ? null : state.lengths, out, at, from);
          }
        }
      }
      if (at > 0) await flush();
    },
  };
}

/**
 * Copies `part`'s `field` values from entry `from` into `out` from `at`, as far as `out` has room,
 * in runs between removed chunks (`lengths` 0; null when none of the part's chunks is removed).
 * Returns where it stopped in `out` and in `part`.
 */
function copyLive(
  part: Postings,
  field: 'labels' | 'freqs',
  lengths: Float32Array | null,
  out: Uint32Array | Uint16Array,
  at: number,
  from: number,
): [number, number] {
  const { labels, length } = part;
  const values = part[field];
  let i = from;
  while (i < length && at < out.length) {
    let end = i;
    const stop = Math.min(length, i + out.length - at);
    if (lengths === null) end = stop;
    else while (end < stop && lengths[labels[end]!]! !== 0) end += 1;
    out.set(values.subarray(i, end), at);
    at += end - i;
    i = end;
    if (lengths !== null) while (i < length && lengths[labels[i]!]! === 0) i += 1;
  }
  return [at, i];
}

function serialize(state: State): Section[] {
  // Where each term's live postings start; the entry past the last term is their total.
  const offsets = new Uint32Array(state.terms.length + 1);
  let total = 0;
  for (let id = 0; id < state.terms.length; id++) {
    offsets[id] = total;
    for (const { labels, length } of termParts(state, id))
      for (let i = 0; i < length; i++) if (state.lengths[labels[i]!]! > 0) total += 1;
  }
  offsets[state.terms.length] = total;
  const termBytes = Buffer.from(state.terms.join('\n'), 'utf8');
  const header: Header = {
    format: formatTag,
    terms: state.terms.length,
    postings: total,
    labels: state.lengths.length,
    documents: state.documents,
    totalLength: state.totalLength,
    termBytes: termBytes.length,
  };
  const headerBytes = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  return [
    headerBytes,
    termBytes,
    Buffer.from(state.frequencies.buffer, 0, state.terms.length * 4),
    Buffer.from(offsets.buffer),
    postingsSection(state, offsets, 'labels'),
    Buffer.from(state.lengths.buffer),
    postingsSection(state, offsets, 'freqs'),
  ];
}

const padding = (length: number) => (4 - (length % 4)) % 4;

export async function loadLexicalIndex(file: string): Promise<LexicalIndex> {
  const raw = await readFile(file);
  // Typed-array views need 4-byte alignment; a fresh copy has it when the read buffer does not.
  const bytes = raw.byteOffset % 4 === 0 ? raw : Buffer.from(raw);
  const newline = bytes.indexOf(0x0a);
  const header = JSON.parse(bytes.toString('utf8', 0, newline)) as Header;
  if (header.format !== formatTag) throw new Error(`lexical index format ${String(header.format)} is not ${formatTag}`);

  let at = newline + 1;
  at += padding(at);
  const section = (length: number) => {
    const start = at;
    at += length;
    at += padding(at);
    if (at > bytes.length) throw new Error('lexical index file is truncated');
    return bytes.byteOffset + start;
  };
  const termStart = section(header.termBytes) - bytes.byteOffset;
  const terms = header.terms === 0 ? [] : bytes.toString('utf8', termStart, termStart + header.termBytes).split('\n');
  const frequencies = new Uint32Array(bytes.buffer, section(header.terms * 4), header.terms);
  const offsets = new Uint32Array(bytes.buffer, section((header.terms + 1) * 4), header.terms + 1);
  const labels = new Uint32Array(bytes.buffer, section(header.postings * 4), header.postings);
  const lengths = new Float32Array(bytes.buffer, section(header.labels * 4), header.labels);
  const freqs = new Uint16Array(bytes.buffer, section(header.postings * 2), header.postings);
  if (terms.length !== header.terms) throw new Error('lexical index term list does not match its header');

  return wrap({
    termIds: new Map(terms.map((term, id) => [term, id])),
    terms,
    postings: new Array<Postings | undefined>(terms.length),
    stored: { offsets, labels, freqs },
    pending: [],
    // Copies: these two change on add and remove, and must not write into the file's buffer views.
    frequencies: frequencies.slice(),
    lengths: lengths.slice(),
    documents: header.documents,
    totalLength: header.totalLength,
  });
}
