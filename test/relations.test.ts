import { describe, expect, it } from 'vitest';
import { answerShape } from '../src/answer/answer-type';
import { shortAnswerCandidates } from '../src/answer/short-answer';
import {
  questionRelation,
  questionRows,
  relationFeatures,
  rowStatements,
  statementRows,
  type Slot,
} from '../src/answer/relations';

/** The text each slot of `sentence`'s statements holds, per statement. */
function slotTexts(sentence: string, statements: ReturnType<typeof rowStatements>): Partial<Record<Slot, string>>[] {
  return statements.map((statement) =>
    Object.fromEntries(statement.slots.map((fill) => [fill.slot, sentence.slice(fill.start, fill.end)])),
  );
}

/**
 * The features of each candidate answer to `question` over made-up sentences, each given with its
 * article: what the relation tables add to a span, read where the model reads it.
 */
function candidateFeatures(question: string, weights: Record<string, number>, sentences: [string, string][]) {
  const candidates = shortAnswerCandidates(
    {
      shape: answerShape(question),
      questionWeights: new Map(Object.entries(weights)),
      relation: questionRelation(question),
    },
    sentences.map(([text, articleId]) => ({ text, articleId, score: 1 })),
  );
  return (text: string) => candidates.find((c) => c.text === text)?.features;
}

describe('how TV news states things', () => {
  it.each(statementRows)('$relation: "$example"', (row) => {
    const found = slotTexts(row.example, rowStatements(row, row.example));
    expect(found).toContainEqual(expect.objectContaining(row.slots));
  });

  it.each(statementRows)('$relation row stays quiet on a sentence that states nothing of it', (row) => {
    expect(rowStatements(row, 'Ratings were down in the third quarter, the company said.')).toEqual([]);
  });
});

describe('how TV news also states things', () => {
  // Wordings the rows' own examples do not show, each with what its slots hold.
  it.each([
    [
      'cast',
      'Kay raises her son with her mother Wren (Ada Lind, a delight as ever) and her sister.',
      { role: 'Wren', actor: 'Ada Lind' },
    ],
    ['cast', "Mara Quill, who's voiced Juno since 2006, called it a privilege.", { actor: 'Mara Quill', role: 'Juno' }],
    ['cast', 'Lind first made an appearance in the finale as the ferry captain Vesper Hale.', { actor: 'Lind' }],
    ['cast', 'Lind first appeared in the finale as Navy captain Vesper Hale.', { role: 'Navy captain Vesper Hale' }],
    ['creator', '"I was talking with (showrunner) Omar Pell about it," she said.', { creator: 'Omar Pell' }],
    ['succession', 'Dana Velt to host, replacing Omar Pell', { successor: 'Dana Velt', predecessor: 'Omar Pell' }],
    ['succession', 'Velt is taking over from former host Omar Pell.', { successor: 'Velt', predecessor: 'Omar Pell' }],
    ['title', 'He later starred on a few sitcoms including "Harbor Lights."', { title: '"Harbor Lights."' }],
    ['title', '“Glass Harbor,” the Zentro drama about two sisters, led the nominations.', { title: '“Glass Harbor,”' }],
    ['title', 'Bell hosted the Saturday night show “Night Owls” until May.', { title: '“Night Owls”' }],
    ['title', 'She then hosted Zentro’s “Ada’s Harbor Hour” clip show.', { title: '“Ada’s Harbor Hour”' }],
    ['title', "Zentro's new drama 'Harbor Lights' wins big", { title: "'Harbor Lights'" }],
    ['title', 'She was best known for “Harbor Lights,” the “Glass Harbor” spinoff.', { title: '“Glass Harbor”' }],
    ['creator', 'The drama was created by Danish director Omar Pell and stars his sister.', { creator: 'Omar Pell' }],
    ['host', 'Dana Velt and Ada Lind of “Night Owls” host the gala this year.', { host: 'Dana Velt and Ada Lind' }],
    ['host', 'Zentro welcomed Ada Lind as co-host of the show along with Dana Velt.', { host: 'Dana Velt' }],
    ['network', 'The gala will air Oct. 2 on Zentro and stream on Brightwave+.', { network: 'Zentro' }],
    ['network', 'The special will drop Christmas Eve on Brightwave+.', { network: 'Brightwave+' }],
    [
      'network',
      "Omar Pell's gripping new Zentro docuseries “Harbor Lights” opens with a storm.",
      { network: 'Zentro', show: '“Harbor Lights”' },
    ],
    [
      'cast',
      'Vesper (the wonderful Ada Lind, in her first lead role) returns to the harbor.',
      { role: 'Vesper', actor: 'Ada Lind' },
    ],
    [
      'cast',
      'Lind was nominated for her performance as ferry captain Vesper Hale.',
      { role: 'ferry captain Vesper Hale' },
    ],
    [
      'succession',
      'Velt, who takes over from Omar Pell, called it an honour.',
      { successor: 'Velt', predecessor: 'Omar Pell' },
    ],
    [
      'succession',
      'Ada Lind will take over the role of the captain from Mara Quill, who played her for two seasons.',
      { successor: 'Ada Lind', predecessor: 'Mara Quill' },
    ],
    [
      'partner',
      'Omar Pell, the newest star of the show, is engaged to Ada Lind.',
      { person: 'Omar Pell', partner: 'Ada Lind' },
    ],
  ] as const)('%s: "%s"', (relation, sentence, slots) => {
    const row = statementRows.filter((r) => r.relation === relation);
    const found = row.flatMap((r) => slotTexts(sentence, rowStatements(r, sentence)));
    expect(found).toContainEqual(expect.objectContaining(slots));
  });
});

