import { describe, expect, it } from 'vitest';
import { createLexicalIndex } from '../src/index/lexical';
import { correctSpelling } from '../src/retrieve/spelling';
import { expandShorthand, shorthandRows } from '../src/retrieve/shorthand';
import { contentTerms } from '../src/text/terms';
import { formatAnswer } from '../src/cli/format';
import { answerFooter } from '../src/discord/answer-embeds';
import { engineForTests } from './support/sample-index';

// Made-up shows, people and outlets.
const stories = [
  'Marisol Quenby is playing the ferry captain Ilse Marr in the second season of Harbor Lights.',
  'The second season of Harbor Lights has eight episodes and premieres on Zentro in March.',
  'Hollow Creek returns for a third season; the hollow oak in its opening titles is back too.',
  'Critics said the hollow ending of Hollow Creek spoiled the season.',
  'A hallow tradition: the cast gathered for a reading before filming began.',
  'Quenby said playing Marr was the hardest job of her career.',
  'The county council approved filming at the harbour.',
];

function indexOf(texts: string[]) {
  const index = createLexicalIndex();
  index.add(texts.map((text, label) => ({ label, title: '', text })));
  return index;
}

describe('misspelt question words', () => {
  const index = indexOf(stories);

  it.each([
    ['a letter left out', 'who is marisol quenby playng', 'playng', 'playing'],
    ['two letters swapped', 'how many episodes in the saeson', 'saeson', 'season'],
    ['a letter typed once for twice', 'is the hollow oak in hollow crek', 'crek', 'creek'],
    ['a wrong letter', 'when does harbor lights premiwre', 'premiwre', 'premiere'],
    ['a name', 'who is marisol quemby playing', 'quemby', 'quenby'],
  ])('corrects %s: "%s"', (_, question, word, correction) => {
    expect(correctSpelling(question, index).corrections).toEqual([{ word, correction }]);
  });

  it('puts the correction in the question and says what was searched for', () => {
    const spelt = correctSpelling("Who is Marisol Quemby's character playng?", index);
    expect(spelt.text).toBe("Who is Marisol Quenby's character playing?");
    expect(spelt.searchedFor).toBe('marisol quenby character playing');
  });

  it('prefers the more frequent of equally likely corrections', () => {
    // "hellow" is one letter from both "hollow" (in three stories) and "hallow" (in one).
    expect(correctSpelling('what is the hellow oak', index).corrections).toEqual([
      { word: 'hellow', correction: 'hollow' },
    ]);
  });

  it.each([
    ['known words', 'who is marisol quenby playing in harbor lights'],
    ['stop words and short words', 'who is quenby playing in hc adn harbor lights'],
    ['words with digits and numbers', 'harbor lights season 2 episode 8 in 2027'],
    ['an unknown word with no indexed word one slip away', 'who is zanzibarian'],
    ['the first letter', 'who is parisol quenby'],
    ['a word of the language no story uses, one letter from one that is used', 'which country hosts harbor lights'],
    ['a four-letter word one full edit from a word', 'who is marr in hlts'],
  ])('leaves %s alone', (_, question) => {
    const spelt = correctSpelling(question, index);
    expect(spelt.corrections).toEqual([]);
    expect(spelt.text).toBe(question);
  });
});

describe('a mistyped question word', () => {
  const index = indexOf(stories);

  it.each([
    ['a letter left out', 'wher is harbor lights filmed', 'wher', 'where'],
    ['a short word', 'wat season is marisol quenby in', 'wat', 'what'],
    ['the first two letters swapped', 'hwo is playing ilse marr', 'hwo', 'who'],
    ['two letters swapped', 'whcih outlet reported it', 'whcih', 'which'],
  ])('reads %s: "%s"', (_, question, word, correction) => {
    expect(correctSpelling(question, index).corrections).toEqual([{ word, correction }]);
  });

  it('keeps the capital and the rest of the question as written', () => {
    expect(correctSpelling('Wher is Harbor Lights filmed?', index).text).toBe('Where is Harbor Lights filmed?');
  });

  it.each([
    ['a stop word one letter from a question word', 'were the hollow creek scenes filmed at the harbour'],
    ['a word of the language', 'wen did filming begin'],
    ['a question word later in the question', 'harbor lights: wher is it filmed'],
  ])('leaves %s alone', (_, question) => {
    expect(correctSpelling(question, index).corrections.map((c) => c.word)).not.toContain(question.split(/\W+/)[0]);
    expect(correctSpelling(question, index).text.split(' ')[0]).toBe(question.split(' ')[0]);
  });
});

