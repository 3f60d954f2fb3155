import { describe, expect, it } from 'vitest';
import { engineForTests } from './support/sample-index';
import { day } from './support/day';

/*
 * Made-up reports of one ferry's new captain: two long reports that mention the ferry in many
 * sentences and the captain in one, and shorter ones from other outlets that name her once, in a
 * sentence that says less of the question, and one that mentions the ferry without naming her.
 * And a sports report that names its own outlet beside the question's words more often than the answer,
 * a river spill that three reports place in a state and one in the city that tested its water, a
 * bakery chain whose name ends in 's, a lighthouse that reopened "on Saturday", a firm with a
 * hyphenated name, and a rare bird.
 */
function article(slug: string, title: string, outlet: string, body: string): [string, string] {
  return [
    `${slug}.md`,
    `---\ntitle: ${JSON.stringify(title)}\noutlet: ${outlet}\nurl: https://${outlet.toLowerCase().replace(/\s+/g, '')}.example/${slug}\npublished: 2024-05-02\n---\n${body}\n`,
  ];
}

const ferryNews = [
  'The Tern Line ferry to Skelly Island now leaves twice a day in summer.',
  'The Tern Line ferry crew trained for a month on the new route to Skelly Island.',
  'Fares on the Tern Line ferry to Skelly Island rise by a pound in June.',
  'The Tern Line ferry carries forty cars and three hundred passengers to Skelly Island.',
  'Islanders asked for a later Tern Line ferry back from Skelly Island on Saturdays.',
];

const articles = Object.fromEntries([
  article(
    'new-captain',
    'Tern Line ferry to Skelly Island gets a new captain',
    'Harbour Post',
    [...ferryNews, 'Mara Quill will captain the Tern Line ferry to Skelly Island from Monday.'].join(' '),
  ),
  article(
    'island-route',
    'All aboard the Tern Line ferry to Skelly Island',
    'Island News',
    [...ferryNews.slice(0, 4), 'The Tern Line ferry to Skelly Island will be captained by Mara Quill.'].join(' '),
  ),
  article(
    'launch-party',
    'Skelly Island celebrates its ferry',
    'Coast Weekly',
    'A brass band played on the quay at the launch party. Among the guests was Mara Quill, the new captain of the Tern Line ferry.',
  ),
  article(
    'quill-profile',
    'Meet the island ferry captain',
    'Sea Lanes',
    'Mara Quill, who grew up on Skelly Island, is the new captain of the island ferry.',
  ),
  article(
    'keeper-signs',
    'Keeper signs for Gullhaven',
    'Harbour Post',
    'Goalkeeper Ines Morrow signed a two-year contract on Friday, Harbour Post Sports has learned. The club that signed Morrow, Gullhaven Rovers, confirmed it later. Morrow told Harbour Post Sports that she signed for the chance to play every week.',
  ),
  article(
    'spill-one',
    'Chemical spill on the Tallow River',
    'River Desk',
    'A freight barge spilled solvent into the Tallow River in Nebraska on Sunday. Nebraska tested the drinking water of every town on the Tallow River after the spill.',
  ),
  article(
    'spill-two',
    'Nebraska counts the cost of the Tallow River spill',
    'Plains Wire',
    'After the Tallow River spill, Nebraska tested drinking water in nine towns.',
  ),
  article(
    'spill-three',
    'Tallow River spill: what we know',
    'Prairie Post',
    'Drinking water was tested across Nebraska after the Tallow River spill, the worst in a decade.',
  ),
  article(
    'spill-city',
    'Omaha tests its tap water',
    'Mile High Daily',
    'Downstream, Omaha also tested its drinking water on Monday after the spill.',
  ),
  article(
    'bakery-one',
    'Bakery chain to close its first shop',
    'Shop Floor',
    "Dunmore's will close its first shop in Harrowgate after forty years, the bakery chain said.",
  ),
  article(
    'bakery-two',
    'End of an era for a bakery chain',
    'Retail Week Desk',
    "Shoppers queued outside Dunmore's first shop in Harrowgate, which the bakery chain will close in May.",
  ),
  article(
    'lighthouse',
    'Lighthouse open again after repairs',
    'Harbour Post',
    'The Penhallow lighthouse reopened to visitors on Saturday after two years of repairs. A pair of ospreys nested on its gallery.',
  ),
  article(
    'lunar-reactor',
    'Engineering firm wins lunar reactor contract',
    'Space Desk',
    'Kerrow-Blythe will build the reactor for the Selene lunar base, the space agency said on Friday.',
  ),
  article(
    'cliff-birds',
    'Rare visitor on the cliffs',
    'Coast Weekly',
    'Birdwatchers spotted a snowy owl on the Penhallow cliffs on Sunday, far south of its usual range. Under the pier, a colony of puffins has nested since March.',
  ),
  article(
    'dive-film',
    'Divers film a visitor off the pier',
    'Sea Lanes',
    'Divers filmed a rare leatherback turtle off the Penhallow pier on Sunday.',
  ),
  article(
    'timetable',
    'Skelly Island ferry timetable',
    'Quay Times',
    'The island ferry captain will announce the winter timetable in October.',
  ),
]);

