import { describe, expect, it } from 'vitest';
import { answerShape } from '../src/answer/answer-type';
import { uncountedRows } from '../src/answer/counts';
import { analyzeQuestion } from '../src/answer/question';
import { shortAnswerCandidates } from '../src/answer/short-answer';
import { shortAnswerDefaults } from '../src/answer/short-answer-defaults';
import { analyzeSentence } from '../src/answer/spans';
import { engineForTests } from './support/sample-index';

/*
 * Answers of the wrong kind: a share, a sum of money or a season's number for "how many episodes", and
 * another show's title for "who plays". Made-up shows, people and outlets throughout.
 */

/** Every candidate's kind fit when the question is asked of one sentence, by the candidate's text. */
function fitsOf(question: string, sentence: string): Map<string, number> {
  const weights = new Map(analyzeQuestion(question).terms.map((term) => [term, 1]));
  const candidates = shortAnswerCandidates({ shape: answerShape(question), questionWeights: weights }, [
    { text: sentence, articleId: 'a', score: 1 },
  ]);
  return new Map(candidates.map((c) => [c.text, c.features.kindFit]));
}

describe('numbers that count nothing', () => {
  it.each(uncountedRows.map((row) => [row.level, row.example.number, row.example] as const))(
    '%s: "%s"',
    (level, number, { question, sentence }) => {
      expect(fitsOf(question, sentence).get(number)).toBe(shortAnswerDefaults.kindFit[level]);
      // Below the floor: such a pick is never shown as the bold answer.
      expect(shortAnswerDefaults.kindFit[level]).toBeLessThan(shortAnswerDefaults.minKindFit);
    },
  );

  it.each([
    ['How many episodes does Kestrel Bay have?', true],
    ['how many eps in kestrel bay season 2', true],
    ['How much does Kestrel Bay cost to stream?', false],
    ['How many dollars did the Kestrel Bay finale cost?', false],
    ['How long is the Kestrel Bay finale?', false],
  ])('"%s" asks for a count of things: %s', (question, counts) => {
    expect(answerShape(question).count === true).toBe(counts);
  });

  it.each([
    // "how much" asks for an amount: money is an answer.
    ['How much does a month of Kestrel Bay cost?', 'A month of Kestrel Bay costs $7.99.', '$7.99', 1],
    // The counted noun's own label says how many there have been: left to the other rules.
    ['How many seasons has Kestrel Bay had?', 'Kestrel Bay Season 6 starts filming in May.', '6', 0.4],
    ['How many episodes does Kestrel Bay have?', 'Kestrel Bay Part 2 has eight episodes.', '8', 1],
    // A sentence may open with the counted noun's "one": that still counts.
    ['How many episodes were cut from Kestrel Bay?', 'One episode was cut from Kestrel Bay.', '1', 1],
  ])('"%s" of "%s": %s fits %s', (question, sentence, number, fit) => {
    expect(fitsOf(question, sentence).get(number)).toBe(fit);
  });
});

describe('names given as a show’s', () => {
  it.each([
    ['News on the second seasons of Corvin Hale and Dana Quill is scarce.', ['Corvin Hale', 'Dana Quill']],
    ['Ada Lind joins the cast of Glass Harbor, Tide Lines and Ferry Row.', ['Glass Harbor', 'Tide Lines', 'Ferry Row']],
    ['Filming on Season 2 of Glass Harbor began in May, said Ada Lind.', ['Glass Harbor']],
    // The owner of a work is no title, and names listed apart from a show's part are people.
    ['The film is a remake of Ada Lind’s Harbor Song.', []],
    ['Ada Lind and Omar Pell star in the finale.', []],
    // A name that ends in a season or part and its number is a show's; the person after it is not.
    ['Corvin Hale Season 2 is expected to air next year.', ['Corvin Hale Season 2']],
    ['Glass Harbor Part Two arrives in May, starring Ada Lind.', ['Glass Harbor Part']],
  ])('"%s" gives %j as titles', (sentence, titles) => {
    const names = analyzeSentence(sentence).spans.filter((span) => span.kind === 'name');
    expect(names.filter((span) => span.namedAsWork === true).map((span) => span.text)).toEqual(titles);
  });

  it('fit "who" below the floor of a bold answer, though they read as a person’s name', () => {
    const fits = fitsOf(
      'Who plays Corvin Hale?',
      'News on the second seasons of Corvin Hale and Dana Quill is scarce.',
    );
    expect(fits.get('Dana Quill')).toBeLessThan(shortAnswerDefaults.minKindFit);
    // Named alone, the same name is a person's.
    expect(fitsOf('Who plays Corvin Hale?', 'Dana Quill plays Corvin Hale.').get('Dana Quill')).toBe(1);
  });
});

const articles: Record<string, string> = {
  'moor-end-reviews.md': `---
title: Moor End starts filming its second season
outlet: Daily Reel
url: https://dailyreel.example/moor-end-season-two
published: 2024-04-02
---
Season one of Moor End earned glowing reviews, holding a 94% rating on review sites.
Filming of season two began in Leeds on Monday; the studio has not said how many episodes it will have.
`,
  'harrow-part.md': `---
title: Harrow Lane Part 1 arrives on Zentro
outlet: Coast Screen
url: https://coastscreen.example/harrow-lane-part-one
published: 2024-05-10
---
Harrow Lane Part 1 arrived on Zentro on Friday, and the episodes of Part 2 follow in the autumn.
`,
  'slate.md': `---
title: What is next for Corvin Hale
outlet: Set Visit
url: https://setvisit.example/corvin-hale-slate
published: 2024-06-01
---
News on the second seasons of Corvin Hale and Dana Quill is scarce, the studio said.
The studio has not said who will play Corvin Hale in the new run. Showrunner Ada Lind said casting news would come in
the spring.
`,
};

const engine = engineForTests('count-kinds-', articles);

describe('what a fan is shown', () => {
  it('no rating and no season’s number for "how many episodes" (neither counts any)', async () => {
    const answer = await engine().ask('how many episodes in season 2 of moor end');
    expect(answer.short).toBeNull();
  });

  it('no part’s number for "how many episodes" (a label counts none)', async () => {
    const answer = await engine().ask('how many episodes are in part 2 of harrow lane');
    expect(answer.short).toBeNull();
  });

  it('no other show’s title for "who plays", though it reads as a person’s name', async () => {
    const answer = await engine().ask('who plays corvin hale');
    expect(answer.short).toBeNull();
    expect(answer.answer).not.toContain('Dana Quill:');
  });
});