describe("fans' shorthand", () => {
  const index = indexOf(stories);

  it.each(shorthandRows.map((row) => [row.example.written, row.example.searched]))(
    'searches for "%s" as "%s"',
    (written, searched) => {
      expect(expandShorthand(written)).toBe(searched);
      const spelt = correctSpelling(`who joins harbor lights in ${written}`, index);
      expect(spelt.text).toBe(`who joins harbor lights in ${searched}`);
      expect(spelt.corrections).toEqual([{ word: written, correction: searched }]);
    },
  );

  it.each(['s2x', 'season2', 's123', 'ep1234'])('leaves "%s" alone', (word) => {
    expect(expandShorthand(word)).toBeNull();
  });
});

describe('words that carry no topic', () => {
  // Read as words, these weighed as the rarest of the question: no article indexes them.
  it.each([
    [
      'a question word typed without its apostrophe',
      'whats the name of the Harbor Lights ferry',
      'name harbor light ferri',
    ],
    ['chat words', 'who is gonna host Harbor Lights lol', 'host harbor light'],
  ])('drops %s: "%s"', (_, question, terms) => {
    expect(contentTerms(question).join(' ')).toBe(terms);
  });
});

const articles: Record<string, string> = {
  'quenby.md': `---
title: Marisol Quenby joins Harbor Lights
outlet: Coast Courier
url: https://coastcourier.example/quenby-harbor-lights
published: 2024-05-06
---
Marisol Quenby is joining the second season of Harbor Lights. Quenby is playing the ferry captain Ilse Marr, the streamer confirmed on Monday. Filming begins in the autumn in a fishing town on the coast.
`,
  'bakery.md': `---
title: Bakery wins regional prize
outlet: Shore Weekly
url: https://shoreweekly.example/bakery
published: 2024-05-02
---
A family bakery on the market square won the regional prize for its rye bread. The judges praised its crust, and the owners said they would keep their prices as they are.
`,
};

describe('a misspelt question, asked', () => {
  const engine = engineForTests('spelling-', articles, { timeoutMs: 60_000 });

  it('is answered as the correct question is, and says what it searched for', async () => {
    const right = await engine().ask('who is marisol quenby playing');
    const misspelt = await engine().ask('who is marisol quemby playng');
    expect(misspelt.abstained).toBe(false);
    expect(misspelt.short).toBe(right.short);
    expect(misspelt.citations.map((c) => c.url)).toEqual(right.citations.map((c) => c.url));
    expect(misspelt.searchedFor).toBe('marisol quenby playing');
    expect(formatAnswer(misspelt)).toContain('Searched for: marisol quenby playing');
    const options = { model: 'none', index: { articles: 2, outlets: 2, latest: null } };
    expect(answerFooter(misspelt, 1, 1, options)).toContain('Searched for: marisol quenby playing');
  });

  it('spells out shorthand and says it did', async () => {
    const answer = await engine().ask('who is marisol quenby playing in harbor lights s2');
    expect(answer.searchedFor).toBe('marisol quenby playing harbor lights season 2');
    expect(formatAnswer(answer)).toContain('Searched for: marisol quenby playing harbor lights season 2');
  });

  it('says nothing of a search when no word was corrected', async () => {
    const right = await engine().ask('who is marisol quenby playing');
    expect(right.abstained).toBe(false);
    expect(right.searchedFor).toBeUndefined();
    expect(formatAnswer(right)).not.toContain('Searched for');
  });
});
