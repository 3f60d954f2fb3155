import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuestionFile } from '../src/eval/question-file';
import {
  parseQuizLines,
  percentile,
  sameArticleKey,
  scoreQuizItem,
  totalQuizScores,
  totalsByType,
  type QuizScore,
  type QuizTotals,
} from '../src/eval/quiz';
import { QaFileError } from '../src/eval/score';
import { bestOver, containsAnswer, exactMatch, normaliseAnswer, tokenF1 } from '../src/eval/squad';
import type { Retrieval } from '../src/retrieve/types';
import { readJsonlFile } from '../src/ingest/jsonl-file';
import { repoRoot } from './support/sample-index';
import { runCli } from './support/run-cli';

// A made-up corpus in the news-quiz corpus's record form, and questions about it.
const records = [
  {
    url: 'https://www.coastscreen.example/harbor-lights-renewed',
    outlet_domain: 'coastscreen.example',
    title: 'Harbor Lights renewed for a second season',
    publish_date: '2021/03/01',
    text: 'The streamer renewed Harbor Lights for a second season, showrunner Mara Quill said on Monday. The fishing drama returns next year with its whole cast.',
  },
  {
    url: 'https://dailyreel.example/harbor-lights-cancelled',
    outlet_domain: 'dailyreel.example',
    title: 'Harbor Lights cancelled after two seasons',
    publish_date: '2022/06/10',
    text: 'The streamer cancelled Harbor Lights after two seasons, showrunner Mara Quill said on Friday. The fishing drama will not return.',
  },
  {
    url: 'https://lantern.example/moonfall-inn-premiere',
    outlet_domain: 'lantern.example',
    title: 'Moonfall Inn sets its premiere',
    publish_date: '2022/09/01',
    text: 'Moonfall Inn, the ghost comedy from creator Pia Sorensen, premieres on October 3 on the Lantern channel.',
  },
  {
    url: 'https://setvisit.example/harbor-lights-location',
    outlet_domain: 'setvisit.example',
    title: 'Where Harbor Lights is filmed',
    text: 'The fishing drama Harbor Lights is filmed in the harbour town of Lunenburg, Nova Scotia.',
  },
];
const corpusLines = [
  ...records.map((r) => JSON.stringify(r)),
  '{not json',
  JSON.stringify({ ...records[0], url: 'https://coastscreen.example/harbor-lights-renewed?utm_source=feed' }),
  JSON.stringify({ url: 'https://empty.example/a', title: 'No body' }),
];

const questions = [
  {
    id: 'renewed',
    question: 'Was Harbor Lights renewed or cancelled?',
    question_date: '2021-12-31',
    answers: ['renewed'],
    // Another spelling of the same address: no www, http, a trailing slash, a tracking parameter.
    gold_urls: ['http://coastscreen.example/harbor-lights-renewed/?utm_source=quiz'],
    source: 'made up',
  },
  {
    id: 'premiere',
    question: 'When does Moonfall Inn premiere?',
    question_date: '2022-09-15',
    answers: ['October 3', 'Oct. 3'],
    gold_urls: ['https://lantern.example/moonfall-inn-premiere'],
  },
  {
    id: 'premiere-too-early',
    question: 'When does Moonfall Inn premiere?',
    question_date: '2022-08-01',
    answers: ['October 3'],
    gold_urls: ['https://lantern.example/moonfall-inn-premiere'],
  },
  {
    id: 'not-in-corpus',
    question: 'Who composed the theme song of Harbor Lights?',
    question_date: '2023-01-01',
    answers: ['Tove Lind'],
    gold_urls: ['https://nowhere.example/theme-song'],
  },
];

let dir: string;
let quizFile: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'eval-quiz-'));
  await writeFile(path.join(dir, 'corpus.jsonl.gz'), gzipSync(corpusLines.join('\n')));
  await mkdir(path.join(dir, 'folder'));
  await writeFile(path.join(dir, 'folder', 'corpus.jsonl'), corpusLines.join('\n'));
  quizFile = path.join(dir, 'quiz.jsonl');
  await writeFile(quizFile, `${questions.map((q) => JSON.stringify(q)).join('\n')}\n`);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('SQuAD short-answer scoring', () => {
  it('ignores case, punctuation, articles and spacing', () => {
    expect(normaliseAnswer('  The  Harbor-Lights, Inc.!')).toBe('harborlights inc');
    expect(exactMatch('the Lantern channel', 'Lantern Channel')).toBe(1);
    expect(exactMatch('Lantern', 'Lantern Channel')).toBe(0);
  });

  it('gives partial credit by shared words and takes the best alternative', () => {
    expect(tokenF1('Lantern', 'the Lantern Channel')).toBeCloseTo(2 / 3);
    expect(tokenF1('Pia Sorensen', 'Mara Quill')).toBe(0);
    expect(bestOver(tokenF1, 'Oct. 3', ['October 3', 'Oct. 3'])).toBe(1);
    expect(bestOver(exactMatch, 'October', ['October 3', 'Oct. 3'])).toBe(0);
  });

  it('finds an answer in a text as whole words only, past citation markers', () => {
    expect(containsAnswer('It premieres on October 3.[1]', ['October 3'])).toBe(true);
    expect(containsAnswer('The US-based streamer…', ['US'])).toBe(true);
    expect(containsAnswer('Its focus is drama.', ['US'])).toBe(false);
  });
});