describe('wordings the cast rows must not misread', () => {
  it('reads "the character X played by Y" with X as the role, never as the actor', () => {
    const sentence = 'The character Ilse Marr played by actress Ada Lind may become the new captain.';
    const found = statementRows
      .filter((r) => r.relation === 'cast')
      .flatMap((r) => slotTexts(sentence, rowStatements(r, sentence)));
    expect(found).toContainEqual(expect.objectContaining({ actor: 'Ada Lind' }));
    expect(found).not.toContainEqual(expect.objectContaining({ actor: 'Ilse Marr' }));
  });
});

describe('what a question asks about', () => {
  it.each(questionRows)('$relation, wanting $wants: "$example"', (row) => {
    expect(questionRelation(row.example)).toEqual({ relation: row.relation, wants: row.wants });
  });

  it.each([
    ['who plays vesper', 'cast', 'actor'],
    ['Who is the actor behind Captain Ilse Marr?', 'cast', 'actor'],
    ['who does tobin reyes play', 'cast', 'role'],
    ['who is ada lind playing in glass harbor', 'cast', 'role'],
    ['what network is night owls live on', 'network', 'network'],
    ['whats glass harbor streaming on?', 'network', 'network'],
    ['how many episodes does glass harbor season 2 have', 'episodes', 'count'],
    ['when does glass harbor premiere', 'premiere', 'date'],
    ['when is glass harbor coming back', 'premiere', 'date'],
    ['when is the season finale of glass harbor', 'finale', 'date'],
    ['was glass harbor cancelled', 'renewal', 'outcome'],
    ['which streamer canceled glass harbor', 'network', 'network'],
    ['who is joining glass harbor season 2', 'cast', 'actor'],
    ['who is gonna host the starfall awards', 'host', 'host'],
    ['who will replace dana velt as host of night owls live', 'host', 'host'],
    ['when is glass harbor coming to zentro', 'premiere', 'date'],
    ["who's playing vesper in glass harbor", 'cast', 'actor'],
    ['whos hosting the starfall awards', 'host', 'host'],
    ["who's the showrunner on glass harbor", 'creator', 'creator'],
    ['who did dana velt replace as host', 'host', 'predecessor'],
    ['who hosted night owls live before dana velt', 'host', 'predecessor'],
    ["who's gonna replace dana velt as host of night owls live", 'host', 'host'],
    ['who played vesper in glass harbor before ada lind', 'cast', 'predecessor'],
    ['which glass harbor episode got pulled from zentro', 'title', 'title'],
    ['whats the name of the sitcom mara quill was on in the 90s', 'title', 'title'],
    ["what's the zentro special for omar pell called", 'title', 'title'],
    ['what song did ada lind sing at the gala', 'title', 'title'],
    ['what was the very first glass harbor episode', 'title', 'title'],
    ['mara quill was in a sitcom in the 90s right? which one', 'title', 'title'],
    ['who is dana velt gonna co-host night owls with', 'host', 'host'],
    ['who co-created glass harbor', 'creator', 'creator'],
    ["who's exec producing the starfall awards", 'creator', 'creator'],
    ["what was tobin reyes' character on glass harbor", 'cast', 'role'],
    ['who was vesper in glass harbor before ada lind took over', 'cast', 'predecessor'],
    ["who's ada lind dancing with this season", 'partner', 'partner'],
    ['who is omar pell married to', 'partner', 'partner'],
  ])('"%s" asks about %s, wanting the %s', (question, relation, wants) => {
    expect(questionRelation(question)).toEqual({ relation, wants });
  });

  it('finds no relation in a question about something else', () => {
    expect(questionRelation('what did the mayor say about the bridge')).toBeNull();
    // A show's name is not asked for by "which film star" nor by "what happened on the show".
    expect(questionRelation('which film star is on trial in the skiing case')).toBeNull();
    expect(questionRelation('what happened on the show last night')).toBeNull();
  });
});

