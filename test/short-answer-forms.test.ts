import { describe, expect, it } from 'vitest';
import { engineForTests } from './support/sample-index';

/*
 * Made-up stories whose answers are written the way news writes names and numbers: surnames that are
 * also verbs, titles in a headline's single quotes, a company's legal form, a surname alone in most
 * reports, a politician's party in front of the name, a count with its noun after it.
 */
function article(slug: string, title: string, outlet: string, published: string, body: string): [string, string] {
  return [
    `${slug}.md`,
    `---\ntitle: ${JSON.stringify(title)}\noutlet: ${outlet}\nurl: https://${outlet.toLowerCase().replace(/\s+/g, '')}.example/${slug}\npublished: ${published}\n---\n${body}\n`,
  ];
}

const articles = Object.fromEntries([
  article(
    'gannet-prize',
    'Gannet Prize for fiction goes to a debut novel',
    'Page Turner',
    '2024-10-14',
    'LONDON — Irish writer Nora Lynch won the Gannet Prize for fiction on Sunday with a debut novel about a lighthouse keeper. The judges called the book haunting.',
  ),
  article(
    'drama-award',
    "'Harbour Lights at Dusk' wins the Gannet Prize for drama",
    'Screen Desk',
    '2024-10-15',
    'Harbour Lights at Dusk took the top drama award at the ceremony in Bristol. Its director thanked the cast and the fishing village that hosted the shoot.',
  ),
  article(
    'felony-counts',
    'Producer of Tin Harbor charged',
    'Court Beat',
    '2024-05-02',
    'Prosecutors filed 12 felony counts against the Tin Harbor producer on Thursday, the district attorney said. The jury also named five finalists for the festival award.',
  ),
  article(
    'streaming-deal',
    'Tin Harbor finds a new streaming home',
    'Screen Desk',
    '2024-05-20',
    'Streamly Inc. said on Monday it will stream the series Tin Harbor from June, after the network dropped it.',
  ),
  article(
    'captain-cast',
    'Dana Whitfield cast as the captain in Tin Harbor',
    'Page Turner',
    '2024-06-01',
    'The role of the captain in Tin Harbor went to Dana Whitfield, the studio said.',
  ),
  article(
    'captain-interview',
    'Whitfield on playing the captain',
    'Court Beat',
    '2024-06-03',
    'Whitfield will play the captain of the trawler in the new season of Tin Harbor.',
  ),
  article(
    'captain-set',
    'On the Tin Harbor set',
    'Screen Desk',
    '2024-06-05',
    'On set, Whitfield spent the week learning to steer the trawler she commands as the captain of Tin Harbor.',
  ),
  article(
    'lawmakers',
    'Expelled lawmakers reinstated',
    'Court Beat',
    '2024-04-12',
    'Two lawmakers expelled from the Vermont House of Representatives over a floor protest were reinstated on Wednesday by county boards.',
  ),
  article(
    'campaign-song',
    'Singer asks a campaign to stop using her song',
    'Page Turner',
    '2024-08-30',
    'A folk singer asked Republican Harold Pike to stop playing her song at his presidential campaign rallies.',
  ),
  article(
    'chart',
    'A holiday classic tops the chart',
    'Screen Desk',
    '2024-12-06',
    'Ivy Marsh is finally leading the Hot 100 chart with her holiday anthem "Snow on the Harbour Wall."',
  ),
  article(
    'drought',
    'The Herons end their playoff drought',
    'Court Beat',
    '2024-04-20',
    'The Herons clinched a playoff place on Saturday. It ends a long drought: the Herons had not reached the playoffs since 2006.',
  ),
  article(
    'wild-camping',
    'Wild camping returns to Glenmor',
    'Court Beat',
    '2024-07-01',
    'Walkers regained the right to wild camp in Glenmor National Park on Monday after a court ruling.',
  ),
  article(
    'signing-one',
    'Portland Otters sign quarterback Eli Grant',
    'Page Turner',
    '2024-03-10',
    'Quarterback Eli Grant signed a two-year deal with the Portland Otters on Friday.',
  ),
  article(
    'signing-two',
    'Grant joins the Otters',
    'Screen Desk',
    '2024-03-11',
    'The Otters signed quarterback Eli Grant to replace their injured starter.',
  ),
  article(
    'signing-three',
    'What Grant brings to the Otters',
    'Court Beat',
    '2024-03-12',
    'Eli Grant gives the Otters the quarterback they lacked last season.',
  ),
  article(
    'secret-role',
    'Tess Okafor joins Tin Harbor',
    'Page Turner',
    '2024-02-02',
    'Tess Okafor has been cast in Tin Harbor in an unnamed role that the producers say will shake up the crew.',
  ),
  article(
    'street-record',
    'Busker from Penzance sets a balancing record',
    'Court Beat',
    '2024-08-12',
    'Street performer Jory Trelawny set a record in Penzance on Saturday by balancing a wooden ladder on his chin for 40 minutes.',
  ),
  article(
    'finale-ratings',
    'How Tin Harbor’s finale was watched',
    'Screen Desk',
    '2024-09-02',
    'Some 3 million households streamed the Tin Harbor finale within a week, and the network said 40% of them watched it live on the night.',
  ),
  article(
    'lighthouse',
    'Carrow Point lighthouse shines again',
    'Page Turner',
    '2024-11-08',
    'The Carrow Point lighthouse was relit on Friday for the first time in 120 years, its trust said. Keeper Mara Penrose, 64, switched on the lamp in front of 300 people. Repairs to its cracked tower took three months.',
  ),
  article(
    'lighthouse-keeper',
    'Carrow Point lighthouse relit for the first time by keeper, 64',
    'Court Beat',
    '2024-11-09',
    'Keeper Mara Penrose, 64, relit the Carrow Point lighthouse for the first time on Friday, to cheers from the harbour.',
  ),
  article(
    'capsule',
    'Museum shows a moon capsule',
    'Screen Desk',
    '2024-10-02',
    'The Dunmore museum put the Corvid 12 capsule on display on Friday, beside a model of the Corvid 9 rocket.',
  ),
  article(
    'embassy',
    'U.S. embassy closes',
    'Court Beat',
    '2024-09-20',
    'The U.S. closed its embassy in Peru on Monday after days of unrest, the U.S. State Department said.',
  ),
  article(
    'stranding',
    'Whales stranded on Carrow beach',
    'Page Turner',
    '2024-11-12',
    'A pod of bottlenose dolphins stranded on Carrow beach on Tuesday, the coastguard said.',
  ),
  article(
    'stranding-rescue',
    'Rescuers at Carrow beach',
    'Screen Desk',
    '2024-11-13',
    'Volunteers spent the night keeping the whales wet on Carrow beach before the tide turned.',
  ),
  article(
    'summit',
    'Leaders meet in Lisbon',
    'Court Beat',
    '2024-05-14',
    'The leaders of Portugal and its neighbours met in Lisbon on Monday to sign the fishing treaty, the host said.',
  ),
  article(
    'tanks',
    'Strandvik 4 tanks will be sent to the ally',
    'Page Turner',
    '2024-02-20',
    'After weeks of pressure, the Strandvik 4 tanks will be sent to the ally, officials said. Norway will send the tanks by sea.',
  ),
  article(
    'tanks-crews',
    'Strandvik 4 crews train for the front',
    'Screen Desk',
    '2024-02-21',
    'Crews of the Strandvik 4 tanks sent to the ally after weeks of pressure began training on Monday.',
  ),
  article(
    'gannet-director',
    'Gannet Awards: the night in full',
    'Court Beat',
    '2024-10-16',
    'Mira Holt of Dunmore won best director at the Gannet Awards for a film shot in one take.',
  ),
  article(
    'library',
    'Dunmore library opens its doors again',
    'Page Turner',
    '2024-03-08',
    'Dunmore library opened its doors again on Tuesday after repairs, the first time in a year.',
  ),
  article(
    'library-reopening',
    'Readers return to Dunmore library',
    'Screen Desk',
    '2024-03-09',
    'Readers queued on Tuesday as Dunmore library opened its doors after repairs. Dunmore library first opened its doors in 1911.',
  ),
  article(
    'folk-festival',
    'Carrow folk festival announces its return',
    'Court Beat',
    '2024-02-02',
    'The Carrow folk festival will return on June 14 with three stages, organisers said.',
  ),
  article(
    'carry-on-fee',
    'Carry-on bags to cost extra from September',
    'Court Beat',
    '2024-07-01',
    'Corvane Air will start charging passengers for carry-on bags in September.',
  ),
  article(
    'carry-on-fee-again',
    'New bag fees for the autumn',
    'Page Turner',
    '2024-07-02',
    'Corvane Air passengers face new fees from September.',
  ),
  article(
    'carry-on-free',
    'Ryanair keeps carry-on bags free on short routes',
    'Screen Desk',
    '2024-07-03',
    'Ryanair will start charging for carry-on bags on long routes.',
  ),
  article(
    'harbour-cup',
    'Norway lift the Harbour Cup',
    'Screen Desk',
    '2024-08-12',
    'Norway won the Harbour Cup on Sunday, beating the hosts 2-1 in the final.',
  ),
  article(
    'valley-quake',
    'Quake shakes the Tarrow valley',
    'Court Beat',
    '2024-09-03',
    'A magnitude 6.4 earthquake struck the Tarrow valley early on Tuesday, killing nine people and damaging 300 homes.',
  ),
  article(
    'tarrow-wage',
    'Shop workers in the Tarrow valley win a pay rise',
    'Page Turner',
    '2024-09-10',
    'The Tarrow valley council raised the minimum wage to $15.50 an hour on Monday, after 2,000 shop workers marched through Ellisford.',
  ),
  article(
    'ethics-panel',
    'Ethics panel backs suspension over lobbying',
    'Court Beat',
    '2024-07-16',
    'The Westbury Assembly ethics panel recommended on Tuesday that Ada Quill be suspended for six weeks over paid lobbying, the Westbury Assembly said.',
  ),
  article(
    'county-cup',
    'Kestrel Town end long wait for the county cup',
    'Court Beat',
    '2024-04-22',
    'Kestrel Town won the county cup on Saturday, their first title since 1987, when they beat Dunmore Athletic in a replay.',
  ),
  article(
    'kestrel-probe',
    'Kestrel probe photographs Jupiter on its last flyby',
    'Page Turner',
    '2024-05-20',
    'The Kestrel probe sent back photographs of Jupiter on Monday. In ten years the probe flew past 4 planets, its engineers said.',
  ),
  article(
    'sailing-race',
    'Historic Cornwall to host the Gannet sailing race',
    'Screen Desk',
    '2024-06-20',
    'Historic Cornwall will host the Gannet sailing race in August, its organisers said.',
  ),
  article(
    'kitchen-germs',
    'The dirtiest spot in a kitchen',
    'Screen Desk',
    '2024-09-12',
    'A new study found that the pepper mill is one of the dirtiest places in a kitchen, said The Daily Courier.',
  ),
  article(
    'wolves-title',
    'Harbour Wolves win again',
    'Page Turner',
    '2024-04-22',
    'The Harbour Wolves beat the No. 2 Gulls on Sunday to win the fourth league title in their history.',
  ),
  article(
    'lantern-cup',
    'Lantern Cup final report',
    'Court Beat',
    '2024-05-06',
    'Glasgow won the Lantern Cup on Sunday, a week after finishing second in the Coastal League.',
  ),
  article(
    'mill-outbreak',
    'Outbreak traced to a mill',
    'Screen Desk',
    '2024-07-18',
    'On Friday, Susan Pryor traced the salmonella outbreak to rye flour from a mill in Ohio.',
  ),
  article(
    'ferry-lawsuit',
    'Ferry merger challenged',
    'Page Turner',
    '2024-08-02',
    'Last week, the Department of Justice sued to stop the ferry merger, saying it would raise fares.',
  ),
  article(
    'surgery-prize',
    'Surgery prize awarded',
    'Screen Desk',
    '2024-06-20',
    'EVA judges gave the scalpel medal to surgeon Rosa Quill on Friday.',
  ),
]);

