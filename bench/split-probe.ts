import { makeArticle } from '../src/ingest/article';
import { splitSentences } from '../src/text/sentences';
import { corpusFiles, readCorpus } from './corpus';

/**
 * How fast the sentence splitter the chunker uses (Intl.Segmenter) is against a plain regular
 * expression, on real articles: npx tsx bench/split-probe.ts [articles]. Evidence for a suggestion, not a replacement.
 */
const limit = Number(process.argv[2] ?? 300);
const texts: string[] = [];
for await (const fields of readCorpus(corpusFiles(process.env['CORPUS'] ?? '../shared/corpus'), limit))
  texts.push(makeArticle(fields).text);
const megabytes = texts.reduce((sum, text) => sum + text.length, 0) / 1e6;

// Ends at . ! ? (plus closing quotes/brackets) before white space and a capital, digit or opening quote; or at a line end.
const boundary = /[.!?]+["'”’)\]]*\s+(?=["'“‘([]?[\p{Lu}\p{N}])|\n+/gu;
function regexSentences(text: string): number {
  let count = 0;
  let last = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].length;
    if (text.slice(last, end).trim() !== '') count += 1;
    last = end;
  }
  return count + (text.slice(last).trim() === '' ? 0 : 1);
}

for (const [name, split] of [
  ['Intl.Segmenter (splitSentences)', (text: string) => splitSentences(text).length],
  ['regular expression', regexSentences],
] as const) {
  const started = performance.now();
  let sentences = 0;
  for (const text of texts) sentences += split(text);
  const ms = performance.now() - started;
  process.stdout.write(
    `${name.padEnd(32)} ${ms.toFixed(0).padStart(6)} ms  ${(megabytes / (ms / 1000)).toFixed(1).padStart(6)} MB/s  ${sentences} sentences\n`,
  );
}
