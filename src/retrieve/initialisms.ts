/*
 * Shows named by their initials: fans write "ghn" or "g&h", reports write the title in full
 * ('Glass Harbor Nights'). The titles come from the index itself, from the names its headlines
 * quote, so no list of shows is kept: a show the reports name gets its initials with them.
 */

/** What the initials are read from: the index's articles, by headline. */
export interface TitleSource {
  articles(): Iterable<{ title: string }>;
}

/** Tuning of the initials table. */
export const initialismDefaults = {
  /**
   * A name quoted in fewer headlines than this is not read. One is enough: the initials are only
   * read for a word no article holds, and a show with a small index may be quoted once (2 left the
   * 2022 corpus's 4,661 headlines 9 titles, 1 left 46, among them a daytime soap asked about by
   * its initials).
   */
  minHeadlines: 1,
  /** The commonest name with some initials must be quoted this many times as often as the next one. */
  minLead: 2,
  /** Initials this short say too little, except written with "&" ("g&h"). */
  minLetters: 3,
  maxWords: 7,
};

/** Short words a title keeps in lower case: "House of the Harbor" is "hoth" with them, "hh" without. */
const minorWords = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with', '&']);

/** A name quoted in a headline: 'Glass Harbor Nights', “Glass Harbor Nights”; not the "'s" of a possessive. */
const quotedName = /(?<![\p{L}\p{N}])['‘"“]([^'‘’"“”]{3,80})['’"”](?![\p{L}\p{N}])/gu;

/**
 * The initials a title is written with: every word's ("hoth" for "House of the Harbor"), the same
 * without a leading "The", and for a title with "and" or "&" the capitalised words' alone,
 * keyed with "&" ("g&h" for "Gull and the Heron").
 */
export function initialsOf(title: string): string[] {
  const words = title.split(/\s+/).filter((w) => /^[\p{L}&]/u.test(w));
  if (words.length < 2 || words.length > initialismDefaults.maxWords) return [];
  // A title's words other than the small ones are capitalised; a quote that is a sentence is no title.
  if (!words.every((w, i) => /^\p{Lu}/u.test(w) || (i > 0 && minorWords.has(w.toLowerCase())))) return [];
  const initials = (list: string[]) => list.map((w) => w[0]!.toLowerCase()).join('');
  const found = [initials(words)];
  if (words[0]!.toLowerCase() === 'the') found.push(initials(words.slice(1)));
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w) && w.toLowerCase() !== 'the');
  if (words.some((w) => ['and', '&'].includes(w.toLowerCase())) && capitalised.length === 2)
    found.push(`${capitalised[0]![0]!.toLowerCase()}&${capitalised[1]![0]!.toLowerCase()}`);
  return found.filter((key) => key.includes('&') || key.length >= initialismDefaults.minLetters);
}

const tables = new WeakMap<TitleSource, Map<string, string>>();

/**
 * Initials → the title they stand for, read from the names the index's headlines quote (built on
 * first use, once per index). Initials that stand for two titles alike are left out.
 */
export function initialismsOf(source: TitleSource, options = initialismDefaults): Map<string, string> {
  const cached = tables.get(source);
  if (cached) return cached;
  const counts = new Map<string, Map<string, number>>();
  for (const { title } of source.articles()) {
    for (const match of title.matchAll(quotedName)) {
      const quoted = match[1]!.trim();
      // "The Harbor" and "the Harbor" are one name: counted, and searched for, in lower case.
      const name = quoted.toLowerCase();
      for (const key of new Set(initialsOf(quoted))) {
        const names = counts.get(key) ?? new Map<string, number>();
        names.set(name, (names.get(name) ?? 0) + 1);
        counts.set(key, names);
      }
    }
  }
  const table = new Map<string, string>();
  for (const [key, names] of counts) {
    const [first, second] = [...names].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (first![1] >= options.minHeadlines && first![1] >= options.minLead * (second?.[1] ?? 0))
      table.set(key, first![0]);
  }
  tables.set(source, table);
  return table;
}
