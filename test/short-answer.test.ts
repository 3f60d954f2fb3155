import { describe, expect, it } from 'vitest';
import type { Day } from '../src/day';
import { answerShape } from '../src/answer/answer-type';
import { declineText } from '../src/answer/decline';
import { isKindOf } from '../src/text/synonyms';
import { engineForTests } from './support/sample-index';
import { day } from './support/day';

// Made-up shows and outlets: a casting story told twice, a renewal, a premiere, a ratings story,
// an animal cameo, and two weeks of news about one show's showrunner.
const articles: Record<string, string> = {
  'casting-reel.md': `---
title: Orla Fenwick joins Saltmarsh as the new harbourmaster
outlet: Daily Reel
url: https://dailyreel.example/saltmarsh-casting
published: 2024-03-04
---
The BBC drama Saltmarsh has added a new face for its third season. Orla Fenwick will play Harbourmaster Greaves, a role the producers describe as "the heart of the village".
Casting director Pim Alder said the search took four months. Filming began on March 1 in the Cornish town of Fowey, where the first two seasons were also shot.
`,
  'casting-screen.md': `---
title: Saltmarsh season three adds Orla Fenwick
outlet: Coast Screen
url: https://coastscreen.example/saltmarsh-fenwick
published: 2024-03-05
---
Orla Fenwick, best known for the stage play Tidewater, has joined the cast of Saltmarsh. Fenwick plays the harbourmaster in the new season.
The series returns in the autumn with eight episodes.
`,
  'premiere.md': `---
title: Lantern Street premiere date announced
outlet: Set Visit
url: https://setvisit.example/lantern-street-premiere
published: 2024-02-10
---
The mystery series Lantern Street will premiere on September 14, the network said on Tuesday. All ten episodes will be released at once.
`,
  'ratings.md': `---
title: Lantern Street breaks the network's streaming record
outlet: Daily Reel
url: https://dailyreel.example/lantern-street-ratings
published: 2024-09-20
---
Lantern Street drew 41 million viewers in its first week, the network said, the most for any of its series.
Critics praised the lead performance of Tomas Varga, who plays the detective.
`,
  'cameo.md': `---
title: An unexpected guest star on the set of Saltmarsh
outlet: Set Visit
url: https://setvisit.example/saltmarsh-cameo
published: 2024-04-02
---
A badger wandered onto the Saltmarsh set in Fowey on Thursday and halted filming for an hour, the crew said.
`,
  'showrunner-old.md': `---
title: Kestrel Bay showrunner steps down
outlet: Coast Screen
url: https://coastscreen.example/kestrel-bay-showrunner-2023
published: 2023-01-12
---
Kestrel Bay showrunner Ada Pell stepped down this week after two seasons, the studio announced.
`,
  'showrunner-new.md': `---
title: Kestrel Bay showrunner steps down
outlet: Daily Reel
url: https://dailyreel.example/kestrel-bay-showrunner-2024
published: 2024-06-03
---
Kestrel Bay showrunner Ben Okoro stepped down this week after one season, the studio announced.
`,
  'wrap.md': `---
title: Gull Island Season 2 wraps in Galway
outlet: Set Visit
url: https://setvisit.example/gull-island-wrap
published: 2024-05-10
---
Filming on Gull Island season two wrapped in Galway on Friday, and every episode of season two was directed by women. The new run is six episodes long.
`,
};

const engine = engineForTests('short-answer-', articles);

