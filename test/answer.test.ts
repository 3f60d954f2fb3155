import { describe, expect, it } from 'vitest';
import { composeExtractiveAnswer } from '../src/answer/extractive';
import { committedAnswerModel } from '../src/answer/answer-model';
import type { TermStatistics } from '../src/index/types';
import { analyzeQuestion, validateQuestion } from '../src/answer/question';
import { QuestionError } from '../src/errors';
import { createLexicalIndex } from '../src/index/lexical';
import type { Passage, Retrieval } from '../src/retrieve/types';

interface Story {
  id: string;
  outlet: string;
  text: string;
}

/** Retrieval over hand-made articles, each one passage, ranked in the order given; statistics from a real BM25 index. */
function retrievalOf(question: string, stories: Story[]): { retrieval: Retrieval; stats: TermStatistics } {
  const lexical = createLexicalIndex();
  lexical.add(stories.map((s, i) => ({ label: i, title: s.outlet, text: s.text })));
  const passages: Passage[] = stories.map((s, i) => ({
    chunkId: `${s.id}#0`,
    article: {
      id: s.id,
      file: `${s.id}.txt`,
      title: `${s.outlet} story`,
      outlet: s.outlet,
      url: `https://${s.id}.example/story`,
      published: '2024-05-01',
      show: null,
    },
    text: s.text,
    start: 0,
    end: s.text.length,
    score: 1 / (i + 1),
  }));
  return {
    retrieval: { question, mode: 'lexical', groups: passages.map((p) => ({ passages: [p], score: p.score })) },
    stats: lexical,
  };
}

const stories: Story[] = [
  {
    id: 'herald',
    outlet: 'Herald',
    text: 'The drama returns next spring. Filming of the second season began on Monday at Pinewood Studios in London. The cast includes three newcomers.',
  },
  {
    id: 'gazette',
    outlet: 'Gazette',
    text: 'Cameras are rolling again. Production on season two started this week at Pinewood Studios in London, the studio confirmed.',
  },
  {
    id: 'courier',
    outlet: 'Courier',
    text: 'Showrunner Dana Reyes spoke to fans last month. “We wanted the new villain to be someone the audience already trusts,” she teased at the panel. The finale airs in June.',
  },
  {
    id: 'post',
    outlet: 'Post',
    text: 'The lead has superhuman strength and the ability to heal from any wound. Ratings for the first season were the best the network has seen.',
  },
];

