import { describe, expect, it } from 'vitest';
import { composeExtractiveAnswer } from '../src/answer/extractive';
import { createLexicalIndex } from '../src/index/lexical';
import type { Passage, Retrieval } from '../src/retrieve/types';
import type { TermStatistics } from '../src/index/types';
import { compatible, contradicts, readValue, type ValueKind } from '../src/answer/disagreement-values';
import { disagreementText, readableDay } from '../src/answer/disagreement-answer';
import { findDisagreement, subjectKeys } from '../src/answer/disagreement';
import { questionRelation } from '../src/answer/relations';
import { answerJson, formatAnswer } from '../src/cli/format';
import { zeroTimings } from './support/timings';
import type { Day } from '../src/day';

/** A made-up report: one article, one passage. */
interface Report {
  id: string;
  outlet: string;
  published: string;
  title: string;
  text: string;
}

/** Retrieval over made-up reports in the order given, with statistics from a real BM25 index of them. */
function retrievalOf(question: string, reports: Report[]): { retrieval: Retrieval; stats: TermStatistics } {
  const lexical = createLexicalIndex();
  lexical.add(reports.map((r, i) => ({ label: i, title: r.title, text: r.text })));
  const passages: Passage[] = reports.map((r, i) => ({
    chunkId: `${r.id}#0`,
    article: {
      id: r.id,
      file: `${r.id}.txt`,
      title: r.title,
      outlet: r.outlet,
      url: `https://${r.id}.example/story`,
      published: r.published,
      show: null,
    },
    text: r.text,
    start: 0,
    end: r.text.length,
    score: 1 / (i + 1),
  }));
  return {
    retrieval: { question, mode: 'lexical', groups: passages.map((p) => ({ passages: [p], score: p.score })) },
    stats: lexical,
  };
}

const report = (id: string, outlet: string, published: string, text: string): Report => ({
  id,
  outlet,
  published,
  title: 'Glass Harbor season 2 sets its premiere',
  text,
});

const premiereQuestion = 'When does Glass Harbor season 2 premiere?';
/** Asked the day of the newest report, as the bot asks about news: a date still to come is no date gone by. */
const newestDay = (reports: Report[]) =>
  reports
    .map((r) => r.published)
    .sort()
    .at(-1)! as Day;

