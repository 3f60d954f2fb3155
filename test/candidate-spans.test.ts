import { describe, expect, it } from 'vitest';
import { answerShape } from '../src/answer/answer-type';
import { shortAnswerCandidates } from '../src/answer/short-answer';
import { analyzeSentence, lengthSpans } from '../src/answer/spans';
import { contentTerms } from '../src/text/terms';
import { engineForTests } from './support/sample-index';

/** The candidate spans of a sentence, as "kind:text", leaving out common nouns and noun phrases. */
function spansOf(sentence: string): string[] {
  return analyzeSentence(sentence)
    .spans.filter((span) => span.kind !== 'noun' && span.kind !== 'phrase')
    .map((span) => `${span.kind}:${span.text}`);
}

describe('candidate spans are cut where the answer starts and ends', () => {
  it.each([
    ['a short month and its day', 'Glass Harbor returns Sept. 13 on Zentro.', 'date:Sept. 13', 'number:13'],
    ['a range of days', 'The specials are free to stream Nov. 3-6 on the app.', 'date:Nov. 3-6', 'date:Nov.'],
    ['a day with its year', 'The finale aired Sept. 17, 2027, to record ratings.', 'date:Sept. 17, 2027', 'number:17'],
    [
      'a name after a job title',
      'Showrunner Mara Quill said the season ends in May.',
      'name:Mara Quill',
      'name:Showrunner Mara Quill',
    ],
    ['a name after praise', 'Superstar Ada Lind will host the gala.', 'name:Ada Lind', 'name:Superstar Ada Lind'],
    [
      'a name after a lower-case relation',
      'She split from her ex-fiancée Tobin Reyes last year.',
      'name:Tobin Reyes',
      'name:ex-fiancée Tobin Reyes',
    ],
    [
      'a name, not a handle',
      'The show welcomed @dana_velt as its new co-host on Monday.',
      'date:Monday',
      'name:@dana_velt',
    ],
  ])('%s: "%s" holds %s, not %s', (_, sentence, wanted, unwanted) => {
    const spans = spansOf(sentence);
    expect(spans).toContain(wanted);
    expect(spans).not.toContain(unwanted);
  });
});

describe('names the question shares a word with', () => {
  it("keep a person's full name: the question's surname does not cut it to a first name", () => {
    const question = 'what character did ada holt play on lantern street';
    const weights = new Map(contentTerms(question).map((term) => [term, 1]));
    const sentence = 'Ada Holt was a fan favourite for her role as Karen’s friend Beverley Holt on “Lantern Street.”';
    const texts = shortAnswerCandidates({ shape: answerShape(question), questionWeights: weights }, [
      { text: sentence, articleId: 'a', score: 1 },
    ]).map((candidate) => candidate.text);
    expect(texts).toContain('Beverley Holt');
    expect(texts).not.toContain('Beverley');
  });

  it('keep the full name when two reports spell the surname differently, not the first name they share', () => {
    const question = 'who plays corvin';
    const weights = new Map(contentTerms(question).map((term) => [term, 1]));
    const texts = shortAnswerCandidates({ shape: answerShape(question), questionWeights: weights }, [
      { text: 'Corvin is played by David Lindqvist in the new drama.', articleId: 'a', score: 1 },
      { text: 'David Lindquist was praised for his turn as Corvin.', articleId: 'b', score: 1 },
    ]).map((candidate) => candidate.text);
    expect(texts).toContain('David Lindqvist');
    expect(texts).not.toContain('David');
  });
});

describe('counts written as one answer', () => {
  it.each([
    ['a length of time as one word', 'The three-year contract must still be approved.', 'three-year'],
    ['a length in digits', 'She signed a 10-week deal with the network.', '10-week'],
  ])('%s: "%s" holds the length %s', (_, sentence, wanted) => {
    expect(lengthSpans(analyzeSentence(sentence)).map((span) => span.text)).toContain(wanted);
  });

  it('reads no length where the noun after the hyphen is no unit of time', () => {
    expect(lengthSpans(analyzeSentence('A two-hour, five-part documentary.')).map((span) => span.text)).toEqual([
      'two-hour',
    ]);
  });

  it.each([
    ['a range of counts', 'Shows like Glass Harbor will have seasons of 7 to 9 episodes.', 'number:7 to 9'],
    ['a range in words', 'The spin-off will run six to eight episodes.', 'number:six to eight'],
  ])('%s: "%s" holds %s', (_, sentence, wanted) => {
    expect(spansOf(sentence)).toContain(wanted);
  });

  it.each([
    ['a change is no range', 'Ratings rose from 7 to 9 million viewers.', 'number:7 to 9'],
    ['years are a date, not a count', 'The sitcom aired from 1984 to 1989 on the network.', 'number:1984 to 1989'],
  ])('%s: "%s" holds no %s', (_, sentence, unwanted) => {
    expect(spansOf(sentence)).not.toContain(unwanted);
  });
});

function article(slug: string, title: string, published: string, body: string): [string, string] {
  return [
    `${slug}.md`,
    `---\ntitle: ${JSON.stringify(title)}\noutlet: Screen Desk\nurl: https://screendesk.example/${slug}\npublished: ${published}\n---\n${body}\n`,
  ];
}

const articles = Object.fromEntries([
  article(
    'tin-harbor-network',
    'Tin Harbor gets a second season',
    '2024-05-20',
    "Zentro's legal drama “Tin Harbor” has been renewed for a second season. The cast of Zentro's “Tin Harbor” returns next spring.",
  ),
  article(
    'night-owls-anniversary',
    'Night Owls Live celebrates its anniversary',
    '2024-06-02',
    'The late-night show Night Owls Live, which has been on the air since 1998, celebrated with a party in Lakeport.',
  ),
  article(
    'quill-special',
    "'Zentro's Big Night Out' wins the variety award",
    '2024-09-16',
    'Comedian Zentro won his first award on Sunday for his variety special “Big Night Out,” and his speech brought the room to its feet.',
  ),
  article(
    'short-seasons',
    'Strike shortens the new seasons',
    '2024-10-10',
    'Comedies like “Lantern Street” will have shortened seasons of 7 to 9 episodes after the strike, the studios said.',
  ),
  article(
    'guild-deal',
    'Writers approve their new contract',
    '2024-10-12',
    'After a long strike, the three-year contract agreement between the writers and the studios must still be approved by the guild board.',
  ),
]);

const engine = engineForTests('candidate-spans-', articles);

describe('short answers of TV news', () => {
  it('name the network without the possessive it owns a show by', async () => {
    const answer = await engine().ask('what network is tin harbor on');
    expect(answer.short).toBe('Zentro');
  });

  it('name a title without the owner the question names', async () => {
    const answer = await engine().ask("zentro's first award was for which special");
    expect(answer.short).toBe('Big Night Out');
  });

  it('answer "how many" with a range', async () => {
    const answer = await engine().ask('how many episodes will lantern street have this season');
    expect(answer.short).toBe('7 to 9');
  });

  it('answer "how long" with a length written as one word', async () => {
    const answer = await engine().ask('how long is the writers contract');
    expect(answer.short).toBe('three-year');
  });

  it('answer "how long has it been on" with the year it began', async () => {
    const answer = await engine().ask('how long has night owls live been on the air');
    expect(answer.short).toBe('1998');
  });
});