describe('composeExtractiveAnswer', () => {
  it('answers with the sentence that holds the answer, quoting it exactly from the article', () => {
    const { retrieval, stats } = retrievalOf('Where is the second season being filmed?', stories);
    const answer = composeExtractiveAnswer('Where is the second season being filmed?', retrieval, stats);
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toMatch(/Pinewood Studios in London/);
    for (const citation of answer.citations) {
      const story = stories.find((s) => `${s.id}.txt` === citation.file)!;
      expect(story.text).toContain(citation.quote);
      expect(answer.answer).toContain(`[${citation.n}]`);
    }
  });

  it('states a fact several outlets report once, citing each of them', () => {
    const { retrieval, stats } = retrievalOf('Where is the second season being filmed?', stories);
    const answer = composeExtractiveAnswer('Where is the second season being filmed?', retrieval, stats);
    expect(answer.answer.match(/Pinewood Studios/g)).toHaveLength(1);
    expect(answer.citations.map((c) => c.outlet).sort()).toEqual(['Gazette', 'Herald']);
    expect(answer.answer).toMatch(/\[1\]\[2\]/);
  });

  it('names who is quoted when the sentence before introduces the speaker', () => {
    const { retrieval, stats } = retrievalOf('What did they want the new villain to be?', stories);
    const answer = composeExtractiveAnswer('What did they want the new villain to be?', retrieval, stats);
    expect(answer.answer).toMatch(/villain to be someone the audience already trusts/);
    expect(answer.answer).toMatch(/per Showrunner Dana Reyes|she teased/);
  });

  it('cites one outlet for a sentence answer: without a short answer no other outlet is said to say the same', () => {
    const question = 'Why did the Saltmarsh finale move to Sunday night?';
    const reports: Story[] = [
      {
        id: 'gazette',
        outlet: 'Gazette',
        text: 'The Saltmarsh finale moved to Sunday night because the network wanted the football audience, producer Ivo Marsh said.',
      },
      {
        id: 'herald',
        outlet: 'Herald',
        text: 'The Saltmarsh finale moved to Sunday night, and producer Ivo Marsh said the football audience had nothing to do with it.',
      },
    ];
    const { retrieval, stats } = retrievalOf(question, reports);
    const answer = composeExtractiveAnswer(question, retrieval, stats);
    expect(answer.short).toBeNull();
    expect(answer.answer).not.toMatch(/\]\[/);
  });

  it('says "per X" only when the quoting sentence or the one before it names X as the speaker', () => {
    const quoted = (before: string, after: string): Story[] => [
      {
        id: 'tribune',
        outlet: 'Tribune',
        text: `${before} Marlow Quinn is playing a character described as “a rival who will turn the whole precinct upside down before the finale.” ${after}`,
      },
    ];
    // Answered by the quoting sentence itself, not by a name in a short answer.
    const question = 'How will the rival Marlow Quinn is playing turn the whole precinct upside down?';
    // Attribution is the subject here, not confidence: a model that is always sure enough.
    const sure = { ...committedAnswerModel(), threshold: 0 };
    const introduced = retrievalOf(
      question,
      quoted('Network president Ada Brook said on Monday that the cast is set.', ''),
    );
    expect(composeExtractiveAnswer(question, introduced.retrieval, introduced.stats, sure).answer).toMatch(
      /\(per Ada Brook\)/,
    );
    // A speaker quoted only after the sentence may have said something else: the words are not put in her mouth.
    const later = retrievalOf(
      question,
      quoted('The precinct drama returns in March.', '“We could not be happier to have her,” Brook said.'),
    );
    expect(composeExtractiveAnswer(question, later.retrieval, later.stats, sure).answer).not.toMatch(/\(per /);
  });

  it('answers "how many" with a count, not a rank or a year standing nearer the question\'s words', () => {
    const question = 'How many viewers watched the Saltmarsh finale?';
    const story: Story = {
      id: 'ratings',
      outlet: 'Ratings Desk',
      text: 'The Saltmarsh finale, the first since 2023 to air on a Sunday, was watched by 4.2 million.',
    };
    const { retrieval, stats } = retrievalOf(question, [story]);
    expect(composeExtractiveAnswer(question, retrieval, stats).short).toBe('4.2 million');
  });

  it('gives a name as most reports write it, not as one report lengthens it', () => {
    const question = 'Which team won the Harbour Cup?';
    const reports: Story[] = [
      'The Gulls won the Harbour Cup on Sunday.',
      'The Gulls won the Harbour Cup after extra time.',
      'Fans of the Gulls celebrated the Harbour Cup win.',
      'Kestrel Gulls Academy coaches said the Harbour Cup win was earned.',
    ].map((text, i) => ({ id: `report${i}`, outlet: `Outlet ${i}`, text }));
    const { retrieval, stats } = retrievalOf(question, reports);
    expect(composeExtractiveAnswer(question, retrieval, stats).short).toBe('Gulls');
  });

  it('finds the answer through a synonym when the question uses another word', () => {
    const { retrieval, stats } = retrievalOf('What powers does the lead have?', stories);
    const answer = composeExtractiveAnswer('What powers does the lead have?', retrieval, stats);
    expect(answer.answer).toMatch(/superhuman strength/);
    expect(answer.citations[0]?.outlet).toBe('Post');
  });

  it('declines, without citations, when the articles do not hold the answer', () => {
    const { retrieval, stats } = retrievalOf('Who directed the Black Panther sequel?', stories);
    const answer = composeExtractiveAnswer('Who directed the Black Panther sequel?', retrieval, stats);
    expect(answer).toMatchObject({ abstained: true, citations: [] });
    expect(answer.answer).toBe("I couldn't find who directed the Black Panther sequel in the indexed articles.");
  });

  it('declines when nothing at all was retrieved', () => {
    const answer = composeExtractiveAnswer(
      'When does it air?',
      { question: 'When does it air?', mode: 'lexical', groups: [] },
      createLexicalIndex(),
    );
    expect(answer.abstained).toBe(true);
  });
});

describe('questions', () => {
  it('rejects empty, blank, wordless and over-long questions with a message for the asker', () => {
    expect(() => validateQuestion('')).toThrow(QuestionError);
    expect(() => validateQuestion(' \n\t ')).toThrow(/empty/);
    expect(() => validateQuestion('??!')).toThrow(/in words/);
    expect(() => validateQuestion('x'.repeat(1001))).toThrow(/1001 characters.*under 1000/);
    expect(validateQuestion('  Who   is  Janet McTeer playing? ')).toBe('Who is Janet McTeer playing?');
  });

  it('reads the kind of answer a question wants', () => {
    expect(analyzeQuestion('What color were the notices?')).toMatchObject({ kind: 'color', terms: ['notic'] });
    expect(analyzeQuestion('When does season 2 premiere?').kind).toBe('time');
    expect(analyzeQuestion('How many episodes are there?').kind).toBe('quantity');
    expect(analyzeQuestion('Where is it filmed?').kind).toBe('place');
    expect(analyzeQuestion('Who plays the villain?').kind).toBe('person');
  });
});
