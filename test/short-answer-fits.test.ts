import { describe, expect, it } from 'vitest';
import { answerShape } from '../src/answer/answer-type';
import { analyzeQuestion } from '../src/answer/question';
import { shortAnswerCandidates } from '../src/answer/short-answer';
import { shortAnswerDefaults } from '../src/answer/short-answer-defaults';

/*
 * Every named fit level of the short-answer stage, each with a made-up question and sentence that
 * reach it: the candidate's kind fit (a feature the answer model weighs) is that level. A row that
 * stops reaching its level means a rule now reads such a span differently.
 */

type KindLevel = keyof typeof shortAnswerDefaults.kindFit;
type ContextLevel = keyof typeof shortAnswerDefaults.contextFit;

const kindRows: [KindLevel, string, string, string][] = [
  [
    'appositive',
    'Which town hosted the Saltmarsh festival?',
    'The Saltmarsh festival was held in the town of Fowey last May.',
    'Fowey',
  ],
  [
    'statesAnswer',
    'Mara Quill was seen balancing what on her nose?',
    'Mara Quill was seen balancing a teacup on her nose.',
    'teacup',
  ],
  [
    'workTitle',
    'Which song did Mara Quill sing at the gala?',
    'Mara Quill sang "Harbor Lights" at the gala.',
    'Harbor Lights',
  ],
  ['phrase', 'What did the show give away?', 'The show gave away a shiny red kettle.', 'shiny red kettle'],
  [
    'dateOfOtherGrain',
    'In what year did Saltmarsh premiere?',
    'Saltmarsh premiered on Tuesday, the network said.',
    'Tuesday',
  ],
  ['relativeDate', 'When did filming of Saltmarsh start?', 'Filming of Saltmarsh started last month.', 'last month'],
  [
    'rankOfOtherShape',
    'After which season did Saltmarsh end?',
    'Saltmarsh ended after 12 episodes of its Season 4 run.',
    '12',
  ],
  [
    'numberForScore',
    'What was the final score of the Harbor Cup final?',
    'The Gulls scored 3 goals in the Harbor Cup final.',
    '3',
  ],
  [
    'lengthWithoutUnit',
    'How long did filming of Saltmarsh last?',
    'Filming of Saltmarsh lasted 40 days with 12 cameras.',
    '12',
  ],
  [
    'numberForShare',
    'What percentage of viewers watched Saltmarsh?',
    'About 12 million people, or 40% of viewers, watched Saltmarsh.',
    '12 million',
  ],
  [
    'uncountedNumber',
    'How many episodes does Saltmarsh have?',
    'Saltmarsh, which cost 12 million, has eight episodes.',
    '12 million',
  ],
  [
    'amountForCount',
    'How many episodes does Saltmarsh have?',
    'Saltmarsh, which holds a 91% score, has eight episodes.',
    '91%',
  ],
  [
    'labelForCount',
    'How many episodes does Saltmarsh have?',
    'Saltmarsh Part 2 has eight episodes and arrives in May.',
    '2',
  ],
  [
    'oneOfForCount',
    'How many episodes does Saltmarsh have?',
    'Saltmarsh is one of the dramas of the spring, with eight episodes.',
    '1',
  ],
  ['titleForName', 'Who wrote the novel?', 'The novel "Tidewater" was written by Zyx Quorbel.', 'Tidewater'],
  [
    'showForName',
    'Who plays Corvin Hale?',
    'News on the second seasons of Corvin Hale and Dana Quill is scarce.',
    'Dana Quill',
  ],
  [
    'placeOfOtherClass',
    'Which city hosted the Saltmarsh festival?',
    'The Saltmarsh festival was held in Uruguay.',
    'Uruguay',
  ],
  [
    'placeOfNoClass',
    'Which city hosted the Saltmarsh festival?',
    'The Saltmarsh festival was held in Gannet Bay.',
    'Gannet Bay',
  ],
  [
    'unknownForPlaceClass',
    'Which city hosted the Saltmarsh festival?',
    'The Saltmarsh festival was held in Zentrovia.',
    'Zentrovia',
  ],
  ['personWithOf', 'Who won the Gannet award?', 'The award went to Quorbel of Zentrovia.', 'Quorbel of Zentrovia'],
  ['initialismForPerson', 'Who fined the studio?', 'ZTV fined the studio on Monday.', 'ZTV'],
  ['competitionForTeam', 'Which team won the title?', 'The Gulls won the Coastal League title.', 'Coastal League'],
  ['unknownAfterPlaceWord', 'Where was Saltmarsh filmed?', 'Saltmarsh was filmed in Zentrovia.', 'Zentrovia'],
  ['unknownPlace', 'Where was Saltmarsh filmed?', 'Zentrovia hosted the Saltmarsh shoot.', 'Zentrovia'],
  [
    'unknownFullName',
    'Who plays the harbourmaster in Saltmarsh?',
    'Zyx Quorbel plays the harbourmaster in Saltmarsh.',
    'Zyx Quorbel',
  ],
  [
    'unknownOneWordPerson',
    'Who plays the harbourmaster in Saltmarsh?',
    'Quorbel plays the harbourmaster in Saltmarsh.',
    'Quorbel',
  ],
  ['unknownOrganization', 'Which company makes the kettle?', 'The kettle is made by Corvane Works.', 'Corvane Works'],
  ['unknownOneWordOrganization', 'Which company makes the kettle?', 'The kettle is made by Corvane.', 'Corvane'],
  ['countryForTeam', 'Which team won the Harbor Cup?', 'Estonia won the Harbor Cup on Sunday.', 'Estonia'],
  ['placeForTeam', 'Which team won the Harbor Cup?', 'Bavaria won the Harbor Cup on Sunday.', 'Bavaria'],
  ['organizationForPerson', 'Who bought the studio?', 'Nintendo bought the studio on Monday.', 'Nintendo'],
  ['otherKind', 'Who bought the studio?', 'Uruguay bought the studio on Monday.', 'Uruguay'],
  ['personOrPlaceForThing', 'Which ingredient did the chef add?', 'The chef added Uruguay to the soup.', 'Uruguay'],
  ['nameForNoun', 'Which gadget did the chef use?', 'The chef used a Zentrix to stir the soup.', 'Zentrix'],
  ['otherSpan', 'Which gadget did the chef use on Monday?', 'The chef used it for 12 minutes on Tuesday.', 'Tuesday'],
];