describe('outlets that disagree, in the extractive answer', () => {
  it('names both premiere dates, newest report first, each cited, and keeps the bold answer', () => {
    const reports = [
      report(
        'reel',
        'Reel Post',
        '2024-02-20',
        'Glass Harbor season 2 premieres on March 10 on Zentro, the streamer said on Tuesday.',
      ),
      report(
        'screen',
        'Screen Daily',
        '2024-03-01',
        'Glass Harbor season 2 premieres on March 3 on Zentro, a week earlier than first planned.',
      ),
      report('tide', 'Tide Times', '2024-02-22', 'Zentro said Glass Harbor season 2 premieres on March 10.'),
    ];
    const { retrieval, stats } = retrievalOf(premiereQuestion, reports);
    const answer = composeExtractiveAnswer(premiereQuestion, retrieval, stats, undefined, newestDay(reports));
    expect(answer.short).not.toBeNull();
    const { disagreement } = answer;
    expect(disagreement?.about).toBe('premiere');
    expect(disagreement?.values.map((v) => v.value)).toEqual(['March 3', 'March 10']);
    expect(disagreement?.values.find((v) => v.picked)?.value).toBe(answer.short);
    expect(disagreement?.values[1]?.reports.map((r) => r.outlet)).toEqual(['Tide Times', 'Reel Post']);
    expect(answer.answer).toMatch(
      /Outlets differ: March 3 \(Screen Daily, 1 Mar 2024 \[\d\]\) · March 10 \(Tide Times, 22 Feb 2024 \[\d\]; Reel Post, 20 Feb 2024 \[\d\]\)\.$/,
    );
    // Every report is cited with its own sentence, quoted exactly.
    for (const value of disagreement!.values) {
      for (const r of value.reports) {
        const citation = answer.citations.find((c) => c.n === r.n);
        expect(citation?.outlet).toBe(r.outlet);
        expect(reports.find((x) => x.outlet === r.outlet)?.text).toContain(citation?.quote);
      }
    }
  });

  // Each case that must not be flagged beside its twin that must: the one difference is what decides.
  const march = (id: string, outlet: string, published: string, date: string, season = '2') =>
    report(id, outlet, published, `Glass Harbor season ${season} premieres on ${date} on Zentro.`);
  const episodes = (id: string, outlet: string, published: string, count: string) =>
    report(id, outlet, published, `Glass Harbor season 2 has ${count} episodes, the streamer said.`);
  const seasons = (id: string, outlet: string, published: string, count: string) =>
    report(id, outlet, published, `Glass Harbor has aired ${count} seasons on Zentro so far.`);
  const episodesQuestion = 'How many episodes does Glass Harbor season 2 have?';
  const seasonsQuestion = 'How many seasons does Glass Harbor have?';
  it.each([
    {
      case: 'a date and its coarser form',
      flagged: false,
      reports: [
        march('reel', 'Reel Post', '2024-02-20', 'March 3'),
        march('screen', 'Screen Daily', '2024-02-21', 'March'),
      ],
    },
    {
      case: 'two dates',
      flagged: true,
      reports: [
        march('reel', 'Reel Post', '2024-02-20', 'March 3'),
        march('screen', 'Screen Daily', '2024-02-21', 'March 10'),
      ],
    },
    {
      case: 'one count in digits and in words',
      flagged: false,
      question: episodesQuestion,
      reports: [
        episodes('reel', 'Reel Post', '2024-02-20', '10'),
        episodes('screen', 'Screen Daily', '2024-02-21', 'ten'),
      ],
    },
    {
      case: 'two counts',
      flagged: true,
      question: episodesQuestion,
      reports: [
        episodes('reel', 'Reel Post', '2024-02-20', '10'),
        episodes('screen', 'Screen Daily', '2024-02-21', 'eight'),
      ],
    },
    {
      case: 'two seasons, two dates',
      flagged: false,
      reports: [
        march('reel', 'Reel Post', '2024-02-20', 'March 3'),
        march('screen', 'Screen Daily', '2024-02-21', 'March 10', '1'),
      ],
    },
    {
      case: 'one outlet only',
      flagged: false,
      reports: [
        march('reel', 'Reel Post', '2024-02-20', 'March 3'),
        march('reel2', 'Reel Post', '2024-02-21', 'March 10'),
      ],
    },
    {
      case: 'one article that states both (a date that moved)',
      flagged: false,
      reports: [
        report(
          'reel',
          'Reel Post',
          '2024-02-20',
          'Glass Harbor season 2 premieres on March 3 on Zentro, moved from March 10.',
        ),
        march('screen', 'Screen Daily', '2024-02-21', 'March 3'),
      ],
    },
    {
      case: 'a sentence that names a second date',
      flagged: false,
      reports: [
        report(
          'reel',
          'Reel Post',
          '2024-02-20',
          'Glass Harbor season 2 premieres on March 3 in Canada and March 10 at home.',
        ),
        march('screen', 'Screen Daily', '2024-02-21', 'March 10'),
      ],
    },
    {
      case: 'a date that names another work (“April’s Salt Road”)',
      flagged: false,
      reports: [
        march('reel', 'Reel Post', '2024-02-20', 'March 3'),
        report(
          'screen',
          'Screen Daily',
          '2024-02-21',
          'After Glass Harbor season 2, Mara Quill returns as a pilot in Zentro’s next big drama, April’s “Salt Road.”',
        ),
      ],
    },
    {
      case: 'a date of the show’s return',
      flagged: true,
      reports: [
        march('reel', 'Reel Post', '2024-02-20', 'March 3'),
        report(
          'screen',
          'Screen Daily',
          '2024-02-21',
          'After Glass Harbor season 2, Mara Quill returns as a pilot in Zentro’s next big drama in April.',
        ),
      ],
    },
    {
      case: 'a year before "season" (“the 2023 season”)',
      flagged: false,
      question: seasonsQuestion,
      reports: [
        seasons('reel', 'Reel Post', '2024-03-20', 'four'),
        report(
          'screen',
          'Screen Daily',
          '2024-04-21',
          'Glass Harbor ended the 2023 season on Zentro with its best ratings.',
        ),
      ],
    },
    {
      case: 'a season written as years (“the 2022-23 season”)',
      flagged: false,
      question: seasonsQuestion,
      reports: [
        seasons('reel', 'Reel Post', '2024-03-20', 'four'),
        report(
          'screen',
          'Screen Daily',
          '2024-04-21',
          'Glass Harbor ended the 2022-23 season on Zentro with its best ratings.',
        ),
      ],
    },
    {
      case: 'part of the run (“the past three seasons”)',
      flagged: false,
      question: seasonsQuestion,
      reports: [
        seasons('reel', 'Reel Post', '2024-03-20', 'five'),
        report(
          'screen',
          'Screen Daily',
          '2024-04-21',
          'Glass Harbor has drawn more viewers on Zentro over the past three seasons.',
        ),
      ],
    },
    {
      case: 'the whole run (“over three seasons”)',
      flagged: true,
      question: seasonsQuestion,
      reports: [
        seasons('reel', 'Reel Post', '2024-03-20', 'five'),
        report(
          'screen',
          'Screen Daily',
          '2024-04-21',
          'Glass Harbor has drawn more viewers on Zentro over three seasons.',
        ),
      ],
    },
    {
      case: 'a count before "seasons"',
      flagged: true,
      question: seasonsQuestion,
      reports: [
        seasons('reel', 'Reel Post', '2024-03-20', 'four'),
        report(
          'screen',
          'Screen Daily',
          '2024-04-21',
          'Glass Harbor ended its five seasons on Zentro with its best ratings.',
        ),
      ],
    },
    {
      case: 'two networks (one airs it, one streams it)',
      flagged: false,
      question: 'What network is Glass Harbor season 2 on?',
      reports: [
        report('reel', 'Reel Post', '2024-02-20', 'Glass Harbor season 2 airs on Zentro in March.'),
        report('screen', 'Screen Daily', '2024-02-21', 'Glass Harbor season 2 streams on Brightwave in March.'),
      ],
    },
    {
      case: 'reports a year apart (a count that grew)',
      flagged: false,
      question: seasonsQuestion,
      reports: [
        seasons('reel', 'Reel Post', '2023-02-20', 'four'),
        seasons('screen', 'Screen Daily', '2024-04-21', 'five'),
      ],
    },
    {
      case: 'reports a month apart',
      flagged: true,
      question: seasonsQuestion,
      reports: [
        seasons('reel', 'Reel Post', '2024-03-20', 'four'),
        seasons('screen', 'Screen Daily', '2024-04-21', 'five'),
      ],
    },
  ])('$case: outlets differ, $flagged', ({ reports, flagged, question = premiereQuestion }) => {
    const { retrieval, stats } = retrievalOf(question, reports);
    const answer = composeExtractiveAnswer(question, retrieval, stats, undefined, newestDay(reports));
    expect(answer.abstained).toBe(false);
    expect(answer.disagreement !== undefined).toBe(flagged);
    expect(answer.answer.includes('Outlets differ')).toBe(flagged);
  });
});

