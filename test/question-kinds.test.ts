import { describe, expect, it } from 'vitest';
import { answerShape, kindRows, runTogetherRows } from '../src/answer/answer-type';
import { questionProfile } from '../src/answer/profile';
import { parseDay } from '../src/day';

describe('the kind of answer a question asks for', () => {
  it.each(kindRows.map((row) => [row.example, row]))('"%s" is read by its row', (example, row) => {
    expect(kindRows.find((r) => r.pattern.test(example))).toBe(row);
    expect(answerShape(example)).toMatchObject(row.shape);
  });

  it.each([
    ['Who is Dana Reyes?', 'explanation'],
    ["who's ada lind", 'explanation'],
    ['who is the villain in kestrel bay', 'person'],
    ['who is hosting the starfall awards', 'person'],
    ["who's in the cast of kestrel bay", 'person'],
    ['who is kestrel bay star dana reyes dating', 'person'],
    ['What is Kestrel Bay about?', 'explanation'],
    ['what did the showrunner say about the finale', 'explanation'],
    ['what did the showrunner say the finale would be called', 'name'],
  ])('"%s" asks for %s', (question, expected) => {
    expect(answerShape(question).expected).toBe(expected);
  });

  it.each([
    // A season is asked for by its number, even before another noun.
    ['which season finale did the couple get engaged in', { expected: 'number', focus: 'season', rank: true }],
    // A plural time noun asks for dates as the singular does.
    ['what years was kestrel bay on the air', { expected: 'date', focus: 'years' }],
    ['which dates is the holiday special free to stream', { expected: 'date', focus: 'dates' }],
    // Where a show streams is a service, not a place.
    ['where can i stream kestrel bay', { expected: 'organization' }],
    ['where is kestrel bay streaming now', { expected: 'organization' }],
    // A place asked with "where" and no streaming is still a place.
    ['where was kestrel bay filmed', { expected: 'place' }],
    // "what's" is "what is": the noun after it is the one asked for.
    ["what's the hotel they film the awards at", { expected: 'name', focus: 'hotel' }],
    // When was it on is a date; how many seasons a count.
    ['when was the last season of kestrel bay', { expected: 'date' }],
    ['how many seasons did kestrel bay run', { expected: 'number', focus: 'seasons' }],
    // The name of an episode is a title, though "where" follows it.
    ['what was the name of the kestrel bay episode where the ferry sinks', { expected: 'name' }],
  ])('"%s" asks for %o', (question, shape) => {
    expect(answerShape(question)).toMatchObject(shape);
  });
});

describe('question words run together as fans type them', () => {
  // What each row's example asks for once written out; without the row it asks for a name.
  const reads: Record<string, object> = {
    'whats the name of the boat in kestrel bay': { expected: 'name', focus: 'boat' },
    'whos hosting the starfall awards': { expected: 'person' },
    'wheres kestrel bay streaming now': { expected: 'organization' },
    'whens kestrel bay coming back': { expected: 'date' },
    'hows dana reyes related to the captain': { expected: 'explanation' },
  };

  it.each(runTogetherRows.map((row) => [row.example]))('"%s" is read as written out', (example) => {
    expect(reads[example]).toBeDefined();
    expect(answerShape(example)).toMatchObject(reads[example]!);
  });
});

describe('the question profile', () => {
  const stats = { documentFrequency: (term: string) => (term === 'stream' ? 50 : 2), documentCount: () => 100 };

  it('reads the kind, the relation and the weights of a question once, together', () => {
    const profile = questionProfile('where can i stream kestrel bay', stats, parseDay('2024-05-01'));
    expect(profile.shape.expected).toBe('organization');
    expect(profile.relation).toEqual({ relation: 'network', wants: 'network' });
    expect(profile.asOf).toBe('2024-05-01');
    // A rare word tells more than a common one, for retrieval and for the evidence alike.
    expect(profile.searchWeights.get('kestrel')!).toBeGreaterThan(profile.searchWeights.get('stream')!);
    expect([...profile.evidenceWeights.keys()]).toEqual(expect.arrayContaining(['kestrel', 'bai', 'stream']));
  });

  it('leaves the noun that names the kind of answer out of the evidence terms', () => {
    const profile = questionProfile('which city will host the starfall awards', stats);
    expect(profile.focusTerm).toBe('citi');
    expect(profile.evidenceWeights.has('citi')).toBe(false);
    expect(profile.questionWeights.has('citi')).toBe(true);
  });
});