describe('short answers', () => {
  it('lead the answer with a person, cited with every outlet that names them', async () => {
    const answer = await engine().ask('Who will play the harbourmaster in Saltmarsh?');
    expect(answer.short).toBe('Orla Fenwick');
    expect(answer.answer.startsWith('Orla Fenwick: ')).toBe(true);
    const outlets = answer.citations.map((c) => c.outlet).sort();
    expect(outlets).toEqual(['Coast Screen', 'Daily Reel']);
  });

  it('give a date for "when", a place for "which town", a number for "how many"', async () => {
    // Asked before the premiere: asked after it, the date is a premiere gone by and the bot is not sure (answer-model.test.ts).
    const beforePremiere = { asOf: '2024-03-01' as Day };
    expect((await engine().ask('When will Lantern Street premiere?', beforePremiere)).short).toBe('September 14');
    expect((await engine().ask('In which town is Saltmarsh filmed?')).short).toBe('Fowey');
    // A count is its number: the question already says what is counted.
    expect((await engine().ask('How many viewers did Lantern Street draw in its first week?')).short).toBe(
      '41 million',
    );
  });

  it('find a thing of the kind asked for, never a word the question already holds', async () => {
    const animal = await engine().ask('Which animal halted filming on Saltmarsh?');
    expect(animal.short).toBe('badger');
    const detective = await engine().ask('Who plays the detective in Lantern Street?');
    expect(detective.short).toBe('Tomas Varga');
    // "season two" in the report is the question's own "season 2", not a count of episodes.
    const count = await engine().ask('how many episodes in season 2 of gull island');
    expect(count.short).toBe('6');
  });

  it('quote the cited sentence exactly as the article has it', async () => {
    const answer = await engine().ask('Who will play the harbourmaster in Saltmarsh?');
    for (const citation of answer.citations) {
      const file = Object.entries(articles).find(([, text]) => text.includes(citation.url ?? '\u0000'))!;
      expect(file[1]).toContain(citation.quote);
    }
  });

  it('are left out when the question asks for an explanation', async () => {
    const answer = await engine().ask('Why did filming on Saltmarsh halt?');
    expect(answer.short).toBeNull();
    expect(answer.answer).toContain('badger');
  });

  it('are left out for a true-or-false statement, which no name or number answers', async () => {
    const answer = await engine().ask('True or false: Lantern Street will premiere on a Tuesday?');
    expect(answer.short).toBeNull();
    expect(answer.answer).toContain('September 14');
    const unknown = await engine().ask('True or false: Lantern Street won a Golden Lantern award?');
    expect(unknown.answer).toBe(
      "I couldn't find whether Lantern Street won a Golden Lantern award in the indexed articles.",
    );
  });
});

describe('time', () => {
  it('answers "this week" from the week before the question was asked', async () => {
    const question = 'Which Kestrel Bay showrunner stepped down this week?';
    expect((await engine().ask(question, { asOf: day('2023-01-15') })).short).toBe('Ada Pell');
    expect((await engine().ask(question, { asOf: day('2024-06-05') })).short).toBe('Ben Okoro');
  });
});

describe('declines', () => {
  it('follow the grammar of the question', async () => {
    const answer = await engine().ask('Is Lantern Street renewed for a second season?');
    expect(answer.abstained).toBe(true);
    expect(answer.answer).toBe(
      "I couldn't find whether Lantern Street is renewed for a second season in the indexed articles.",
    );
  });

  it.each([
    ['When did filming on Kestrel Bay start?', 'when filming on Kestrel Bay started'],
    ['Who directed the pilot?', 'who directed the pilot'],
    ['What was the budget of season 2?', 'what the budget of season 2 was'],
    // The wh-phrase as subject, a preposition in front of it, and the asker addressed as "you".
    ['Which actor will play the harbourmaster?', 'which actor will play the harbourmaster'],
    ['Who should be told about the Saltmarsh casting?', 'who should be told about the Saltmarsh casting'],
    ['How many episodes will season 3 have?', 'how many episodes season 3 will have'],
    ['By how much did ratings fall?', 'by how much ratings fell'],
    ['Can I watch Saltmarsh in Canada?', 'whether you can watch Saltmarsh in Canada'],
    // A participle inside a lower-cased title is not the verb that takes the tense.
    ['when does season 2 of hidden cove come out', 'when season 2 of hidden cove comes out'],
    ['when does kestrel born anew premiere', 'when kestrel born anew premieres'],
    ['How many episodes does Saltmarsh have left?', 'how many episodes Saltmarsh has left'],
    // The tagger reads "come" after a number as a noun; compromise reads it as the verb.
    ['when does gull island season 3 come out', 'when gull island season 3 comes out'],
    ['what did the showrunner say about leaving the show?', 'what the showrunner said about leaving the show'],
    // After a modal the last word is the verb, even where the tagger reads it as a noun; after "is" it is not.
    ['when will the gull island finale premiere', 'when the gull island finale will premiere'],
    ['When is the Saltmarsh finale?', 'when the Saltmarsh finale is'],
  ])('read "%s" as "%s"', (question, clause) => {
    expect(declineText(question)).toBe(`I couldn't find ${clause} in the indexed articles.`);
  });
});