describe('the subject of a rival sentence', () => {
  const question = 'When does Glass Harbor premiere?';
  // "premiere" is rarer than the show's name in this made-up corpus, as it is in one about a single show.
  const questionWeights = new Map([
    ['glass', 1],
    ['harbor', 1],
    ['premier', 5],
  ]);
  const articles = new Map([
    ['reel', { outlet: 'Reel Post', title: 'Glass Harbor sets its premiere', published: '2024-02-20' }],
    ['screen', { outlet: 'Screen Daily', title: 'Zentro sets its spring premieres', published: '2024-02-21' }],
  ]);
  it.each([
    { rival: 'Salt Road premieres on March 10 on Zentro.', flagged: false },
    { rival: 'Glass Harbor premieres on March 10 on Zentro.', flagged: true },
  ])('"$rival" (holding the slot\'s word "premiere"): outlets differ, $flagged', ({ rival, flagged }) => {
    const detected = findDisagreement({
      question,
      relation: questionRelation(question),
      picked: 'March 3',
      evidence: [
        { text: 'Glass Harbor premieres on March 3 on Zentro.', articleId: 'reel', score: 1 },
        { text: rival, articleId: 'screen', score: 0.5 },
      ],
      questionWeights,
      articleOf: (id) => articles.get(id),
    });
    expect(detected !== null).toBe(flagged);
  });
});

