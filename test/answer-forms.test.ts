import { describe, expect, it } from 'vitest';
import { answerShape } from '../src/answer/answer-type';
import { committedAnswerModel } from '../src/answer/answer-model';
import { formKey, formRules } from '../src/answer/forms';
import { findShortAnswer, shortAnswerCandidates, type EvidenceSentence } from '../src/answer/short-answer';
import { contentTerms } from '../src/text/terms';

describe('forms of one answer share a key', () => {
  it.each(formRules.map((rule) => [rule.name, ...rule.example] as const))('%s: "%s" and "%s"', (_, one, other) => {
    expect(formKey(one)).toBe(formKey(other));
  });

  it.each([
    ['a hyphen', 'Kestrel-Bay', 'Kestrel Bay'],
    ['initials with and without dots', 'K.T. Lowe', 'KT Lowe'],
    ['initials spaced', 'K. T. Lowe', 'KT Lowe'],
    ['a particle joined', 'Mara Le Roux', 'Mara LeRoux'],
    ['a legal form spelt out', 'Zentro Corporation', 'Zentro Corp.'],
    ['a count word in a name', 'Formula Two', 'Formula 2'],
    ['a time of day', '12:01 a.m.', '12:01am'],
  ])('%s: "%s" and "%s"', (_, one, other) => {
    expect(formKey(one)).toBe(formKey(other));
  });

  it.each([
    ['a score and a number', '3-0', '30'],
    ['a fraction and a number', '1/2', '12'],
    ['a share and a count', '2%', '2'],
    ['a decimal and a number', '1.1', '11'],
    ['a service and its plus tier', 'Zentro TV+', 'Zentro TV'],
    ['two people with one surname', 'Tobin Reyes', 'Mara Reyes'],
    ['two seasons', 'Season 2', 'Season 3'],
    ['two spellings of a place', 'Glass Harbor', 'Glass Harbour'],
  ])('%s stay apart: "%s" and "%s"', (_, one, other) => {
    expect(formKey(one)).not.toBe(formKey(other));
  });

  it('keeps a name that is all suffix', () => {
    expect(formKey('Group')).toBe('group');
  });
});

function asked(question: string) {
  return { shape: answerShape(question), questionWeights: new Map(contentTerms(question).map((t) => [t, 1])) };
}

function sentences(...texts: string[]): EvidenceSentence[] {
  return texts.map((text, i) => ({ text, articleId: `a${i}`, outlet: `Outlet ${i}`, score: 1, articleRank: i }));
}

describe('an answer written several ways is one candidate', () => {
  const question = 'Which company bought Harbor Mutual?';
  // Four reports name the buyer, written three ways; three name a rival bidder.
  const evidence = sentences(
    'KestrelBank bought Harbor Mutual on Monday, regulators said.',
    'Osprey Trust bought Harbor Mutual, one report said on Friday.',
    'Harbor Mutual was bought by Kestrel Bank, which keeps its branches open.',
    'Osprey Trust had been expected to buy Harbor Mutual.',
    'Kestrel Bank bought Harbor Mutual after a weekend of talks.',
    'Osprey Trust made the first bid for Harbor Mutual.',
    'Kestrel-Bank bought Harbor Mutual for its deposits.',
  );

  it('pools the votes of every form and shows the form most reports write', () => {
    const candidates = shortAnswerCandidates(asked(question), evidence);
    const texts = candidates.map((c) => c.text);
    expect(texts).toContain('Kestrel Bank');
    expect(texts).not.toContain('KestrelBank');
    expect(texts).not.toContain('Kestrel-Bank');
    const kestrel = candidates.find((c) => c.text === 'Kestrel Bank')!;
    expect(kestrel.sentences.map((i) => evidence[i]!.articleId).sort()).toEqual(['a0', 'a2', 'a4', 'a6']);
  });

  it('answers with it, sure enough to show it, when its forms together are the most reported', () => {
    const found = findShortAnswer(asked(question), evidence);
    expect(found?.text).toBe('Kestrel Bank');
    expect(found!.confidence).toBeGreaterThanOrEqual(committedAnswerModel().threshold);
  });

  it('counts a number written as a word and as digits once', () => {
    const count = sentences(
      'Glass Harbor ran for four seasons on Zentro.',
      'The drama ended after 4 seasons, Zentro said.',
      'Glass Harbor, which ran four seasons, is leaving Zentro.',
    );
    const candidates = shortAnswerCandidates(asked('How many seasons did Glass Harbor run?'), count);
    expect(candidates.filter((c) => c.text === '4')).toHaveLength(1);
    expect(candidates.find((c) => c.text === '4')!.sentences).toHaveLength(3);
  });
});

describe('two people of one story with one surname', () => {
  it('give each article’s surname alone to the person that article names in full', () => {
    const question = 'Who will host the Harbor Awards?';
    const evidence = sentences(
      'Ada Kelso will host the Harbor Awards, the academy said.',
      'Kelso will host the Harbor Awards for a second year.',
      'Ben Kelso, her brother, sang at the Harbor Awards last year.',
      'Kelso sang two songs at the Harbor Awards.',
      'Kelso was thrilled to host the Harbor Awards, the academy said.',
    );
    // Articles a0 and a1 are one report; a2 and a3 another.
    const paired = evidence.map((sentence, i) => ({ ...sentence, articleId: i < 2 ? 'ada' : i < 4 ? 'ben' : 'other' }));
    const candidates = shortAnswerCandidates(asked(question), paired);
    const articlesOf = (name: string) =>
      [...new Set(candidates.find((c) => c.text === name)!.sentences.map((i) => paired[i]!.articleId))].sort();
    expect(articlesOf('Ben Kelso')).toEqual(['ben']);
    expect(articlesOf('Ada Kelso')).toEqual(['ada', 'other']);
  });
});
