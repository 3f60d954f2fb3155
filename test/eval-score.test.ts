import { describe, expect, it } from 'vitest';
import type { Citation } from '../src/answer/types';
import {
  fileStem,
  matchesExpectation,
  parseQaFile,
  QaFileError,
  scoreItem,
  shortfalls,
  totalScores,
  type QaItem,
} from '../src/eval/score';

const citation = (file: string): Citation => ({
  n: 1,
  file,
  outlet: 'Outlet',
  title: 'Title',
  url: null,
  published: null,
  quote: 'A quote.',
});

const answerable: QaItem = {
  id: 'a1',
  question: 'Who is Janet McTeer playing?',
  expect: [['undisclosed', 'character'], ['mystery']],
  sources: ['000_abc'],
};
const unanswerable: QaItem = { id: 'x1', question: 'Who directed Black Panther?', abstain: true };

describe('matchesExpectation', () => {
  it('needs every term of one alternative, in any case', () => {
    expect(matchesExpectation('An UNDISCLOSED Character [1]', answerable.expect)).toBe(true);
    expect(matchesExpectation('An undisclosed role', answerable.expect)).toBe(false);
    expect(matchesExpectation('A Mystery role', answerable.expect)).toBe(true);
  });

  it('treats curly apostrophes and line breaks like their plain forms', () => {
    expect(matchesExpectation('It was Netflix’s\nbiggest year', [["netflix's biggest"]])).toBe(true);
  });
});

describe('fileStem', () => {
  it('drops folders and the last extension', () => {
    expect(fileStem('000_abc.txt')).toBe('000_abc');
    expect(fileStem('nested/dir/000_abc.md')).toBe('000_abc');
    expect(fileStem('feed.v2.jsonl')).toBe('feed.v2');
    expect(fileStem('README')).toBe('README');
  });
});

describe('scoreItem', () => {
  it('scores a correct, correctly cited answer right on all three', () => {
    const score = scoreItem(answerable, {
      answer: 'She plays a mystery role. [1]',
      abstained: false,
      citations: [citation('000_abc.txt')],
    });
    expect(score).toMatchObject({ answerOk: true, sourceOk: true, abstainOk: true, cited: ['000_abc'] });
  });

  it('marks a right answer citing the wrong article as a source failure only', () => {
    const score = scoreItem(answerable, {
      answer: 'A mystery role. [1]',
      abstained: false,
      citations: [citation('999_other.txt')],
    });
    expect(score).toMatchObject({ answerOk: true, sourceOk: false, abstainOk: true });
  });

  it('counts any one matching citation among several', () => {
    const score = scoreItem(answerable, {
      answer: 'Nothing relevant. [1] [2]',
      abstained: false,
      citations: [citation('999_other.txt'), citation('000_abc.txt')],
    });
    expect(score).toMatchObject({ answerOk: false, sourceOk: true });
  });

  it('fails an answerable question the engine declined on every score', () => {
    const score = scoreItem(answerable, {
      answer: "The articles don't say (no mystery here).",
      abstained: true,
      citations: [],
    });
    expect(score).toMatchObject({ answerOk: false, sourceOk: false, abstainOk: false });
  });

  it('credits a declined unanswerable question on every score, and an attempted one on none', () => {
    expect(
      scoreItem(unanswerable, { answer: "The articles don't say.", abstained: true, citations: [] }),
    ).toMatchObject({
      answerOk: true,
      sourceOk: true,
      abstainOk: true,
    });
    expect(
      scoreItem(unanswerable, { answer: 'Ryan Coogler. [1]', abstained: false, citations: [citation('000_abc.txt')] }),
    ).toMatchObject({ answerOk: false, sourceOk: false, abstainOk: false });
  });
});

describe('totals and minimums', () => {
  const scores = [
    scoreItem(answerable, { answer: 'A mystery. [1]', abstained: false, citations: [citation('000_abc.txt')] }),
    scoreItem(answerable, { answer: 'Something else. [1]', abstained: false, citations: [citation('000_abc.txt')] }),
    scoreItem(unanswerable, { answer: 'Declined.', abstained: true, citations: [] }),
    scoreItem(unanswerable, { answer: 'A guess. [1]', abstained: false, citations: [citation('1.txt')] }),
  ];

  it('gives each total as a fraction of all items', () => {
    expect(totalScores(scores)).toEqual({ items: 4, answer: 0.5, source: 0.75, abstain: 0.75, allOk: 2 });
  });

  it('names each total below its minimum', () => {
    const totals = totalScores(scores);
    expect(shortfalls(totals, { answer: 0, source: 0, abstain: 0 })).toEqual([]);
    const missed = shortfalls(totals, { answer: 0.6, source: 0.75, abstain: 1 });
    expect(missed).toHaveLength(2);
    expect(missed[0]).toContain('answer score 50.0%');
    expect(missed[1]).toContain('abstain score 75.0%');
  });
});

describe('parseQaFile', () => {
  it('reads answerable and abstain items', () => {
    const items = parseQaFile(JSON.stringify({ items: [answerable, unanswerable] }));
    expect(items.map((i) => i.id)).toEqual(['a1', 'x1']);
  });

  it('rejects broken JSON, missing fields and repeated ids with the place of the problem', () => {
    expect(() => parseQaFile('{"items": [', 'qa.json')).toThrow(/qa\.json is not valid JSON/);
    expect(() => parseQaFile(JSON.stringify({ items: [{ id: 'a', question: 'Q?', sources: ['s'] }] }))).toThrow(
      QaFileError,
    );
    expect(() => parseQaFile(JSON.stringify({ items: [{ ...answerable, expect: [[]] }] }))).toThrow(/expect/);
    expect(() => parseQaFile(JSON.stringify({ items: [] }))).toThrow(/no items/);
    expect(() => parseQaFile(JSON.stringify({ items: [answerable, answerable] }))).toThrow(/"a1" twice/);
  });
});