describe('relation features of a candidate span', () => {
  const sentence = 'Juno Hale, played by Mara Quill, finally meets her sister on Zentro.';
  const at = (text: string): [number, number] => {
    const start = sentence.indexOf(text);
    return [start, start + text.length];
  };

  it('marks the actor as filling the slot "who plays" wants, and the character as the other slot', () => {
    const asked = questionRelation('who plays juno hale');
    expect(relationFeatures(asked, sentence, ...at('Mara Quill'))).toEqual({
      fillsWanted: 1,
      fillsOther: 0,
      statesRelation: 1,
    });
    expect(relationFeatures(asked, sentence, ...at('Juno Hale'))).toEqual({
      fillsWanted: 0,
      fillsOther: 1,
      statesRelation: 1,
    });
    expect(relationFeatures(asked, sentence, ...at('Zentro'))).toEqual({
      fillsWanted: 0,
      fillsOther: 0,
      statesRelation: 1,
    });
  });

  it('marks the character when the question asks whom an actor plays', () => {
    const asked = questionRelation('who does mara quill play');
    expect(relationFeatures(asked, sentence, ...at('Juno Hale')).fillsWanted).toBe(1);
    expect(relationFeatures(asked, sentence, ...at('Mara Quill')).fillsOther).toBe(1);
  });

  it("does not count the actor as the character when another row misreads an actor's earlier show as theirs", () => {
    // "Ada Lind (Glass Harbor)" also reads as "Character (Actor)"; "starring Ada Lind" says she is the actor.
    const credit = 'The drama, starring Ada Lind (Glass Harbor) as Vesper, was a critical success.';
    const start = credit.indexOf('Ada Lind');
    expect(relationFeatures(questionRelation('who stars in the drama'), credit, start, start + 8)).toEqual({
      fillsWanted: 1,
      fillsOther: 0,
      statesRelation: 1,
    });
  });

  it('counts one name of a cast list as filling the slot', () => {
    const list = 'The thriller, starring Mara Quill, Ada Lind and Tobin Reyes, arrives in June.';
    const start = list.indexOf('Ada Lind');
    expect(relationFeatures(questionRelation('who stars in the thriller'), list, start, start + 8).fillsWanted).toBe(1);
  });

  it('does not count the host replaced as the host, though "host X" names him one', () => {
    const handover = 'Dana Velt replaced longtime host Omar Pell in 2019.';
    const span = (text: string): [number, number] => [handover.indexOf(text), handover.indexOf(text) + text.length];
    const hosts = questionRelation('who hosts night owls live');
    expect(relationFeatures(hosts, handover, ...span('Omar Pell'))).toEqual({
      fillsWanted: 0,
      fillsOther: 1,
      statesRelation: 1,
    });
    expect(relationFeatures(hosts, handover, ...span('Dana Velt')).fillsWanted).toBe(1);
    const before = questionRelation('who hosted night owls live before dana velt');
    expect(relationFeatures(before, handover, ...span('Omar Pell')).fillsWanted).toBe(1);
    expect(relationFeatures(before, handover, ...span('Dana Velt'))).toMatchObject({ fillsWanted: 0, fillsOther: 1 });
  });

  it('marks a quoted episode name as the title asked for', () => {
    const pulled = 'The service pulled the episode, “Harbor Lights,” after complaints.';
    const start = pulled.indexOf('Harbor Lights');
    expect(
      relationFeatures(questionRelation('which glass harbor episode got pulled'), pulled, start, start + 13),
    ).toEqual({
      fillsWanted: 1,
      fillsOther: 0,
      statesRelation: 1,
    });
  });

  it('reads the host of a sentence that says who she is before saying she will host', () => {
    const line = 'Zentro said Dana Velt, who grew up near the harbor, will host on May 2.';
    const start = line.indexOf('Dana Velt');
    expect(relationFeatures(questionRelation('who is hosting night owls on may 2'), line, start, start + 9)).toEqual({
      fillsWanted: 1,
      fillsOther: 0,
      statesRelation: 1,
    });
  });

  it('says nothing of a sentence that does not state the asked relation', () => {
    const asked = questionRelation('how many episodes are in glass harbor');
    expect(relationFeatures(asked, sentence, ...at('Mara Quill'))).toEqual({
      fillsWanted: 0,
      fillsOther: 0,
      statesRelation: 0,
    });
    expect(relationFeatures(null, sentence, ...at('Mara Quill')).statesRelation).toBe(0);
  });
});