/** Context rows: the span's kind level, times the context's. */
const contextRows: [ContextLevel, KindLevel, string, string, string][] = [
  [
    'attributed',
    'unknownFullName',
    'Who directed Saltmarsh?',
    'Saltmarsh was directed by Pim Alder, said Zyx Quorbel.',
    'Zyx Quorbel',
  ],
  [
    'describesFocus',
    'unknownOrganization',
    'Which team signed the striker?',
    "Zyx Quorbel's team signed the striker.",
    'Zyx Quorbel',
  ],
];

/** The kind fit of the candidate written `text` when the question is asked of one sentence. */
function kindFitOf(question: string, sentence: string, text: string): number | undefined {
  const weights = new Map(analyzeQuestion(question).terms.map((term) => [term, 1]));
  const candidates = shortAnswerCandidates({ shape: answerShape(question), questionWeights: weights }, [
    { text: sentence, articleId: 'a', score: 1 },
  ]);
  return candidates.find((c) => c.text === text)?.features.kindFit;
}

describe('short-answer fit levels', () => {
  it.each(kindRows)('%s: "%s" asked of "%s" gives %s', (level, question, sentence, text) => {
    expect(kindFitOf(question, sentence, text)).toBe(shortAnswerDefaults.kindFit[level]);
  });

  it.each(contextRows)('%s: a %s span, "%s" in "%s"', (level, kind, question, sentence, text) => {
    const expected = shortAnswerDefaults.kindFit[kind] * shortAnswerDefaults.contextFit[level];
    expect(kindFitOf(question, sentence, text)).toBeCloseTo(expected, 10);
  });

  it('has an example for every level', () => {
    expect(new Set(kindRows.map(([level]) => level))).toEqual(new Set(Object.keys(shortAnswerDefaults.kindFit)));
    expect(new Set(contextRows.map(([level]) => level))).toEqual(new Set(Object.keys(shortAnswerDefaults.contextFit)));
  });
});
