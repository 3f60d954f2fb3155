import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnswerModelError,
  committedAnswerModel,
  confidencesOf,
  parseAnswerModel,
  type AnswerModel,
} from '../src/answer/answer-model';
import { composeExtractiveAnswer } from '../src/answer/extractive';
import { createLexicalIndex } from '../src/index/lexical';
import type { Passage, Retrieval } from '../src/retrieve/types';
import type { Day } from '../src/day';
import { featureNames, type FeatureVector } from '../src/answer/features';
import { runCli } from './support/run-cli';

// Made-up shows: each article says on which weekday the news broke and on which date the show
// premieres. The right answer to "when" is the date; the weekday is the decoy a model must learn to pass.
const shows = [
  ['Glass Harbor', 'Lantern', 'March 3'],
  ['Moonfall Inn', 'Quillvision', 'April 12'],
  ['Saltmarsh', 'Lantern', 'May 9'],
  ['Copper Veil', 'Brightwave', 'June 21'],
  ['Northlight Bakery', 'Quillvision', 'July 14'],
  ['The Kestrel Files', 'Brightwave', 'August 2'],
  ['Paper Lanterns', 'Lantern', 'September 8'],
  ['Ironwood Heights', 'Quillvision', 'October 17'],
  ['Velvet Static', 'Brightwave', 'November 5'],
  ['Amber Coast', 'Lantern', 'December 1'],
] as const;
const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

const records = shows.map(([show, network, date], i) => ({
  url: `https://screen${i}.example/${show.toLowerCase().replaceAll(' ', '-')}`,
  outlet_domain: `screen${i}.example`,
  title: `${show} sets its premiere`,
  publish_date: `2023/${String(i + 1).padStart(2, '0')}/02`,
  text: `${network} said on ${weekdays[i % 5]} that ${show} premieres on ${date}. The drama was announced last year.`,
}));
const questions = shows.map(([show], i) => ({
  id: `q${i}`,
  question: `when does ${show.toLowerCase()} premiere`,
  question_date: `2023-${String(i + 1).padStart(2, '0')}-20`,
  answers: [shows[i]![2]],
  gold_urls: [records[i]!.url],
  type: 'date',
}));

let shared: string;

beforeAll(async () => {
  shared = await mkdtemp(path.join(os.tmpdir(), 'answer-model-'));
  await mkdir(path.join(shared, 'eval'));
  await mkdir(path.join(shared, 'corpus'));
  const corpus = gzipSync(records.map((r) => JSON.stringify(r)).join('\n'));
  const lines = (items: object[]) => `${items.map((q) => JSON.stringify(q)).join('\n')}\n`;
  await writeFile(path.join(shared, 'corpus', 'news-2023.jsonl.gz'), corpus);
  await writeFile(path.join(shared, 'corpus', 'news-2022.jsonl.gz'), corpus);
  await writeFile(path.join(shared, 'eval', 'show-qa-2023.jsonl'), lines(questions));
  await writeFile(
    path.join(shared, 'eval', 'show-qa-2022.jsonl'),
    lines(questions.map((q) => ({ ...q, id: `b${q.id}` }))),
  );
  // The quiz, here held out: scored by the model fitted on the other two and never trained on.
  await writeFile(
    path.join(shared, 'eval', 'news-qa-2023.jsonl'),
    lines(questions.map((q) => ({ ...q, id: `n${q.id}`, question: q.question.replace('when does', 'When will') }))),
  );
});

afterAll(async () => {
  if (shared) await rm(shared, { recursive: true, force: true });
});

