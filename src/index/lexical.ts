import MiniSearch from 'minisearch';
import { termOf, words } from '../text/terms';

export interface LexicalDocument {
  label: number;
  title: string;
  text: string;
}

export interface LexicalHit {
  label: number;
  score: number;
}

/** BM25 (MiniSearch's BM25+) over chunk text and article title, plus the document frequencies answer composition needs. */
export interface LexicalIndex {
  add(documents: LexicalDocument[]): void;
  /** Needs the documents exactly as they were added: BM25 statistics are updated term by term. */
  remove(documents: LexicalDocument[]): void;
  search(query: string, limit: number): LexicalHit[];
  /** How many chunks hold the stemmed term. */
  documentFrequency(term: string): number;
  documentCount(): number;
  serialize(): string;
}

const options = {
  idField: 'label',
  fields: ['title', 'text'],
  storeFields: [],
  tokenize: (text: string) => words(text),
  processTerm: (term: string) => termOf(term),
  searchOptions: { boost: { title: 0.5 }, combineWith: 'OR' as const },
};

interface Serialized {
  miniSearch: unknown;
  documentFrequencies: [string, number][];
}

export function createLexicalIndex(): LexicalIndex {
  return wrap(new MiniSearch<LexicalDocument>(options), new Map());
}

export function loadLexicalIndex(json: string): LexicalIndex {
  const parsed = JSON.parse(json) as Serialized;
  const miniSearch = MiniSearch.loadJS<LexicalDocument>(
    parsed.miniSearch as Parameters<typeof MiniSearch.loadJS>[0],
    options,
  );
  return wrap(miniSearch, new Map(parsed.documentFrequencies));
}

function wrap(miniSearch: MiniSearch<LexicalDocument>, frequencies: Map<string, number>): LexicalIndex {
  const countTerms = (document: LexicalDocument, delta: number) => {
    const distinct = new Set<string>();
    for (const word of words(document.text)) {
      const term = termOf(word);
      if (term !== null) distinct.add(term);
    }
    for (const term of distinct) {
      const next = (frequencies.get(term) ?? 0) + delta;
      if (next > 0) frequencies.set(term, next);
      else frequencies.delete(term);
    }
  };
  return {
    add(documents) {
      miniSearch.addAll(documents);
      for (const document of documents) countTerms(document, 1);
    },
    remove(documents) {
      miniSearch.removeAll(documents);
      for (const document of documents) countTerms(document, -1);
    },
    search(query, limit) {
      return miniSearch
        .search(query)
        .slice(0, limit)
        .map((result) => ({ label: result.id as number, score: result.score }));
    },
    documentFrequency: (term) => frequencies.get(term) ?? 0,
    documentCount: () => miniSearch.documentCount,
    serialize: () =>
      JSON.stringify({ miniSearch: miniSearch.toJSON(), documentFrequencies: [...frequencies] } satisfies Serialized),
  };
}
