import { describe, expect, it } from 'vitest';
import { createLexicalIndex } from '../src/index/lexical';
import { initialismsOf, initialsOf } from '../src/retrieve/initialisms';
import { correctSpelling } from '../src/retrieve/spelling';

// Made-up shows, people and outlets.
const headlines = [
  "'Glass Harbor Nights' renewed for a third season",
  "Who joins 'Glass Harbor Nights' in season 3",
  'How to watch “The Gull and the Heron” on Zentro',
  "'The Gull and the Heron' leads the Harbour Awards nominations",
  "'Bright Owl Crossing' casts its villain",
  "'Blue Orchard Cafe' closes after ten years",
  "'Bright Owl Crossing' sets its premiere",
  "'Blue Orchard Cafe' is back",
  "Marisol Quenby's 'Quiet Lantern Road' wraps filming",
  "'this is what we wanted all along' says the showrunner",
];
const texts = [
  'Glass Harbor Nights returns in March with Marisol Quenby as the ferry captain.',
  'The Gull and the Heron leads with 9 nominations at the Harbour Awards.',
  'Bright Owl Crossing premieres on Zentro in June.',
  'Blue Orchard Cafe closed its doors on Friday.',
  'Quiet Lantern Road wrapped filming in the autumn.',
];

function indexWithHeadlines() {
  const lexical = createLexicalIndex();
  lexical.add(headlines.map((title, label) => ({ label, title, text: texts[label % texts.length]! })));
  return Object.assign(lexical, { articles: () => headlines.map((title) => ({ title })) });
}

describe('initials of a title', () => {
  it.each([
    ['every word', 'Glass Harbor Nights', ['ghn']],
    ['with its small words, and without a leading "The"', 'The House of the Harbor', ['thoth', 'hoth']],
    ['two names joined by "and", with "&"', 'The Gull and the Heron', ['tgath', 'gath', 'g&h']],
    ['none for a quote that is a sentence', 'this is what we wanted all along', []],
    ['none for one word', 'Zentro', []],
  ])('%s: "%s"', (_, title, initials) => {
    expect(initialsOf(title)).toEqual(initials);
  });
});

describe('a show asked about by its initials', () => {
  const index = indexWithHeadlines();

  it('reads the initials of the titles the headlines quote', () => {
    const table = initialismsOf(index);
    expect(table.get('ghn')).toBe('glass harbor nights');
    expect(table.get('g&h')).toBe('the gull and the heron');
    expect(table.get('qlr')).toBe('quiet lantern road');
    // A quote that is a sentence is no title.
    expect(table.has('tiwwwaa')).toBe(false);
    // "boc" stands for two titles quoted as often: neither is guessed.
    expect(table.has('boc')).toBe(false);
  });

  it.each([
    ['who plays the captain in ghn', 'who plays the captain in glass harbor nights', 'ghn'],
    ['how many nominations does g&h have', 'how many nominations does the gull and the heron have', 'g&h'],
  ])('searches "%s" as "%s"', (question, searched, word) => {
    const spelt = correctSpelling(question, index);
    expect(spelt.text).toBe(searched);
    expect(spelt.corrections.map((c) => c.word)).toEqual([word]);
  });

  it.each([
    ['a word the index holds', 'who plays the captain in glass harbor nights'],
    ['initials of two titles alike', 'when does boc premiere'],
    ['a word that is no initials of a title', 'when did qrl wrap'],
  ])('leaves alone %s: "%s"', (_, question) => {
    expect(correctSpelling(question, index).corrections).toEqual([]);
  });
});