describe('a candidate paired with the character asked about, or with another', () => {
  const features = candidateFeatures('who plays vesper in glass harbor', { vesper: 3, glass: 1, harbor: 1 }, [
    ['Vesper sails with her first mate, Corvin (Tobin Reyes), a sworn protector.', 'a'],
    ['In the finale, Vesper (Ada Lind) confronts her father.', 'b'],
    ['The thriller, starring Mara Quill, arrives in June.', 'c'],
  ]);

  it("marks the actor of another character as unpaired, though the actor's slot is filled", () => {
    expect(features('Tobin Reyes')).toMatchObject({ fillsWanted: 1, pairedSlot: 0, unpairedSlot: 1 });
  });

  it('does not mark the actor of the character asked about', () => {
    expect(features('Ada Lind')).toMatchObject({ fillsWanted: 1, unpairedSlot: 0 });
    expect(features('Ada Lind')!.pairedSlot).toBeGreaterThan(0);
  });

  it('does not mark an actor whose statement names no character at all', () => {
    expect(features('Mara Quill')).toMatchObject({ fillsWanted: 1, unpairedSlot: 0 });
  });
});

describe('a surname that pairs an actor with a character after a cast list', () => {
  it('reads the surname where it stands, not where the name first appears', () => {
    // "Ralston" first appears in the starring list, which names no character; its second mention pairs it.
    const features = candidateFeatures(
      'who plays juno hale in glass harbor',
      { juno: 3, hale: 3, glass: 1, harbor: 1 },
      [['Starring Cole Ralston and Ada Lind, the drama is the story of Juno Hale (Ralston) and Vesper (Lind).', 'a']],
    );
    expect(features('Cole Ralston')?.pairedSlot).toBeGreaterThan(0);
  });
});

describe('a first name two people of one article share', () => {
  // One report lists the cast, then quotes the creators; a cast member and a creator share a first name.
  const features = candidateFeatures('who created kestrel bay', { creat: 2, kestrel: 1, bai: 1 }, [
    ['Along with castmates Tom Reed, Omar Pell and Mara Quill, Dana Velt made "Kestrel Bay" a hit.', 'a'],
    ['"Kestrel Bay" co-creators Ada Kemp and Omar Vane said they were shocked.', 'a'],
  ]);

  it('gives the creator slot to the creator, not to the cast member who shares his first name', () => {
    expect(features('Omar Vane')).toMatchObject({ fillsWanted: 1 });
    expect(features('Omar Pell')).toMatchObject({ fillsWanted: 0, pairedSlot: 0 });
  });
});