const engine = engineForTests('short-answer-sources-', articles);

describe('a short answer', () => {
  it('is cited with every outlet whose sentence states it, up to three', async () => {
    const answer = await engine().ask('Who will captain the Tern Line ferry to Skelly Island?');
    expect(answer.short).toBe('Mara Quill');
    expect(answer.answer).toMatch(/^Mara Quill: .* \[1\]\[2\]\[3\]$/);
    expect(answer.citations).toHaveLength(3);
    expect(new Set(answer.citations.map((c) => c.outlet)).size).toBe(3);
    // Each cited sentence states the answer; the report that only mentions a captain is not cited.
    for (const citation of answer.citations) expect(citation.quote).toContain('Mara Quill');
    expect(answer.citations.map((c) => c.outlet)).not.toContain('Quay Times');
  });
});

describe('an outlet', () => {
  it('naming itself in its own report is not the answer to what it reports', async () => {
    const answer = await engine().ask('Which club signed goalkeeper Ines Morrow?');
    expect(answer.short).toBe('Gullhaven Rovers');
  });
});

describe('a place', () => {
  it('of the kind asked for wins over one of another kind more reports name', async () => {
    const answer = await engine().ask('Which city tested its drinking water after the Tallow River spill?');
    expect(answer.short).toBe('Omaha');
  });
});

describe('a name', () => {
  it("that every report writes with its 's is answered so", async () => {
    const answer = await engine().ask('Which bakery chain will close its first shop?');
    expect(answer.short).toBe("Dunmore's");
  });
});

describe('when a question was asked', () => {
  it('is not a word the answer must hold: "this week" is written as a day', async () => {
    const answer = await engine().ask('Which lighthouse reopened this week?', { asOf: day('2024-05-04') });
    expect(answer.abstained).toBe(false);
    expect(answer.short).toBe('Penhallow');
  });
});

describe("the question's frame", () => {
  it('is not a word the answer must hold: "which type of" asks for a kind', async () => {
    const bird = await engine().ask('Which type of bird nested on the Penhallow lighthouse?');
    expect(bird.abstained).toBe(false);
    expect(bird.short).toBe('ospreys');
  });
});

describe('a hyphenated name', () => {
  it('is answered whole, not by its last part', async () => {
    const answer = await engine().ask('Which company will build the reactor for the Selene lunar base?');
    expect(answer.short).toBe('Kerrow-Blythe');
  });
});

describe('a kind of thing', () => {
  it('is answered with the words that make it one kind: "snowy owl", not "owl"', async () => {
    const answer = await engine().ask('Which bird did birdwatchers spot on the Penhallow cliffs?');
    expect(answer.short).toBe('snowy owl');
  });

  it('"which species" asks for a living thing', async () => {
    const species = await engine().ask('Which species has nested under the pier since March?');
    expect(species.short).toBe('puffins');
  });

  it("without the question's own describing words", async () => {
    const answer = await engine().ask('Which rare animal did divers film off the Penhallow pier?');
    expect(answer.short).toBe('leatherback turtle');
  });
});