describe('npm run train', () => {
  it('fits a model on the development sets, reports cross-validated figures, and rewrites it byte for byte', async () => {
    const out = path.join(shared, 'model.json');
    const args = [
      '--shared',
      shared,
      '--cache',
      path.join(shared, 'cache'),
      '--out',
      out,
      '--sets',
      'show-2023',
      'show-2022',
      '--held-out',
      'news-quiz-2023',
    ];
    const first = await runCli('train', args, { timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/show-2023: EM \d\.\d{3}/);
    expect(first.stdout).toMatch(/Never trained on; threshold \d\.\d{2}\s+news-quiz-2023: EM \d\.\d{3}/);
    const written = await readFile(out, 'utf8');
    const model = parseAnswerModel(JSON.parse(written));
    const weight = (name: string) => model.weights[featureNames.indexOf(name as (typeof featureNames)[number])]!;
    // The date is right and the weekday never is: the model learns which to trust.
    expect(weight('dayOfMonth')).toBeGreaterThan(weight('weekdayOnly'));
    const second = await runCli('train', args, { timeoutMs: 120_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(written);
  }, 300_000);

  it('refuses a weights file written for other features', () => {
    const model = JSON.parse(
      JSON.stringify({ features: ['votes'], behind: [], mean: [0], scale: [1], weights: [1], bias: 0, threshold: 0.1 }),
    ) as unknown;
    expect(() => parseAnswerModel(model)).toThrow(AnswerModelError);
    expect(() => parseAnswerModel(model)).toThrow(/npm run train/);
  });

  it('refuses a weights file that weighs an unknown feature against the others, or lacks its weight', () => {
    const committed = committedAnswerModel();
    expect(() => parseAnswerModel({ ...committed, behind: ['votes'] })).toThrow(/unknown features \(votes\)/);
    expect(() => parseAnswerModel({ ...committed, behind: [...committed.behind, 'words'] })).toThrow(/wrong length/);
  });
});

describe("a candidate's confidence beside the question's others", () => {
  // A made-up model that weighs only how far a candidate's slot filling is behind the best one's.
  const zeros = featureNames.map(() => 0);
  const model: AnswerModel = {
    ...committedAnswerModel(),
    behind: ['fillsWanted'],
    mean: [...zeros, 0],
    scale: [...zeros.map(() => 1), 1],
    weights: [...zeros, 3],
    bias: 0,
  };
  const candidate = (fillsWanted: number) =>
    Object.fromEntries(featureNames.map((name) => [name, name === 'fillsWanted' ? fillsWanted : 0])) as FeatureVector;

  it('marks a candidate down when another candidate of the question fills the asked slot, not when none does', () => {
    const [alone] = confidencesOf(model, [candidate(0)]);
    const [beside, filler] = confidencesOf(model, [candidate(0), candidate(1)]);
    expect(alone).toBeCloseTo(0.5);
    expect(filler).toBeCloseTo(0.5);
    expect(beside).toBeLessThan(0.1);
  });
});

describe('confidence', () => {
  const text = 'Lantern said on Monday that Glass Harbor premieres on March 3. The drama was announced last year.';
  const question = 'When does Glass Harbor premiere?';
  const lexical = createLexicalIndex();
  lexical.add([{ label: 0, title: 'Glass Harbor sets its premiere', text }]);
  const passage: Passage = {
    chunkId: 'a#0',
    article: {
      id: 'a',
      file: 'a.txt',
      title: 'Glass Harbor sets its premiere',
      outlet: 'Screen',
      url: 'https://screen.example/a',
      published: '2024-02-20',
      show: null,
    },
    text,
    start: 0,
    end: text.length,
    score: 1,
  };
  const retrieval: Retrieval = { question, mode: 'lexical', groups: [{ passages: [passage], score: 1 }] };

  it('gives a bold short answer with the committed model when it is sure enough', () => {
    const answer = composeExtractiveAnswer(question, retrieval, lexical, committedAnswerModel(), '2024-02-21' as Day);
    expect(answer.abstained).toBe(false);
    expect(answer.short).toBe('March 3');
  });

  it.each([
    ['the day after the report', '2024-02-21', false],
    ['the day itself', '2024-03-03', false],
    ['the day after it', '2024-03-04', true],
  ])(
    'asked when it "premieres" on %s, gives the report’s date or is not sure of a date gone by (%s)',
    (_, asOf, unsure) => {
      // Published 2024-02-20: "March 3" is read in the report's year, March 3, 2024.
      const answer = composeExtractiveAnswer(question, retrieval, lexical, committedAnswerModel(), asOf as Day);
      expect(answer.abstained).toBe(unsure);
      if (unsure) {
        expect(answer.short).toBeNull();
        expect(answer.answer).toMatch(/^I'm not sure about when Glass Harbor premieres?\b/);
        expect(answer.answer).toContain('premieres on March 3. [1]');
      } else expect(answer.short).toBe('March 3');
    },
  );

  it('shows no short answer below the threshold: says it is not sure and cites the closest passage', () => {
    const unsure = { ...committedAnswerModel(), threshold: 1 };
    const answer = composeExtractiveAnswer(question, retrieval, lexical, unsure);
    expect(answer.short).toBeNull();
    expect(answer.abstained).toBe(true);
    expect(answer.answer).toMatch(/^I'm not sure about when Glass Harbor premieres?\b/);
    expect(answer.answer).toContain('premieres on March 3. [1]');
    expect(answer.citations).toHaveLength(1);
  });
});