describe('answer shapes', () => {
  it('read the kind of answer and its noun from the question', () => {
    expect(answerShape('Which home goods chain said it may close?')).toEqual({
      expected: 'organization',
      focus: 'chain',
    });
    expect(answerShape('He plays for which team this week?')).toEqual({ expected: 'organization', focus: 'team' });
    expect(answerShape('How many years did it run?')).toEqual({ expected: 'number', focus: 'years', count: true });
    expect(answerShape('Who is Dana Reyes playing?')).toEqual({ expected: 'name', focus: 'character' });
    expect(answerShape('Who is Dana Reyes playing in Kestrel Bay?')).toEqual({ expected: 'name', focus: 'character' });
    expect(answerShape('Why was it cancelled?').expected).toBe('explanation');
  });

  it('find the asked-for noun past the frame words around it', () => {
    // Only "how many" counts: an earlier "many" in the question is no question.
    expect(answerShape('Many towns flooded. How many rounds of voting did the council need?')).toEqual({
      expected: 'number',
      focus: 'rounds',
      count: true,
    });
    expect(answerShape('Which kind of animal crossed the road?')).toEqual({ expected: 'name', focus: 'animal' });
    expect(answerShape('Which fast-food chain changed its menu?')).toEqual({
      expected: 'organization',
      focus: 'chain',
    });
    // "Which state's governor…?" is answered by the state; a plural owner only describes the noun.
    expect(answerShape('Which state’s governor signed the bill?')).toEqual({ expected: 'place', focus: 'state' });
    expect(answerShape("Which children's toy is coming back?")).toEqual({ expected: 'name', focus: 'toy' });
    // Past the copula, and past "the name of": what is named is asked for.
    expect(answerShape('What is the show called?')).toEqual({ expected: 'name', focus: 'show' });
    // A "when" that joins two clauses does not ask when; one that starts a sentence does.
    expect(answerShape('Fans cheered this week when the trailer came out for which film?').expected).toBe('name');
    expect(answerShape('The show ended in May. When does it return?').expected).toBe('date');
    expect(answerShape('What is the name of the new storm?')).toEqual({ expected: 'name', focus: 'storm' });
    // A noun for people that no list names asks for a person, as WordNet files it; other nouns ask for a name.
    expect(answerShape('Which golfer won the Harbour Open?')).toEqual({ expected: 'person', focus: 'golfer' });
    expect(answerShape('Which two musicians headlined the festival?').expected).toBe('person');
    expect(answerShape('Which gadget sold out this week?').expected).toBe('name');
  });

  it('ask WordNet what a word is a kind of', () => {
    expect(isKindOf('badger', 'animal')).toBe(true);
    expect(isKindOf('Jupiter', 'planet')).toBe(true);
    expect(isKindOf('table', 'animal')).toBe(false);
    // A synonym of the category is not a kind of it.
    expect(isKindOf('ability', 'power')).toBe(false);
  });
});

describe('member text in a question', () => {
  it('is read for its words only: links and mention ids do not pick the articles', async () => {
    const plain = await engine().ask('Who will play the harbourmaster in Saltmarsh?');
    const decorated = await engine().ask(
      'Who will play the [harbourmaster](https://evil.example/x) in Saltmarsh? <@123> @everyone https://evil.example/y',
    );
    expect(decorated.short).toBe(plain.short);
    expect(decorated.citations.map((c) => c.url)).toEqual(plain.citations.map((c) => c.url));
  });
});