describe('values that can both be true', () => {
  it.each([
    ['date', 'March', 'March 3, 2024', true],
    ['date', 'Friday, March 3', 'March 3', true],
    ['date', 'March 3', 'March 10', false],
    ['date', 'March 2024', 'April 2024', false],
    ['count', '10', 'ten', true],
    ['count', 'eight', '8 to 10', true],
    ['count', 'eight', '10', false],
  ] as [ValueKind, string, string, boolean][])('%s: "%s" and "%s" both true: %s', (kind, a, b, expected) => {
    const [x, y] = [readValue(kind, a, '2024-02-20'), readValue(kind, b, '2024-02-20')];
    expect(compatible(x!, y!)).toBe(expected);
  });

  it.each([
    ['this fall', null],
    ['on Friday', null],
    ['soon', null],
  ])('reads "%s" as too loose to compare', (text, expected) => {
    expect(readValue('date', text, '2024-02-20')).toBe(expected);
  });

  it('reads two dates a season apart as two events, not a contradiction', () => {
    const earlier = readValue('date', 'March 3', '2023-01-10')!;
    const later = readValue('date', 'March 10', '2024-01-10')!;
    expect(compatible(earlier, later)).toBe(false);
    expect(contradicts(earlier, later, 200)).toBe(false);
    expect(contradicts(readValue('date', 'March 3', '2024-01-10')!, later, 200)).toBe(true);
  });

  it('reads only dates that name their month as claims', () => {
    expect(contradicts(readValue('date', '2023', null)!, readValue('date', '2024', null)!, 200)).toBe(false);
  });
});

describe('subjects', () => {
  it.each([
    ['Glass Harbor season 2 premieres in March', ['season:2']],
    ['The second season premieres in March', ['season:2']],
    ['S2 premieres in March', ['season:2']],
    ['Part Two arrives in April', ['part:2']],
    ['The drama returns in March', []],
  ])('"%s" is about %j', (text, keys) => {
    expect([...subjectKeys(text)]).toEqual(keys);
  });
});

describe('how a disagreement reads', () => {
  it('names at most three reports a value and counts the rest', () => {
    const reports = ['A', 'B', 'C', 'D', 'E'].map((outlet, i) => ({
      file: `${outlet}.txt`,
      outlet,
      title: 't',
      url: null,
      published: `2024-02-0${i + 1}`,
      n: i + 2,
      quote: 'q',
    }));
    const text = disagreementText({
      kind: 'count',
      about: 'episodes',
      values: [
        { value: '8', picked: true, reports },
        {
          value: '10',
          picked: false,
          reports: [{ file: 'z.txt', outlet: 'Z', title: 't', url: null, published: null, n: 1, quote: 'q' }],
        },
      ],
    });
    expect(text).toBe(
      'Outlets differ: 8 (A, 1 Feb 2024 [2]; B, 2 Feb 2024 [3]; C, 3 Feb 2024 [4]; and 2 more) · 10 (Z [1]).',
    );
  });

  it('writes days readably and leaves an unreadable one out', () => {
    expect(readableDay('2024-03-02')).toBe('2 Mar 2024');
    expect(readableDay('someday')).toBeNull();
  });
});

describe('the command line', () => {
  const disagreement = {
    kind: 'date' as const,
    about: 'premiere',
    values: [
      {
        value: 'March 3',
        picked: true,
        reports: [
          { file: 's.txt', outlet: 'Screen Daily', title: 't', url: null, published: '2024-03-01', n: 1, quote: 'q' },
        ],
      },
      {
        value: 'March 10',
        picked: false,
        reports: [
          { file: 'r.txt', outlet: 'Reel Post', title: 't', url: null, published: '2024-02-20', n: 2, quote: 'q' },
        ],
      },
    ],
  };
  const line = 'Outlets differ: March 3 (Screen Daily, 1 Mar 2024 [1]) · March 10 (Reel Post, 20 Feb 2024 [2]).';
  const answer = {
    question: 'When does Glass Harbor season 2 premiere?',
    short: 'March 3',
    answer: `March 3: Glass Harbor season 2 premieres on March 3. [1] ${line}`,
    abstained: false,
    mode: 'extractive' as const,
    citations: [],
    disagreement,
    timings: zeroTimings,
  };

  it('prints the disagreement on a line of its own after the answer', () => {
    expect(formatAnswer(answer).split('\n')).toEqual([
      'March 3: Glass Harbor season 2 premieres on March 3. [1]',
      '',
      line,
    ]);
  });

  it("prints it for a model's answer too, which does not write the line itself", () => {
    const written = { ...answer, mode: 'llm' as const, answer: 'Outlets give March 3 and March 10 [1][2].' };
    expect(formatAnswer(written)).toContain(`\n\n${line}`);
  });

  it('includes it in --json', () => {
    expect((JSON.parse(answerJson(answer)) as { disagreement: unknown }).disagreement).toEqual(disagreement);
  });
});