describe('news-quiz question files', () => {
  it('reads the JSONL form, and tells it apart from the sample form', async () => {
    const set = parseQuestionFile(await readFile(quizFile, 'utf8'), 'quiz.jsonl');
    expect(set.kind).toBe('quiz');
    expect(set.items[0]).toEqual({
      id: 'renewed',
      question: 'Was Harbor Lights renewed or cancelled?',
      questionDate: '2021-12-31',
      answers: ['renewed'],
      goldUrls: ['http://coastscreen.example/harbor-lights-renewed/?utm_source=quiz'],
    });
    const sample = path.join(repoRoot, 'test/fixtures/eval/sample-qa.json');
    expect(parseQuestionFile(await readFile(sample, 'utf8'), sample).kind).toBe('sample');
  });

  it('names the line and field of a bad question', () => {
    const good = JSON.stringify(questions[0]);
    expect(() =>
      parseQuizLines(
        `${good}\n{"id": "x", "question": "Q?", "question_date": "2022-02-30", "answers": ["a"], "gold_urls": []}`,
        'q.jsonl',
      ),
    ).toThrow(/q\.jsonl line 2 .*question_date: expected a date YYYY-MM-DD/);
    expect(() => parseQuizLines(`${good}\n{oops`, 'q.jsonl')).toThrow(/q\.jsonl line 2 is not valid JSON/);
    expect(() => parseQuizLines(`${good}\n${good}`, 'q.jsonl')).toThrow(/id "renewed" twice/);
    const noAnswers = { ...questions[0], answers: undefined };
    expect(() => parseQuizLines(JSON.stringify(noAnswers))).toThrow(QaFileError);
  });

  it('scores a question the corpus does not answer as right exactly when declined, apart from the answerable', () => {
    const line = { ...questions[0], id: 'nothing', answers: [], gold_urls: [], type: 'unanswerable' };
    const [unanswerable] = parseQuizLines(JSON.stringify(line));
    const [answerable] = parseQuizLines(JSON.stringify({ ...questions[1], type: 'date' }));
    const nothing: Retrieval = { question: 'q', groups: [], mode: 'lexical' };
    const shown = { answer: 'October 3: … [1]', abstained: false, short: 'October 3', citations: [] };
    const wrong = { ...shown, short: 'October 4' };
    const declined = { answer: 'No article says.', abstained: true, short: null, citations: [] };
    const scores = [
      scoreQuizItem(unanswerable!, declined, nothing, 1),
      scoreQuizItem(unanswerable!, wrong, nothing, 1),
      scoreQuizItem(answerable!, shown, nothing, 1),
      scoreQuizItem(answerable!, wrong, nothing, 1),
      scoreQuizItem(answerable!, declined, nothing, 1),
      scoreQuizItem(answerable!, { ...shown, short: null }, nothing, 1),
    ];
    expect(totalQuizScores(scores)).toMatchObject({
      questions: 6,
      unanswerable: 2,
      unanswerableDeclined: 1,
      answerableDeclined: 0.25,
      exactMatch: 0.25,
      // Two short answers shown to answerable questions, one of them right.
      rightWhenShown: 0.5,
      shown: 2,
    });
    expect(totalsByType(scores)).toEqual([
      { type: 'date', asked: 4, right: 1, shown: 2, declined: 1 },
      { type: 'unanswerable', asked: 2, right: 1, shown: 1, declined: 1 },
    ]);
  });

  it('compares URLs as the ingest does when it drops duplicates', () => {
    expect(sameArticleKey('http://www.Example.com/a/?utm_medium=x#top')).toBe(sameArticleKey('https://example.com/a'));
    expect(sameArticleKey('https://example.com/a')).not.toBe(sameArticleKey('https://example.com/b'));
  });

  it('scores the short answer when the engine gives one, the first gold article by rank', () => {
    const item = parseQuizLines(JSON.stringify(questions[1]))[0]!;
    const article = (id: string, url: string) => ({
      id,
      file: 'f',
      title: 't',
      outlet: 'o',
      url,
      published: null,
      show: null,
    });
    const passage = (id: string, url: string) => ({
      chunkId: `${id}#0`,
      article: article(id, url),
      text: '',
      start: 0,
      end: 0,
      score: 1,
    });
    const retrieval: Retrieval = {
      question: item.question,
      mode: 'lexical',
      groups: [
        { score: 3, passages: [passage('a', 'https://other.example/1'), passage('b', 'https://other.example/2')] },
        {
          score: 2,
          passages: [
            passage('a', 'https://other.example/1'),
            passage('c', 'https://www.lantern.example/moonfall-inn-premiere/'),
          ],
        },
      ],
    };
    const answer = { answer: 'It premieres on October 3. [1]', abstained: false, short: 'on October 3', citations: [] };
    const score = scoreQuizItem(item, answer, retrieval, 4);
    expect(score).toMatchObject({ exactMatch: 0, contains: true, goldCited: false, goldRank: 3 });
    expect(score.f1).toBeCloseTo(0.8);
    expect(scoreQuizItem(item, { ...answer, abstained: true }, retrieval, 4)).toMatchObject({ f1: 0, contains: false });
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe('reading a JSONL corpus in place', () => {
  it('reads gzipped records with the ingest rules, skipping bad lines and duplicates with reasons', async () => {
    const { articles, skipped } = await readJsonlFile(path.join(dir, 'corpus.jsonl.gz'));
    expect(articles.map((a) => [a.id, a.outlet, a.published])).toEqual([
      ['corpus#0', 'coastscreen.example', '2021-03-01'],
      ['corpus#1', 'dailyreel.example', '2022-06-10'],
      ['corpus#2', 'lantern.example', '2022-09-01'],
      ['corpus#3', 'setvisit.example', null],
    ]);
    expect(skipped).toEqual([
      { file: 'corpus.jsonl', reason: expect.stringMatching(/^line 5: bad JSON/) as string },
      { file: 'corpus.jsonl', reason: 'line 6: duplicate of corpus.jsonl line 1 (same URL)' },
      { file: 'corpus.jsonl', reason: 'line 7: missing text' },
    ]);
  });
});

interface QuizJson {
  totals: QuizTotals;
  items: QuizScore[];
}

describe('npm run eval on a news quiz with --articles', () => {
  const byId = (result: QuizJson) => new Map(result.items.map((item) => [item.id, item]));

  it('builds a temporary index from a gz JSONL corpus and asks each question as of its date', async () => {
    const indexDir = path.join(dir, 'configured-index');
    const result = await runCli('eval', ['--qa', quizFile, '--articles', path.join(dir, 'corpus.jsonl.gz'), '--json'], {
      env: { INDEX_DIR: indexDir, ARTICLES_DIR: path.join(dir, 'folder') },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('Indexed 4 articles');
    expect(result.stderr).toMatch(/asking .*4\/4/);
    const json = JSON.parse(result.stdout) as QuizJson;
    const items = byId(json);
    expect(items.get('renewed')).toMatchObject({ goldRank: 1, goldCited: true, contains: true, abstained: false });
    expect(items.get('premiere')).toMatchObject({ goldRank: 1, goldCited: true, contains: true });
    // Asked before the article was published: it cannot be found.
    expect(items.get('premiere-too-early')).toMatchObject({ goldRank: null, goldCited: false, contains: false });
    expect(items.get('not-in-corpus')).toMatchObject({ goldRank: null, goldCited: false, contains: false });
    const declined = json.items.filter((item) => item.abstained).length / 4;
    expect(json.totals).toMatchObject({
      questions: 4,
      hitsAt1: 0.5,
      hitsAt5: 0.5,
      hitsAt10: 0.5,
      goldCited: 0.5,
      contains: 0.5,
      declined,
    });
    expect(json.totals.askMsP95).toBeGreaterThanOrEqual(json.totals.askMsP50);
    // The configured index is not built or touched.
    await expect(readFile(path.join(indexDir, 'CURRENT'))).rejects.toThrow(/ENOENT/);
  });

  it('prints the measures as a table, from a folder of articles', async () => {
    const result = await runCli('eval', ['--qa', quizFile, '--articles', path.join(dir, 'folder')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      '4 questions, each asked as of its question date over 4 articles; lexical retrieval',
    );
    expect(result.stdout).toMatch(/gold article first retrieved \(Hits@1\) +0\.500/);
    expect(result.stdout).toMatch(/answer string in the answer text +0\.500/);
    expect(result.stdout).toMatch(/ask latency p50 \/ p95, ms +\d+\.\d \/ \d+\.\d/);
    expect(result.stderr).toContain('3 skipped (bad JSON: 1, duplicate: 1, missing text: 1)');
  });

  it('keeps the sample set and its gates, also over --articles', async () => {
    const sample = path.join(repoRoot, 'test/fixtures/eval/sample-qa.json');
    const gates = ['--min-answer', '1', '--min-source', '1', '--min-abstain', '1'];
    const result = await runCli('eval', ['--qa', sample, '--articles', path.join(repoRoot, 'data/articles'), ...gates]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('answer 100.0%, source 100.0%, abstain 100.0%');
  });

  it('refuses a bad --articles path or sample gates on a quiz, with exit code 2', async () => {
    const missing = await runCli('eval', ['--qa', quizFile, '--articles', path.join(dir, 'nope.jsonl.gz')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Cannot read the articles');
    const wrongKind = await runCli('eval', ['--qa', quizFile, '--articles', quizFile.replace('.jsonl', '.csv')]);
    expect(wrongKind.code).toBe(2);
    const gated = await runCli('eval', ['--qa', quizFile, '--min-answer', '0.5']);
    expect(gated.code).toBe(2);
    expect(gated.stderr).toContain('score sample-form question files');
  });
});