const engine = engineForTests('short-answer-forms-', articles);

const shortOf = async (question: string) => (await engine().ask(question)).short;

describe('short answers are written as the name is', () => {
  it('keep a name whole when a word of it is also a common word', async () => {
    expect(await shortOf('Which author won the Gannet Prize for fiction?')).toBe('Nora Lynch');
  });

  it('take a title from the single quotes of a headline', async () => {
    expect(await shortOf('Which film won the Gannet Prize for drama?')).toBe('Harbour Lights at Dusk');
  });

  it('give a song as its quoted title, not as what the article calls it', async () => {
    expect(await shortOf('Which holiday song is leading the Hot 100 chart?')).toBe('Snow on the Harbour Wall');
  });

  it('give a person by their full name when most reports use the surname', async () => {
    expect(await shortOf('Who will play the captain in Tin Harbor?')).toBe('Dana Whitfield');
  });

  it('leave out a company’s legal form and a politician’s party', async () => {
    expect(await shortOf('Which company will stream Tin Harbor?')).toBe('Streamly');
    expect(await shortOf('Which presidential candidate was asked to stop playing the song?')).toBe('Harold Pike');
  });

  it('give the place asked for, not an institution named after it or the words of the question', async () => {
    expect(await shortOf('Lawmakers from which state were reinstated on Wednesday?')).toBe('Vermont');
    expect(await shortOf('In which national park did walkers regain the right to wild camp?')).toBe('Glenmor');
  });

  it('say a role is undisclosed when the articles say it is a mystery', async () => {
    expect(await shortOf('Who is Tess Okafor playing in Tin Harbor?')).toBe('Undisclosed');
  });

  it('give what a report writes where the question puts "what"', async () => {
    expect(await shortOf('Jory Trelawny set a record by balancing what on his chin?')).toBe('wooden ladder');
  });

  it('never give back the question’s own initialism', async () => {
    expect(await shortOf('The U.S. embassy in which country closed on Monday?')).toBe('Peru');
  });

  it('give a country for "which country", not a city in it', async () => {
    expect(await shortOf('Which country hosted the leaders who signed the fishing treaty?')).toBe('Portugal');
  });

  it('give a country the lexicon knows before a name it does not', async () => {
    expect(await shortOf('Which country will send tanks to its ally after weeks of pressure?')).toBe('Norway');
  });

  it('give an airline whose two-word name no lexicon knows when two reports name it and one a known airline', async () => {
    expect(await shortOf('Which airline will start charging for carry-on bags?')).toBe('Corvane Air');
  });

  it('give a country for "which team": its national team', async () => {
    const answer = await engine().ask('Which team won the Harbour Cup?');
    // Not sure a country is a team, the model shows no bold answer but the passage that names it; never another team.
    if (answer.short === null) expect(answer.answer).toMatch(/closest passage: .*Norway won the Harbour Cup/);
    else expect(answer.short).toBe('Norway');
  });

  it('fill a quiz blank after "since" with a year', async () => {
    expect(await shortOf('Kestrel Town won the county cup on Saturday for the first time since:')).toBe('1987');
  });

  it('give a game’s score for "what was the final score", not a team', async () => {
    expect(await shortOf('What was the final score of the Harbour Cup final?')).toBe('2-1');
  });

  it('give the number beside "magnitude" for "what was the magnitude", not a place or a count', async () => {
    expect(await shortOf('What was the magnitude of the earthquake in the Tarrow valley?')).toBe('6.4');
  });

  it('give a sum of money for "what is the minimum wage", not a place or a head count', async () => {
    expect(await shortOf('What is the minimum wage in the Tarrow valley?')).toBe('$15.50');
  });

  it('read a capitalised title after "which" as the kind asked for: "which MP" asks for a person', async () => {
    expect(await shortOf('The ethics panel recommended suspending which MP?')).toBe('Ada Quill');
  });

  it('give a count for "how many planets", not a planet', async () => {
    expect(await shortOf('How many planets did the Kestrel probe photograph?')).toBe('4');
  });

  it('give a year for "what year", not a weekday', async () => {
    expect(await shortOf('In what year did Dunmore library first open its doors?')).toBe('1911');
  });

  it('leave out a headline’s praise of a place', async () => {
    expect(await shortOf('Where will the Gannet sailing race be held?')).toBe('Cornwall');
  });

  it('give the month for "which month"', async () => {
    expect(await shortOf('In which month will the Carrow folk festival return?')).toBe('June');
  });

  it('give a person without where they are from', async () => {
    expect(await shortOf('Who won best director at the Gannet Awards?')).toBe('Mira Holt');
  });

  it('give a kind of animal with the words that say which kind', async () => {
    expect(await shortOf('A pod of which species stranded on Carrow beach?')).toBe('bottlenose dolphins');
  });

  it('keep the number that is part of a name', async () => {
    expect(await shortOf('Which capsule did the Dunmore museum put on display?')).toBe('Corvid 12');
  });

  it('give a team by its city and nickname', async () => {
    expect(await shortOf('Which team did quarterback Eli Grant sign with?')).toBe('Portland Otters');
  });

  it('give a count as its number, and a year without its preposition', async () => {
    expect(await shortOf('How many felony counts were filed against the Tin Harbor producer?')).toBe('12');
    expect(await shortOf('How many finalists did the jury name for the festival award?')).toBe('5');
    expect(await shortOf('When had the Herons last reached the playoffs?')).toBe('2006');
    expect(await shortOf('What percentage of households watched the Tin Harbor finale live?')).toBe('40%');
  });

  it('find a count in a length of time, prefer one of the unit asked, and give the length for "how long"', async () => {
    // "120 years" is read as a date by the tagger; the keeper's 64, in a sentence that matches the
    // question better, and the 300 people count other things.
    expect(await shortOf('The Carrow Point lighthouse was relit for the first time in how many years?')).toBe(
      '120 years',
    );
    expect(await shortOf('How long did repairs to the cracked tower take?')).toBe('three months');
  });

  it('never give the outlet a report is attributed to as what it reports', async () => {
    // "pepper mill" is only a noun phrase, too weak a guess; the outlet named after "said" is no answer at all.
    expect(await shortOf('What is the dirtiest place in a kitchen, according to a new study?')).toBeNull();
  });

  it('count from an ordinal before the counted noun, never from a rank ("No. 2")', async () => {
    expect(await shortOf('How many league titles have the Harbour Wolves won?')).toBe('4');
  });

  it('give a city for "which team" (its club), not the league the team plays in', async () => {
    expect(await shortOf('Which team won the Lantern Cup?')).toBe('Glasgow');
  });

  it('give no person’s name for "which ingredient": rather no short answer', async () => {
    expect(await shortOf('The salmonella outbreak was traced to which ingredient?')).toBeNull();
  });

  it('keep a role word after "of" in the name it ends: "Department of Justice", not "Department of"', async () => {
    expect(await shortOf('Which department sued to stop the ferry merger?')).toBe('Department of Justice');
  });

  it('give a person, not an initialism that spells a first name', async () => {
    expect(await shortOf('Which surgeon got the scalpel medal?')).toBe('Rosa Quill');
  });
});
