import {
  alternation,
  dayNames,
  monthAbbreviations,
  monthNames,
  numberWords,
  occupationNouns,
  ordinalWords,
  yearSeasons,
} from './lexicon';

/*
 * How TV news states things: who plays whom, who hosts or created a show, where it streams, when it
 * premieres or ends, whether it was renewed, how many episodes and seasons it has. Each statement
 * row is a pattern with named slots and an example sentence; `questionRelation` says which relation
 * a question asks about and which slot it wants, and `relationFeatures` says whether a candidate
 * span fills that slot in a sentence. The features are signals for the answer model, not answers:
 * the patterns are loose on purpose (a capitalised run is a name) and the model weighs them.
 *
 * Cost: a sentence is read once per asked relation and remembered, so every candidate span of it
 * costs a look-up. Reading 20,023 news sentences took 2–85 µs a sentence per relation, the cast
 * patterns the dearest (2026-12-06, 2 vCPU shared at load 15); each row's `cue` keeps a pattern
 * from trying every capital letter of a sentence that holds none of its words.
 */

export type Relation =
  | 'cast'
  | 'host'
  | 'creator'
  | 'network'
  | 'premiere'
  | 'finale'
  | 'renewal'
  | 'episodes'
  | 'seasons'
  | 'succession'
  | 'title'
  | 'partner';

/**
 * What a relation's statement names. `outcome` is the word that says what became of a show
 * ("renewed", "canceled"), what a yes-or-no renewal question wants. `successor` and `predecessor`:
 * who took over a host's chair or an actor's part and who had it before ("X replaced Y", "former
 * host Y"). `title`: an episode's, a special's, a show's, a song's or a book's name where the
 * sentence says what it names ("the episode, “…”", "a sitcom called …"). `partner`: whom `person` is
 * engaged or married to, dates or dances with ("Ada Lind's fiancé, Omar Pell").
 */
export type Slot =
  | 'actor'
  | 'role'
  | 'host'
  | 'creator'
  | 'network'
  | 'show'
  | 'date'
  | 'count'
  | 'outcome'
  | 'successor'
  | 'predecessor'
  | 'title'
  | 'partner'
  | 'person';

export interface AskedRelation {
  relation: Relation;
  /** The slot the answer fills; null when the question names no slot of the relation. */
  wants: Slot | null;
}

export interface RelationFeatures {
  /** The span fills the wanted slot of the asked relation in this sentence. */
  fillsWanted: 0 | 1;
  /** The span fills another slot of that relation (the character when the actor is wanted), and no statement of the sentence gives it the wanted one. */
  fillsOther: 0 | 1;
  /** The sentence states the asked relation at all. */
  statesRelation: 0 | 1;
}

// ---- Pattern fragments ------------------------------------------------------------------------

/** "March" or "march": news capitalises these words, a sentence may start with them. */
const eitherCase = (word: string): string => `[${word[0]!.toUpperCase()}${word[0]}]${word.slice(1)}`;
const capitalised = (word: string): string => word[0]!.toUpperCase() + word.slice(1);

/**
 * Capitalised words that start a sentence or a clause and name nothing. A name may not start with
 * one, so "After Mara Quill…" yields "Mara Quill".
 */
const notAName =
  '(?!(?:The|A|An|After|Before|In|On|At|As|By|For|From|With|But|And|Or|So|When|While|Then|Also|Now|Meanwhile|This|That|These|Those|It|He|She|They|We|You|I|His|Her|Their|Its|Our|Season|Episode|Series|Part|Fans|Viewers|Here|There|Why|How|What|Who|Where)\\b)';
/**
 * One capitalised word: "Quill", "O'Neill", "Jean-Luc", an initial "J.", "HBO", "TV+"; never a
 * possessive "'s" nor the full stop that ends a sentence.
 */
const capWord = "(?:\\p{Lu}\\.(?=\\s)|\\p{Lu}(?:[\\p{L}\\p{M}\\p{N}\\-]|['’](?![sS]\\b)|\\.(?=\\p{L}))*\\+?)";
const nameParticle = '(?:de|da|del|della|van|von|der|den|di|du|le|la|bin|al)';
const calendar = alternation([...monthNames, ...monthAbbreviations, ...dayNames].map(capitalised));
/** A name of a person or a service: up to four capitalised words, "Lena van Vos" included. */
const name = `(?<![\\p{L}\\p{N}])${notAName}${capWord}(?:\\s+(?:${nameParticle}\\s+)?${capWord}){0,3}`;
/** "Mara Quill, Tobin Reyes and Ada Lind". */
const names = `${name}(?:\\s*,\\s*${name})*(?:,?\\s+(?:and|&)\\s+${name})?`;
/** A network or a streamer: a name that is not a day or a month ("on Friday" is a date). */
const network = `(?!(?:${calendar})\\b)${name}`;
/**
 * A show's title: quoted, or capitalised words joined by "of", "the", "and" ("The House of Lanterns"),
 * with a number ("Station 9") or a subtitle ("Harbor: Low Tide"). Prepositions such as "on" end it,
 * or "Glass Harbor on Zentro" would be a title.
 */
const title =
  `(?:["“‘][^"”’]{1,80}["”’]|(?<![\\p{L}\\p{N}])(?:[Tt]he\\s+)?(?!(?:After|Before|In|On|At|As|But|And|When|While|Then|Also|Now|This|That|It|He|She|They|We)\\b)` +
  `${capWord}(?:(?:\\s+(?:of|the|and|&))*\\s+(?:${capWord}|\\d+))*(?::\\s+${capWord}(?:\\s+${capWord})*)?)`;
/**
 * A character: a name, with what the character is before it ("the male lead Juno Hale", "Ilse's
 * sister Vesper", "Navy captain Juno Hale"), or only what the role is ("a retired detective") up to
 * where the clause goes on.
 */
const role =
  `(?:(?:(?:an?|the|his|her|their)\\s+|${capWord}['’]s\\s+|${capWord}\\s+(?=[\\p{Ll}-]+\\s+\\p{Lu}))?(?:[\\p{Ll}-]+\\s+){0,5}?${name}` +
  `|(?:an?|the|his|her)\\s+(?:[\\p{Ll}-]+\\s+){0,5}?[\\p{Ll}-]+` +
  `(?=\\s+(?:in|on|who|for|opposite|alongside|and|to|of)\\b|\\s*[,.;:!?)]|$))`;
/**
 * What a report may write between "by" and a name: "the late", "“Night Owls” star", "director",
 * "Danish director" (capitalised words only before an occupation, or "by Ada Lind and" would
 * skip a name). Lazy: no words at all when a name follows at once.
 */
const descriptor =
  `(?:(?:${capWord}\\s+){1,2}(?=(?:${alternation(occupationNouns)})s?\\s))?` +
  '(?:(?:[\\p{Ll}-]+|["“‘][^"”’]{1,60}["”’])\\s+){0,4}?';
const month = `(?:${alternation([...monthNames, ...monthAbbreviations].map(capitalised))})\\.?`;
const day = `(?:${alternation(dayNames.map(capitalised))})`;
const dayOfMonth = `${month}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?`;
/** "Friday, March 4", "March 4, 2027", "June 2027", "this fall", "next year", "2027". */
const date =
  `(?:${day}(?:,?\\s+${dayOfMonth})?|${dayOfMonth}|${month}(?:\\s+\\d{4})?` +
  `|(?:this|next|later\\s+this|early|late|in\\s+the)\\s+(?:${alternation(yearSeasons)}|year)` +
  `|(?:${alternation(yearSeasons.map(eitherCase))})\\s+\\d{4}|(?:19|20)\\d{2})(?![\\p{L}\\p{N}])`;
/** "8", "eight", "Eight", "6 to 9". */
const count = `(?<![\\p{L}\\p{N}])(?:\\d+(?:\\s*(?:to|-|–|or)\\s*\\d+)?|${alternation(numberWords.map(eitherCase))})`;
/** "third", "3rd". */
const ordinal = `(?<![\\p{L}\\p{N}])(?:\\d+(?:st|nd|rd|th)|${alternation(ordinalWords.map(eitherCase))})`;
/**
 * Up to a few words between a verb and what it is about: "returns for its second season on …", "airs
 * Sept. 19 on …" (a full stop only after an abbreviation before a number).
 */
const gap = '(?:(?:[^.;]|\\.(?=\\s*\\d)){0,40}?\\s)?';

/**
 * A quoted title: “Harbor Lights”, "Harbor Lights," (news puts the comma inside the quotes), “Ada’s
 * Harbor” (an apostrophe inside a word does not close it), and the headlines' 'Harbor Lights'.
 */
const quoted =
  '(?:["“‘](?:[^"”’]|[’\'](?=\\p{L})){1,80}["”’]' +
  "|(?<![\\p{L}\\p{N}])'(?=\\p{Lu}|\\d)(?:[^'\"”’]|['’](?=\\p{L})){1,80}'(?![\\p{L}\\p{N}]))";

/**
 * What a report may put between a name and the verb it goes with: "Dana Velt, who is on tour,
 * will host", "Dana Velt, the comedian, will host", "Omar Pell of “Night Owls” hosts".
 */
const aside =
  "(?:,\\s+(?:who|which)(?:['’]s)?\\s+[^,;.]{1,80},|,\\s+(?:the|an?)\\s+[^,;.]{1,60}," + `|\\s+of\\s+${quoted})`;

const fragments: Record<string, string> = { name, names, network, title, quoted, role, date, count, ordinal };

/** `<actor:name>` in a row's pattern is a named group `actor` holding the `name` fragment. */
function compile(source: string): RegExp {
  const expanded = source.replace(/<(\w+):(\w+)>/g, (_, slot: string, fragment: string) => {
    const body = fragments[fragment];
    if (body === undefined) throw new Error(`relations: unknown fragment ${fragment}`);
    return `(?<${slot}>${body})`;
  });
  return new RegExp(expanded, 'gdu');
}

// ---- Statement table --------------------------------------------------------------------------

export interface StatementRow {
  relation: Relation;
  /** Pattern source: `<slot:fragment>` marks a slot. */
  pattern: string;
  /**
   * Words the sentence must hold for the pattern to match, tested first: patterns that start with
   * a name try every capital letter of a sentence, and most sentences state no relation at all.
   */
  cue?: RegExp;
  /** A made-up sentence the row reads, and what its slots hold there. */
  example: string;
  slots: Partial<Record<Slot, string>>;
}

const plays = '(?:play|plays|played|playing|portray|portrays|portrayed|portraying|voice|voices|voiced|voicing)';
const outcomeWord = '(?:renewed|canceled|cancelled|axed|scrapped|picked\\s+up|ordered|greenlit|green-lit)';

/** What a title names: "the episode, “…”", "a sitcom called …", "“…,” the HBO drama". */
const titledNouns =
  '[Ee]pisode|[Ss]how|[Ss]pecial|[Ss]itcom|[Ss]eries|[Dd]rama|[Cc]omedy|[Dd]ocumentary|[Dd]ocuseries|[Mm]iniseries|[Pp]rogram|[Pp]rogramme|[Ss]ketch|[Ss]ong|[Bb]ook|[Nn]ovel|[Mm]emoir|[Ff]ilm|[Mm]ovie|[Pp]roject|[Ss]tandup|[Ss]tand-up|[Ss]pinoff|[Ss]pin-off';

/** Words every date the patterns read holds: a month or day name, a year, a season of the year. */
const dateCue = new RegExp(`${calendar}|\\d{4}|\\b(?:${alternation(yearSeasons)}|year)\\b`, 'i');

export const statementRows: StatementRow[] = [
  // Cast and roles
  {
    relation: 'cast',
    pattern: `<actor:name>(?:,?\\s+who(?:['’]s)?)?\\s+(?:(?:is|was|has\\s+been)\\s+)?(?:(?:set|tapped|cast|hired|chosen|signed\\s+on|going)\\s+to\\s+|will\\s+|to\\s+)?${plays}\\s+(?!by\\b)<role:role>`,
    cue: /\b(?:play|portray|voic)/i,
    example: 'Mara Quill plays Juno Hale in the new legal drama.',
    slots: { actor: 'Mara Quill', role: 'Juno Hale' },
  },
  {
    relation: 'cast',
    pattern: `<actor:name>\\s+is\\s+set\\s+to\\s+${plays}\\s+<role:role>`,
    cue: /\bset to (?:play|portray|voic)/i,
    example: 'Tobin Reyes is set to play a retired detective in the spinoff.',
    slots: { actor: 'Tobin Reyes', role: 'a retired detective' },
  },
  {
    relation: 'cast',
    pattern: `<role:role>,?\\s+(?:who\\s+is\\s+)?(?:played|portrayed|voiced)\\s+by\\s+${descriptor}<actor:name>`,
    cue: /\b(?:played|portrayed|voiced) by\b/i,
    example: 'Juno Hale, played by Mara Quill, finally meets her sister.',
    slots: { actor: 'Mara Quill', role: 'Juno Hale' },
  },
  {
    relation: 'cast',
    pattern: `<actor:name>\\s+as\\s+<role:name>`,
    cue: / as \p{Lu}/u,
    example: 'The cast also includes Tobin Reyes as Captain Ilse Marr.',
    slots: { actor: 'Tobin Reyes', role: 'Captain Ilse Marr' },
  },
  {
    relation: 'cast',
    pattern: `<actor:name>\\s+(?:has\\s+|will\\s+|is\\s+set\\s+to\\s+)?(?:joins|joined|join|joining)\\s+(?:(?:the\\s+cast\\s+of\\s+)?<show:title>|the\\s+cast)${gap}\\s*as\\s+<role:role>`,
    cue: /\bjoin/i,
    example: 'Ada Lind joins the cast of Glass Harbor as Vesper.',
    slots: { actor: 'Ada Lind', role: 'Vesper', show: 'Glass Harbor' },
  },
  {
    relation: 'cast',
    pattern: `<actor:name>\\s+(?:(?:has\\s+been|had\\s+been|was|is|will\\s+be|were|are)\\s+)?(?:cast|tapped|chosen|revealed|announced|confirmed|unveiled|named)\\s+as\\s+<role:role>`,
    cue: /\b(?:cast|tapped|chosen|revealed|announced|confirmed|unveiled|named) as\b/i,
    example: 'Ada Lind has been cast as Vesper in the second season.',
    slots: { actor: 'Ada Lind', role: 'Vesper' },
  },
  {
    relation: 'cast',
    pattern: `(?:[Ss]tarring|[Cc]o-starring|[Ff]eaturing|\\bstars)\\s+<actor:names>`,
    cue: /\b(?:starring|co-starring|featuring|stars)\b/i,
    example: 'The thriller, starring Mara Quill and Tobin Reyes, arrives in June.',
    slots: { actor: 'Mara Quill and Tobin Reyes' },
  },
  {
    relation: 'cast',
    pattern: `<show:quoted>,?\\s+(?:[Ss]tarring|[Cc]o-starring|[Ff]eaturing)\\s+<actor:names>`,
    cue: /\b(?:starring|co-starring|featuring)\b/i,
    example: 'Zentro unveiled a trailer for “Glass Harbor” starring Mara Quill.',
    slots: { show: '“Glass Harbor”', actor: 'Mara Quill' },
  },
  {
    relation: 'cast',
    pattern: `<actor:names>\\s+(?:stars|starred|star|will\\s+star|co-stars|co-starred|headlines|headlined|leads|led)\\s+(?:as\\s+<role:role>\\s+)?in\\s+<show:title>`,
    cue: /\b(?:stars?|starred|co-stars?|co-starred|headlines|headlined|leads|led)\b/i,
    example: 'Mara Quill stars as Juno Hale in Glass Harbor.',
    slots: { actor: 'Mara Quill', role: 'Juno Hale', show: 'Glass Harbor' },
  },
  {
    relation: 'cast',
    pattern: `<actor:names>\\s+(?:first\\s+|also\\s+|later\\s+|briefly\\s+)?(?:stars|starred|will\\s+star|co-stars|co-starred|returns|returned|will\\s+return|appears|appeared|will\\s+appear|cameos|made\\s+(?:an?\\s+|(?:his|her|their)\\s+)?(?:appearance|debut|cameo))\\s+${gap}as\\s+<role:role>`,
    cue: /\b(?:star|co-star|return|appear|cameo|debut)[^.;]* as\b/i,
    example: 'Tobin Reyes appeared in the finale as the harbor master Ilse Marr.',
    slots: { actor: 'Tobin Reyes', role: 'the harbor master Ilse Marr' },
  },
  {
    relation: 'cast',
    pattern: `(?:[Rr]ole|[Tt]urn|[Ss]tint|[Pp]art|[Pp]erformance)\\s+as\\s+<role:role>`,
    cue: /\b(?:role|turn|stint|part|performance) as\b/i,
    example: 'She won an award for her recurring role as Vesper on the drama.',
    slots: { role: 'Vesper' },
  },
  {
    relation: 'cast',
    pattern: `(?:[Cc]haracter|[Aa]lter\\s+ego)\\)?,?\\s+<role:name>`,
    cue: /\b(?:character|alter ego)/i,
    example: 'Glass Harbor character Juno Hale may be her hardest role yet.',
    slots: { role: 'Juno Hale' },
  },
  {
    relation: 'cast',
    pattern: `(?<![\\p{L}])(?:playing|portraying|voicing)\\s+<role:role>`,
    cue: /\b(?:playing|portraying|voicing)\b/i,
    example: 'She joined the show in its second year, playing the ferry captain Ilse Marr.',
    slots: { role: 'the ferry captain Ilse Marr' },
  },
  {
    relation: 'cast',
    pattern: `<role:name>\\s+\\((?:(?:the|an?|played\\s+by)\\s+)?(?:[\\p{Ll}-]+\\s+){0,2}?<actor:name>[,;)]`,
    cue: /\(/,
    example: 'In the finale, Juno Hale (Mara Quill) confronts her father.',
    slots: { actor: 'Mara Quill', role: 'Juno Hale' },
  },
  {
    relation: 'cast',
    pattern: `<actor:name>(?:['’]s?)\\s+(?:portrayal\\s+of|turn\\s+as|role\\s+as|performance\\s+as|take\\s+on)\\s+<role:role>`,
    cue: /\b(?:portrayal of|turn as|role as|performance as|take on)\b/i,
    example: "Tobin Reyes's turn as Captain Ilse Marr won over critics.",
    slots: { actor: 'Tobin Reyes', role: 'Captain Ilse Marr' },
  },
  {
    relation: 'cast',
    pattern: `<actor:name>\\s+(?:landed|lands|won|takes\\s+on|took\\s+on|will\\s+take\\s+on)\\s+the\\s+(?:lead\\s+)?role\\s+of\\s+<role:role>`,
    cue: /\brole of\b/i,
    example: 'Ada Lind landed the role of Vesper after a long search.',
    slots: { actor: 'Ada Lind', role: 'Vesper' },
  },
  // Hosts
  {
    relation: 'host',
    pattern: `<host:names>\\s+(?:will\\s+|is\\s+set\\s+to\\s+|returns\\s+to\\s+|to\\s+|also\\s+)?(?:hosts|host|hosted|hosting|co-hosts|co-host|co-hosted|emcees|emceed)\\s+<show:title>`,
    cue: /\b(?:host|co-host|emcee)/i,
    example: 'Dana Velt will host the Starfall Awards in May.',
    slots: { host: 'Dana Velt', show: 'the Starfall Awards' },
  },
  {
    relation: 'host',
    pattern: `<host:names>${aside}\\s+(?:will\\s+|is\\s+set\\s+to\\s+|are\\s+set\\s+to\\s+|to\\s+|also\\s+)?(?:hosts|host|hosted|hosting|co-hosts|co-host|co-hosted|emcees|emceed)\\b`,
    cue: /\b(?:host|co-host|emcee)/i,
    example: 'Dana Velt, who grew up near the harbor, will host on May 2.',
    slots: { host: 'Dana Velt' },
  },
  {
    relation: 'host',
    pattern: `(?:[Cc]o-host(?:s|ed|ing)?|[Cc]o-hosting\\s+duties)\\b(?:[^.;]{0,40}?\\s)?(?:alongside|along\\s+with|with|next\\s+to)\\s+${descriptor}<host:names>`,
    cue: /\bco-host/i,
    example: 'Ada Lind will co-host the gala alongside Dana Velt.',
    slots: { host: 'Dana Velt' },
  },
  {
    relation: 'host',
    pattern: `(?=${name}\\s+(?:and|&)\\s+)<host:names>\\s+(?:will\\s+|to\\s+|are\\s+set\\s+to\\s+)?(?:co-host|co-hosts|co-hosted)\\b`,
    cue: /\bco-host/i,
    example: 'Dana Velt and Ada Lind will co-host, the network said.',
    slots: { host: 'Dana Velt and Ada Lind' },
  },
  {
    relation: 'host',
    pattern: `(?:[Hh]osted|[Cc]o-hosted|[Ee]mceed|[Pp]resented|[Ff]ronted)\\s+by\\s+${descriptor}<host:names>`,
    cue: /\b(?:hosted|co-hosted|emceed|presented|fronted) by\b/i,
    example: 'Night Owls Live, hosted by Dana Velt, returns in March.',
    slots: { host: 'Dana Velt' },
  },
  {
    relation: 'host',
    pattern: `(?:[Hh]ost|[Cc]o-host|[Ee]mcee|[Pp]resenter|[Aa]nchor)s?\\s+<host:names>`,
    cue: /\b(?:host|co-host|emcee|presenter|anchor)/i,
    example: 'Longtime host Dana Velt signed off on Friday.',
    slots: { host: 'Dana Velt' },
  },
  {
    relation: 'host',
    pattern: `<show:title>\\s+(?:host|co-host|presenter|anchor)\\s+<host:name>`,
    cue: /\b(?:host|co-host|presenter|anchor)\b/i,
    example: 'Night Owls Live host Dana Velt is stepping down.',
    slots: { host: 'Dana Velt', show: 'Night Owls Live' },
  },
  {
    relation: 'host',
    pattern: `<host:names>\\s+(?:as|will\\s+serve\\s+as|serves\\s+as|served\\s+as|returns\\s+as|is\\s+back\\s+as)\\s+(?:the\\s+|an?\\s+)?(?:new\\s+|sole\\s+|guest\\s+)?(?:host|co-host|emcee|presenter)`,
    cue: /\b(?:host|co-host|emcee|presenter)\b/i,
    example: 'The season opened with Dana Velt as host and a surprise guest.',
    slots: { host: 'Dana Velt' },
  },
  {
    relation: 'host',
    pattern: `<host:name>,\\s+(?:the\\s+)?(?:show['’]s\\s+|longtime\\s+|new\\s+)?(?:host|co-host|presenter|anchor)\\s+of\\s+<show:title>`,
    cue: /\b(?:host|co-host|presenter|anchor) of\b/i,
    example: 'Dana Velt, the longtime host of Night Owls Live, is stepping down.',
    slots: { host: 'Dana Velt', show: 'Night Owls Live' },
  },
  // Creators and showrunners
  {
    relation: 'creator',
    pattern: `(?:[Cc]reated|[Dd]eveloped|[Ww]ritten|[Dd]reamed\\s+up)\\s+(?:for\\s+(?:television|TV)\\s+)?by\\s+${descriptor}<creator:names>`,
    cue: /\b(?:created|developed|written|dreamed up)\b/i,
    example: 'The series, created by Omar Pell, follows two sisters in a fishing town.',
    slots: { creator: 'Omar Pell' },
  },
  {
    relation: 'creator',
    pattern: `(?:[Cc]reator|[Cc]o-creator|[Ss]howrunner|[Cc]o-showrunner|[Ee]xecutive\\s+producer|[Ww]riter-director)s?\\)?\\s+<creator:names>`,
    cue: /\b(?:creator|co-creator|showrunner|co-showrunner|executive producer|writer-director)/i,
    example: 'Showrunner Lena Vos teased a darker second season.',
    slots: { creator: 'Lena Vos' },
  },
  {
    relation: 'creator',
    pattern: `<show:title>\\s+(?:creator|co-creator|showrunner|co-showrunner)s?\\s+<creator:names>`,
    cue: /\b(?:creator|co-creator|showrunner|co-showrunner)/i,
    example: 'Glass Harbor creator Omar Pell said the ending was planned.',
    slots: { creator: 'Omar Pell', show: 'Glass Harbor' },
  },
  {
    relation: 'creator',
    pattern: `<creator:names>,\\s+(?:who\\s+is\\s+)?(?:the\\s+)?(?:series['’]?\\s+|show['’]s\\s+)?(?:creator|co-creator|showrunner|executive\\s+producer)(?:\\s+of\\s+<show:title>)?`,
    cue: /\b(?:creator|co-creator|showrunner|executive producer)/i,
    example: "Omar Pell, the show's creator, said the ending was planned.",
    slots: { creator: 'Omar Pell' },
  },
  {
    relation: 'creator',
    pattern: `<creator:names>(?:,?\\s+who)?\\s+(?:co-created|created|developed|dreamed\\s+up)\\s+<show:title>`,
    cue: /\b(?:co-created|created|developed|dreamed up)\b/i,
    example: 'Lena Vos created Glass Harbor with her brother.',
    slots: { creator: 'Lena Vos', show: 'Glass Harbor' },
  },
  {
    relation: 'creator',
    pattern: `<creator:names>,\\s+(?:the\\s+)?(?:[\\p{Ll}-]+\\s+){0,3}?(?:behind|who\\s+(?:created|made|developed))\\s+<show:title>`,
    cue: /\b(?:behind|who (?:created|made|developed))\b/i,
    example: 'Omar Pell and Lena Vos, the writing team behind Glass Harbor, are back.',
    slots: { creator: 'Omar Pell and Lena Vos', show: 'Glass Harbor' },
  },
  // Networks and streamers
  {
    relation: 'network',
    pattern: `(?:streaming|streams|stream|airs|aired|airing|air|premieres|premiere|premiered|debuts|debut|debuted|arrives|arrive|lands|land|drops|drop|dropping|dropped|returns|return|available|launches|launched|hits|runs|ran|back|broadcast)\\s+${gap}(?:exclusively\\s+)?(?:on|via)\\s+(?:the\\s+)?<network:network>`,
    cue: /\b(?:on|via) (?:the )?\p{Lu}/u,
    example: 'The drama premieres March 4 on Brightwave+.',
    slots: { network: 'Brightwave+' },
  },
  {
    relation: 'network',
    pattern: `(?:moves|moved|moving|move|jumps|jumped|jumping|heads|headed|heading|migrates|shifts|comes|coming|come|came|returns|returning|returned)\\s+(?:over\\s+)?(?:from\\s+${network}\\s+)?to\\s+(?:the\\s+)?<network:network>`,
    cue: /\bto (?:the )?\p{Lu}/u,
    example: 'Night Owls Live moves to Brightwave+ next fall.',
    slots: { network: 'Brightwave+' },
  },
  {
    relation: 'network',
    pattern: `(?:moves|moved|moving|move|jumps|jumped|jumping|migrates|shifts)\\s+(?:over\\s+)?from\\s+(?:its\\s+)?<network:network>`,
    cue: /\bfrom\b/,
    example: 'The talk show is moving from Zentro to a streamer.',
    slots: { network: 'Zentro' },
  },
  {
    relation: 'network',
    pattern: `(?:[Tt]he|[\\p{L}]+['’]s(?:\\s+[\\p{Ll}-]+){1,2})\\s+<network:network>\\s+(?:(?:hit|new|upcoming|acclaimed|popular|long-running|original)\\s+)*(?:series|drama|comedy|sitcom|thriller|show|docuseries|miniseries|limited\\s+series|anthology|original)\\s+<show:title>`,
    cue: /\b(?:series|drama|comedy|sitcom|thriller|show|docuseries|miniseries|anthology|original)\b/i,
    example: 'Fans of the Zentro drama Glass Harbor waited two years.',
    slots: { network: 'Zentro', show: 'Glass Harbor' },
  },
  {
    relation: 'network',
    pattern: `<network:network>['’]s?\\s+(?:[\\p{L}-]+\\s+){0,4}?(?:(?:series|drama|comedy|sitcom|thriller|show|docuseries|miniseries|anthology|original|reboot|revival|spinoff)\\s+)?(?<show>["“‘][^"”’]{1,80}["”’])`,
    cue: /['’]s?\s[^.;]{0,60}["“‘]/u,
    example: 'She is the new star of Zentro’s “Glass Harbor” and a podcast host.',
    slots: { network: 'Zentro', show: '“Glass Harbor”' },
  },
  {
    relation: 'network',
    pattern: `(?<show>["“‘][^"”’]{1,80}["”’])\\s+\\(<network:network>\\)`,
    cue: /\(/,
    example: '“Glass Harbor” (Zentro) A fishing town keeps its secrets.',
    slots: { network: 'Zentro', show: '“Glass Harbor”' },
  },
  {
    relation: 'network',
    pattern: `<network:network>\\s+(?:(?:is|are|was|will\\s+be)\\s+(?:airing|broadcasting|televising|carrying)|will\\s+(?:air|broadcast|televise|carry))\\s+(?:the|its)\\s`,
    cue: /\b(?:air|broadcast|televis|carr)/i,
    example: 'Zentro is airing the gala live from the harbor.',
    slots: { network: 'Zentro' },
  },
  {
    relation: 'network',
    pattern: `(?<![\\p{L}])its\\s+<network:network>\\s+(?:debut|premiere|run|home|launch)`,
    cue: /\bits \p{Lu}/u,
    example: 'The sitcom made its Zentro debut in 1994.',
    slots: { network: 'Zentro' },
  },
  {
    relation: 'network',
    pattern: `<network:network>\\s+(?:has\\s+|have\\s+|will\\s+)?(?:ordered|picked\\s+up|greenlit|green-lit|commissioned|acquired|landed|launches|launched|launch|debuts|debuted|premieres|premiered|unveils|unveiled)\\s+(?:its\\s+(?:take\\s+on\\s+|new\\s+)?)?<show:title>`,
    cue: /\b(?:ordered|picked up|greenlit|green-lit|commissioned|acquired|landed|launch|debut|premiere|unveil)/i,
    example: 'Zentro has picked up Glass Harbor after a bidding war.',
    slots: { network: 'Zentro', show: 'Glass Harbor' },
  },
  // Premiere and return dates
  {
    relation: 'premiere',
    pattern: `(?:premieres|premiere|premiered|premiering|debuts|debut|debuted|debuting|returns|return|returned|returning|arrives|arrive|arrived|launches|launch|launched|bows|drops|drop|dropped|kicks\\s+off|comes|come|coming|came|hits|hit|(?:is|will\\s+be)\\s+out|back|begins|begin|began|starts|start|started|starting|available)\\s+${gap}(?:on\\s+|in\\s+)?<date:date>`,
    cue: dateCue,
    example: 'Glass Harbor returns for its second season on Friday, March 4.',
    slots: { date: 'Friday, March 4' },
  },
  {
    relation: 'premiere',
    pattern: `<date:date>\\s+(?:series\\s+|season\\s+(?:\\w+\\s+)?)?(?:premiere|debut|return|launch|release)\\b`,
    cue: dateCue,
    example: 'Zentro set a March 4 premiere for the drama.',
    slots: { date: 'March 4' },
  },
  // Finale dates
  {
    relation: 'finale',
    pattern: `(?:finale|final\\s+episode|last\\s+episode|series\\s+ender)s?\\s+${gap}(?:on\\s+|in\\s+)?<date:date>`,
    cue: dateCue,
    example: 'The season finale airs on Sunday, May 9.',
    slots: { date: 'Sunday, May 9' },
  },
  {
    relation: 'finale',
    pattern: `<date:date>\\s+(?:season\\s+|series\\s+)?finale`,
    cue: dateCue,
    example: 'Ratings rose ahead of the May 9 finale.',
    slots: { date: 'May 9' },
  },
  {
    relation: 'finale',
    pattern: `(?:wraps\\s+up|wrap\\s+up|wrapped\\s+up|ends|ended|end|concludes|concluded|signs\\s+off|shuts\\s+down|shut\\s+down)\\s+${gap}(?:on\\s+)?<date:date>`,
    cue: dateCue,
    example: 'The series wraps up on May 9 after four seasons.',
    slots: { date: 'May 9' },
  },
  // Renewals and cancellations
  {
    relation: 'renewal',
    pattern: `<network:network>\\s+(?:has\\s+|have\\s+|officially\\s+|quietly\\s+)?(?<outcome>${outcomeWord}|pulled\\s+the\\s+plug\\s+on)\\s+(?:<show:title>|it|the\\s+(?:show|series|drama|comedy|sitcom))(?:\\s+for\\s+(?:a\\s+)?<count:ordinal>\\s+season)?(?:\\s+(?:in|on)\\s+<date:date>)?`,
    cue: /\b(?:renewed|canceled|cancelled|axed|scrapped|picked up|ordered|greenlit|green-lit|pulled the plug)\b/i,
    example: 'Zentro has renewed Glass Harbor for a third season.',
    slots: { network: 'Zentro', outcome: 'renewed', show: 'Glass Harbor', count: 'third' },
  },
  {
    relation: 'renewal',
    pattern: `<show:title>\\s+(?:has\\s+been|have\\s+been|was|were|is|got|gets|has\\s+officially\\s+been|was\\s+officially)\\s+(?<outcome>${outcomeWord})(?:\\s+(?:at|by)\\s+<network:network>)?`,
    cue: /\b(?:renewed|canceled|cancelled|axed|scrapped|picked up|ordered|greenlit|green-lit)\b/i,
    example: 'Glass Harbor has been canceled at Zentro after two seasons.',
    slots: { show: 'Glass Harbor', outcome: 'canceled', network: 'Zentro' },
  },
  {
    relation: 'renewal',
    pattern: `(?<![\\p{L}])(?<outcome>renewal|renewed|cancellation|canceled|cancelled|axed)(?![\\p{L}])`,
    example: 'Fans are still waiting on news of a renewal.',
    slots: { outcome: 'renewal' },
  },
  // Episode and season counts
  {
    relation: 'episodes',
    pattern: `<count:count>(?:-|\\s+)(?:new\\s+|more\\s+|hour-long\\s+|half-hour\\s+)?episodes?\\b`,
    cue: /\bepisode/i,
    example: 'The second season runs eight episodes, down from ten.',
    slots: { count: 'eight' },
  },
  {
    relation: 'seasons',
    pattern: `<count:count>(?:-|\\s+)(?:full\\s+)?seasons?\\b`,
    cue: /\bseason/i,
    example: 'Glass Harbor ran for five seasons on Zentro.',
    slots: { count: 'five' },
  },
  {
    relation: 'seasons',
    pattern: `<count:ordinal>\\s+(?:and\\s+)?(?:final|last)\\s+season`,
    cue: /\b(?:final|last) season/i,
    example: 'The drama will end with its fifth and final season.',
    slots: { count: 'fifth' },
  },
  {
    relation: 'seasons',
    pattern: `[Ss]eason\\s+<count:count>\\s+(?:will\\s+be|is|was)\\s+(?:its|the|the\\s+show['’]s|the\\s+series['’])\\s+(?:last|final)`,
    cue: /\b(?:last|final)\b/i,
    example: "Season 4 will be the show's last.",
    slots: { count: '4' },
  },
  // Who took over a host's chair or an actor's part, and who had it before. Read with the host and
  // cast rows (alsoStatedBy): the one replaced is not who hosts or plays now.
  {
    relation: 'succession',
    pattern: `<successor:names>(?:\\s+(?:will|to|is\\s+set\\s+to|set\\s+to)\\s+(?:host|co-host|anchor|star|lead))?(?:,?\\s+who)?,?\\s+(?:has\\s+|had\\s+|will\\s+|is\\s+)?(?:replaced|replaces|replace|replacing|succeeded|succeeds|succeed|succeeding|(?:took|takes|take|taking)\\s+over\\s+(?:(?:the\\s+)?(?:role|part|chair|job|reins)(?:\\s+of\\s+[^,.;]{1,40}?)?\\s+)?(?:for|from)|(?:steps|stepped|stepping)\\s+in\\s+for|(?:fills|filled|filling)\\s+in\\s+for)(?!\\s+by\\b)\\s+${descriptor}<predecessor:names>`,
    cue: /\b(?:replac|succeed|took over|takes over|take over|taking over|in for)/i,
    example: 'Dana Velt replaced longtime host Omar Pell in 2019.',
    slots: { successor: 'Dana Velt', predecessor: 'Omar Pell' },
  },
  {
    relation: 'succession',
    pattern: `(?:[Rr]eplacing|[Ss]ucceeding|[Ii]n\\s+place\\s+of|[Tt]aking\\s+over\\s+(?:for|from))\\s+${descriptor}<predecessor:names>`,
    cue: /\b(?:replacing|succeeding|in place of|taking over)\b/i,
    example: 'Dana Velt will host the gala, replacing Omar Pell.',
    slots: { predecessor: 'Omar Pell' },
  },
  {
    relation: 'succession',
    pattern: `<predecessor:names>\\s+(?:was|is|will\\s+be|has\\s+been|is\\s+being)\\s+(?:replaced|succeeded)\\s+by\\s+${descriptor}<successor:names>`,
    cue: /\b(?:replaced|succeeded) by\b/i,
    example: 'Omar Pell was replaced by Dana Velt after one season.',
    slots: { predecessor: 'Omar Pell', successor: 'Dana Velt' },
  },
  {
    relation: 'succession',
    pattern: `(?:[Ff]ormer|[Pp]revious|[Oo]utgoing|[Rr]etiring|[Pp]redecessor)\\s+(?:[\\p{Ll}-]+\\s+){0,2}?<predecessor:names>`,
    cue: /\b(?:former|previous|outgoing|retiring|predecessor)\b/i,
    example: 'The gala drew former host Omar Pell back to the stage.',
    slots: { predecessor: 'Omar Pell' },
  },
  {
    relation: 'succession',
    pattern: `<predecessor:name>['’]s?\\s+(?:replacement|successor)(?:,?\\s+${descriptor}<successor:names>)?`,
    cue: /\b(?:replacement|successor)\b/i,
    example: "Omar Pell's replacement, Dana Velt, starts in May.",
    slots: { predecessor: 'Omar Pell', successor: 'Dana Velt' },
  },
  {
    relation: 'succession',
    pattern: `<successor:names>\\s+(?:(?:is|was|will\\s+be|has\\s+been)\\s+)?(?:(?:revealed|announced|named|confirmed|unveiled|tapped|chosen|cast)\\s+)?as\\s+(?:the\\s+)?(?:new|next)\\b`,
    cue: /\bas (?:the )?(?:new|next)\b/i,
    example: 'Ada Lind was revealed as the new Captain Marr on Sunday.',
    slots: { successor: 'Ada Lind' },
  },
  // Titles, where the sentence says what the quoted or named words are.
  {
    relation: 'title',
    pattern: `(?:${titledNouns})s?,?\\s+(?:(?:including|like|such\\s+as)\\s+)?<title:quoted>`,
    cue: /["“‘']/,
    example: 'The company pulled the episode, “Harbor Lights,” from its service.',
    slots: { title: '“Harbor Lights,”' },
  },
  {
    relation: 'title',
    pattern: `(?:${titledNouns})s?,?\\s+(?:titled|called|named|dubbed|entitled)\\s+<title:title>`,
    cue: /\b(?:titled|called|named|dubbed|entitled)\b/i,
    example: 'She starred in a short-lived sitcom called Harbor Lights in 1998.',
    slots: { title: 'Harbor Lights' },
  },
  {
    relation: 'title',
    pattern: `<title:quoted>,?\\s+(?:(?:the|an?|its|their|his|her)\\s+(?:[\\p{L}'’+-]+\\s+){0,3}?|(?:[\\p{Ll}-]+\\s+){0,2}?)(?:${titledNouns})\\b`,
    cue: /["”’']/,
    example: 'The “Harbor Lights” episode aired in 1998.',
    slots: { title: '“Harbor Lights”' },
  },
  // Partners: whom someone is engaged or married to, dates, or dances with on a competition show.
  {
    relation: 'partner',
    pattern: `<person:name>(?:${aside})?\\s+(?:is|was|got|gets|has\\s+been|had\\s+been|became|is\\s+now|were)\\s+(?:(?:officially|secretly|happily|reportedly)\\s+)?(?:engaged|married|wed)\\s+to\\s+${descriptor}<partner:name>`,
    cue: /\b(?:engaged|married|wed) to\b/i,
    example: 'Omar Pell is engaged to fellow contestant Ada Lind, the finale revealed.',
    slots: { person: 'Omar Pell', partner: 'Ada Lind' },
  },
  {
    relation: 'partner',
    pattern: `<person:name>['’]s?\\s+(?:(?:ex-|former\\s+|late\\s+|longtime\\s+|then-)?(?:wife|husband|fiancée|fiancé|fiancee|fiance|girlfriend|boyfriend|spouse|partner)),?\\s+${descriptor}<partner:name>`,
    cue: /\b(?:wife|husband|fianc|girlfriend|boyfriend|spouse|partner)/i,
    example: "Omar Pell's ex-fiancée, Ada Lind, spoke about their years together.",
    slots: { person: 'Omar Pell', partner: 'Ada Lind' },
  },
  {
    relation: 'partner',
    pattern: `<person:name>\\s+and\\s+(?:his|her|their)\\s+(?:ex-|former\\s+|late\\s+|longtime\\s+)?(?:wife|husband|fiancée|fiancé|fiancee|fiance|girlfriend|boyfriend|spouse|partner),?\\s+<partner:name>`,
    cue: /\b(?:wife|husband|fianc|girlfriend|boyfriend|spouse|partner)/i,
    example: 'Omar Pell and his wife Ada Lind arrived together.',
    slots: { person: 'Omar Pell', partner: 'Ada Lind' },
  },
  {
    relation: 'partner',
    pattern: `<person:name>\\s+(?:(?:is|was|has\\s+been)\\s+)?(?:married|wed|weds|marries|dated|dates|dating|proposed\\s+to|(?:is|was)\\s+dating)\\s+${descriptor}<partner:name>`,
    cue: /\b(?:married|wed|weds|marries|dated|dates|dating|proposed to)\b/i,
    example: 'Omar Pell married longtime girlfriend Ada Lind in June.',
    slots: { person: 'Omar Pell', partner: 'Ada Lind' },
  },
  {
    relation: 'partner',
    pattern: `(?:(?:alongside|with)\\s+(?:(?:his|her|their|pro|professional|new)\\s+)*(?:dance\\s+|dancing\\s+)?partner|(?:paired|partnered|teamed\\s+up|dancing|dances|danced)\\s+with(?:\\s+(?:pro|professional|dancer))*),?\\s+<partner:name>`,
    cue: /\b(?:partner|paired|teamed up|danc)/i,
    example: 'Ada Lind dances this season alongside partner Omar Pell.',
    slots: { partner: 'Omar Pell' },
  },
];

/**
 * Relations whose statements also answer another relation's question: "which network is it on?" is
 * answered by "Zentro has renewed it" as well as by "it streams on Zentro". Who hosts or plays a part
 * is also told by who took it over from whom ("Dana Velt replaced Omar Pell").
 */
const alsoStatedBy: Partial<Record<Relation, Relation[]>> = {
  network: ['renewal'],
  host: ['succession'],
  cast: ['succession'],
};

/**
 * Each row's pattern, compiled on its first use: the 51 patterns took 0.08-0.13 s to compile, the
 * dearest part of loading the answer modules after the NLP models, and a question reads only its
 * own relation's rows (2026-12-06, 2 vCPU shared).
 */
const compiled = new Map<StatementRow, RegExp>();

const rowsOf = new Map<Relation, StatementRow[]>();
for (const relation of new Set(statementRows.map((row) => row.relation))) {
  const related = [relation, ...(alsoStatedBy[relation] ?? [])];
  rowsOf.set(
    relation,
    statementRows.filter((row) => related.includes(row.relation)),
  );
}

// ---- Reading sentences ------------------------------------------------------------------------

export interface SlotFill {
  slot: Slot;
  start: number;
  end: number;
}

/** One statement of a relation found in a sentence: where each of its slots is. */
export interface Statement {
  relation: Relation;
  slots: SlotFill[];
}

const slotNames = new Set<string>([
  'actor',
  'role',
  'host',
  'creator',
  'network',
  'show',
  'date',
  'count',
  'outcome',
  'successor',
  'predecessor',
  'title',
  'partner',
  'person',
]);
const isSlot = (name: string): name is Slot => slotNames.has(name);

/** The statements of `relation` (and of those that also state it) in `sentence`. */
export function statementsOf(relation: Relation, sentence: string): Statement[] {
  let bySentence = statementCache.get(relation);
  if (bySentence === undefined) statementCache.set(relation, (bySentence = new Map<string, Statement[]>()));
  const cached = bySentence.get(sentence);
  if (cached !== undefined) return cached;
  const found: Statement[] = [];
  for (const row of rowsOf.get(relation) ?? []) found.push(...rowStatements(row, sentence));
  if (bySentence.size >= statementCacheLimit) bySentence.clear();
  bySentence.set(sentence, found);
  return found;
}

/** What one row reads in `sentence`: a statement for every match. */
export function rowStatements(row: StatementRow, sentence: string): Statement[] {
  if (row.cue !== undefined && !row.cue.test(sentence)) return [];
  let pattern = compiled.get(row);
  if (pattern === undefined) compiled.set(row, (pattern = compile(row.pattern)));
  const found: Statement[] = [];
  for (const match of sentence.matchAll(pattern)) {
    const groups = match.indices?.groups;
    if (groups === undefined) continue;
    const slots: SlotFill[] = [];
    for (const [slot, range] of Object.entries(groups)) {
      if (range !== undefined && isSlot(slot)) slots.push({ slot, start: range[0], end: range[1] });
    }
    found.push({ relation: row.relation, slots });
  }
  return found;
}

// Every candidate span of a sentence asks about the same sentence: match it once per ask. By relation,
// then by the sentence itself: a key joining the two was a new string to hash for every span.
const statementCache = new Map<Relation, Map<string, Statement[]>>();
const statementCacheLimit = 4096;

/**
 * Whether the span [start, end) fills a slot found at [slotStart, slotEnd): it lies inside the slot
 * ("Quill" in "Mara Quill", one name of a cast list), or holds the slot and little more ("the
 * Zentro" for "Zentro").
 */
function fills(start: number, end: number, fill: SlotFill): boolean {
  if (start >= fill.start && end <= fill.end) return end > start;
  return start <= fill.start && end >= fill.end && end - start - (fill.end - fill.start) <= extraCharacters;
}
/** "the ", "'s ": what a span may hold beyond a slot and still be the slot. */
const extraCharacters = 4;

const none: RelationFeatures = { fillsWanted: 0, fillsOther: 0, statesRelation: 0 };

/**
 * Whether the candidate at characters [start, end) of `sentence` fills the slot the question
 * wants, fills another slot of the relation, and whether the sentence states the relation at all.
 */
export function relationFeatures(
  asked: AskedRelation | null,
  sentence: string,
  start: number,
  end: number,
): RelationFeatures {
  if (asked === null) return none;
  const statements = statementsOf(asked.relation, sentence);
  if (statements.length === 0) return none;
  const wanted = wantedSlots(asked);
  let fillsWanted: 0 | 1 = 0;
  let fillsOther: 0 | 1 = 0;
  let replaced = false;
  for (const statement of statements) {
    for (const fill of statement.slots) {
      if (!fills(start, end, fill)) continue;
      if (wanted.includes(fill.slot)) fillsWanted = 1;
      else fillsOther = 1;
      if (fill.slot === 'predecessor' && asked.wants !== 'predecessor') replaced = true;
    }
  }
  // "Dana Velt replaced longtime host Omar Pell": "host Omar Pell" reads him as a host too, but he is
  // the one replaced, which outweighs any row that gives him the wanted slot.
  if (replaced) return { fillsWanted: 0, fillsOther: 1, statesRelation: 1 };
  // Two rows may read one span two ways: "starring Ada Lind (Glass Harbor) as Vesper" is the actor
  // to "starring X" and the character to "Character (Actor)". The reading that answers wins: a span
  // any statement gives the wanted slot is not counted as the other slot.
  return { fillsWanted, fillsOther: fillsWanted === 1 ? 0 : fillsOther, statesRelation: 1 };
}

/** The slots that answer: who took over a host's chair or a part is its host or actor now. */
function wantedSlots(asked: AskedRelation): Slot[] {
  if (asked.wants === 'host' || asked.wants === 'actor') return [asked.wants, 'successor'];
  return asked.wants === null ? [] : [asked.wants];
}

// ---- Reading questions ------------------------------------------------------------------------

export interface QuestionRow extends AskedRelation {
  pattern: RegExp;
  /** A made-up question the row reads. */
  example: string;
}

const renewWords =
  '(?:renew|renews|renewed|renewal|cancel|cancels|canceled|cancelled|canceling|cancelling|cancellation|axed|axe|picked\\s+up|greenlit)';

const hostWords = '\\b(?:host|hosts|hosted|hosting|co-host|co-hosted|emcee|emceed|presenter|anchor|anchored)\\b';
const castWords = '\\b(?:play|plays|played|playing|portray|portrayed|voice|voiced|actor|actress)\\b';
/** "…before Dana Velt", "…prior to her": who had the chair or the part before someone. */
const beforeWords = '\\b(?:before|prior\\s+to|preceded)\\b';
/** "…before Ada Lind took over": the one asked for had the part before. */
const tookOver = '(?:took|takes|take|taking)\\s+over\\b';
/** "who did Dana Velt replace", "who is she taking over from"; not "who is gonna replace Dana Velt". */
const replacedWhom =
  '\\bwho\\s+(?:did|does|will|is|was)\\s+(?!(?:gonna|going|set|expected|slated|about|likely|tapped|chosen|picked|named|the|an?|new|next)\\b)\\S.*?\\b(?:replace|replacing|succeed|succeeding|take\\s+over\\s+(?:for|from)|taking\\s+over\\s+(?:for|from))\\b';
/**
 * What a title names, as questions ask for it: "which episode", "the name of the sitcom"; not "which
 * film star" nor "which special guest", which ask for someone.
 */
const askedTitles =
  '(?:episode|show|special|sitcom|series|drama|comedy|documentary|docuseries|miniseries|program|programme|sketch|song|book|novel|memoir|film|movie)s?\\b(?!\\s+(?:star|stars|theater|theatre|chain|guest|guests|host|hosts|company|studio|network|director|writer|producer|creator|actor|actress|character|role|franchise)\\b)';
/**
 * Up to five words before the noun, none a verb, an article or a preposition: "which tv show", not "what
 * year did the show" nor "what happened on the show".
 */
const fewWords =
  "(?:(?!(?:is|was|are|were|did|does|do|will|has|have|had|can|could|would|should|happened|happens|aired|the|an?|its|his|her|their|this|that|on|in|at|to|of|for|with|about|from|by)\\b)[\\w&+'’.-]+\\s+){0,5}?";

/** First match wins: the rows go from the most particular wording to the most general. */
export const questionRows: QuestionRow[] = [
  {
    relation: 'host',
    wants: 'predecessor',
    pattern: new RegExp(
      `^(?=.*\\bwho\\b).*?(?:${hostWords}.*${beforeWords}|${beforeWords}.*${hostWords}|${replacedWhom}.*${hostWords})`,
      'i',
    ),
    example: 'who hosted night owls live before dana velt',
  },
  {
    relation: 'cast',
    wants: 'predecessor',
    pattern: new RegExp(
      `^(?=.*\\bwho\\b).*?(?:${castWords}.*${beforeWords}|${beforeWords}.*${castWords}|${replacedWhom}|${beforeWords}.*\\b${tookOver})`,
      'i',
    ),
    example: 'who played vesper before ada lind took over',
  },
  {
    relation: 'episodes',
    wants: 'count',
    pattern:
      /\bhow\s+many\s+(?:\w+\s+)?(?:episodes?|eps|installments|chapters)\b|\b(?:episode\s+count|number\s+of\s+episodes)\b/i,
    example: 'how many episodes are in season 2 of glass harbor',
  },
  {
    relation: 'seasons',
    wants: 'count',
    pattern: /\bhow\s+many\s+(?:\w+\s+)?seasons?\b|\bnumber\s+of\s+seasons\b/i,
    example: 'how many seasons did glass harbor run',
  },
  {
    relation: 'cast',
    wants: 'actor',
    pattern:
      /\bwho\s+(?:is|was|'s|’s)\s+(?:the\s+)?(?:actor|actress|star|voice|person|guy|girl|man|woman)\b|\b(?:which|what)\s+(?:actor|actress|star)\b/i,
    example: 'who is the actor behind juno hale in glass harbor',
  },
  {
    relation: 'cast',
    wants: 'actor',
    pattern:
      /\bwho\s+(?:(?:is|was|will|'s|’s)\s+)?(?:(?:going|set)\s+to\s+|gonna\s+)?(?:play|plays|played|playing|portray|portrays|portrayed|portraying|voice|voices|voiced|voicing|star|stars|starred|starring)\b/i,
    example: 'who plays vesper in glass harbor',
  },
  {
    relation: 'cast',
    wants: 'actor',
    pattern:
      /\bwho\s+(?:is|was|were|got|has\s+been|'s|’s|will\s+be)\s+cast\b|\bwho(?:\s+is|\s+are|'s|’s)?\s+in\s+the\s+cast\b|\bcast\s+(?:list\s+)?of\b/i,
    example: 'who was cast as vesper',
  },
  {
    relation: 'cast',
    wants: 'actor',
    pattern: /\bwho\s+(?:does|did|will\s+do|is\s+doing)\s+the\s+voice\b|\bwho\b.*\bjoin(?:s|ed|ing)?\b/i,
    example: 'who does the voice of vesper',
  },
  {
    relation: 'cast',
    wants: 'role',
    pattern:
      /\b(?:what|which)\s+(?:character|role|part)s?\b|(?:['’]s|s['’])\s+(?:character|role)\b|\bwho\s+(?:does|did|will|is|was)\s+\S.*?\b(?:play|playing|portray|portraying|voice|voicing)\b/i,
    example: 'who does mara quill play in glass harbor',
  },
  {
    relation: 'host',
    wants: 'host',
    pattern:
      /\bwho\s+(?:(?:is|was|will|'s|’s)\s+)?(?:be\s+)?(?:(?:going|set)\s+to\s+|gonna\s+)?(?:host|hosts|hosting|hosted|co-host|co-hosts|co-hosting|emcee|emcees|emceeing)\b|\bwho\s+(?:is|was|'s|’s|will\s+be)\s+(?:the\s+)?(?:new\s+)?(?:host|co-host|presenter|emcee|anchor)\b|\bwho\b.*\bas\s+(?:the\s+)?(?:new\s+)?(?:host|co-host|presenter|emcee|anchor)\b|\bwho\b.*\bco-host(?:s|ing|ed)?\b.*\bwith\b/i,
    example: 'who is hosting the starfall awards',
  },
  {
    relation: 'partner',
    wants: 'partner',
    pattern:
      /\bwho\s+(?:is|was|were|are|'s|’s)\s+\S.*?\b(?:engaged|married|wed)\s+to\b|\bwho\s+(?:is|was|are|'s|’s)\s+\S.*?\b(?:dating|dancing\s+with|paired\s+with|partnered\s+with|competing\s+with)\b|\bwho\s+(?:did|does|will)\s+\S.*?\b(?:marry|date|propose\s+to|get\s+engaged\s+to|dance\s+with)\b|\bwho\s+(?:is|was|'s|’s)\s+\S.*?['’]s?\s+(?:wife|husband|fianc[ée]e?|girlfriend|boyfriend|spouse|partner|dance\s+partner)\b/i,
    example: 'who was omar pell engaged to',
  },
  {
    relation: 'creator',
    wants: 'creator',
    pattern:
      /\bwho\s+(?:(?:is|was)\s+)?(?:created|creates|create|co-created|co-creates|co-create|(?:exec|executive)\s+produc(?:ing|es|ed|e)|developed|dreamed\s+up|came\s+up\s+with|wrote|writes|made|makes|making|runs|behind)\b|\bwho\s+(?:is|was|are|'s|’s)\s+(?:the\s+)?(?:creator|co-creator|showrunner|writer|mastermind|executive\s+producer)s?\b|\b(?:which|what)\s+(?:creator|showrunner|writer)\b/i,
    example: 'who is the showrunner of glass harbor',
  },
  {
    relation: 'network',
    wants: 'network',
    pattern:
      /\b(?:what|which)\s+(?:tv\s+)?(?:network|channel|streamer|streaming\s+(?:service|platform|site|app)|service|platform|station)\b/i,
    example: 'what network is glass harbor on',
  },
  {
    relation: 'network',
    wants: 'network',
    pattern:
      /\bwhere\s+(?:can|do|could|should|will|would)\s+(?:i|you|we|u|fans|people|viewers|one)\s+(?:watch|stream|see|find|catch)\b|\bwhere\s+(?:is|does|will|was|did)\b.*\b(?:stream|streaming|streams|air|airing|airs|aired|moving|move|moved|going)\b|\bwhat(?:\s+(?:is|was|does|will)|['’]?s)\b.*\b(?:streaming|stream|airing|air)\s+on\s*\??$/i,
    example: 'where can i watch glass harbor',
  },
  {
    relation: 'renewal',
    wants: 'date',
    pattern: new RegExp(`\\bwhen\\b.*\\b${renewWords}\\b`, 'i'),
    example: 'when was glass harbor renewed',
  },
  {
    relation: 'renewal',
    wants: 'network',
    pattern: new RegExp(`\\bwho\\s+${renewWords}\\b`, 'i'),
    example: 'who canceled glass harbor',
  },
  {
    relation: 'renewal',
    wants: 'outcome',
    pattern: new RegExp(
      `\\b${renewWords}\\b|\\bwill\\s+there\\s+be\\s+(?:a|another)\\s+(?:\\w+\\s+)?season\\b|^\\s*(?:is|was|will|has|did)\\b.*\\b(?:coming\\s+back|get(?:ting)?\\s+(?:a|another)\\s+(?:\\w+\\s+)?season)\\b`,
      'i',
    ),
    example: 'is glass harbor renewed for season 3',
  },
  {
    relation: 'finale',
    wants: 'date',
    pattern:
      /\bwhen\b.*\b(?:finale|final\s+episode|last\s+episode|end|ends|ending|wrap|wraps|conclude|concludes|shut\s+down|shutting\s+down)\b|\b(?:finale|final\s+episode)\s+date\b/i,
    example: 'when does the glass harbor finale air',
  },
  {
    relation: 'premiere',
    wants: 'date',
    pattern:
      /\bwhen\b.*\b(?:premiere|premieres|premiering|premiered|debut|debuts|return|returns|returning|come\s+out|comes\s+out|coming\s+out|came\s+out|come\s+back|comes\s+back|coming\s+back|start|starts|starting|air|airs|airing|release|released|releasing|drop|drops|dropping|launch|launches|arrive|arrives|out|hit|hits|coming)\b|\b(?:premiere|release|air|return|launch|debut)\s+date\b|\b(?:what|which)\s+(?:day|date|month|year)\b.*\b(?:premiere|debut|return|come\s+out|air|release|drop|start)/i,
    example: 'when does glass harbor season 2 come out',
  },
  {
    relation: 'title',
    wants: 'title',
    pattern: new RegExp(
      `\\b(?:what|which)\\s+${fewWords}${askedTitles}|\\bname\\s+of\\s+(?:the\\s+|an?\\s+)?${fewWords}${askedTitles}|${askedTitles}\\b.*\\b(?:called|named|titled)\\s*\\??\\s*$` +
        `|\\bwhat\\s+(?:is|was)\\s+(?:the\\s+|an?\\s+)?${fewWords}${askedTitles}\\s*\\??\\s*$|\\b(?:an?|one)\\s+${askedTitles}\\b.*\\bwhich\\s+one\\b`,
      'i',
    ),
    example: 'which glass harbor episode was pulled from zentro',
  },
];

/**
 * "who's playing", "whos hosting": a question word run together with "is", as fans type it, read
 * written out ("who is playing"), so the rows need not spell every contraction.
 */
const contracted = /\b(who|what|where|when|how)(?:['’]s|s)\b/gi;

/** Which relation the question asks about and which of its slots the answer fills; null for none. */
export function questionRelation(question: string): AskedRelation | null {
  const written = question.replace(contracted, '$1 is');
  const row = questionRows.find((r) => r.pattern.test(written));
  return row === undefined ? null : { relation: row.relation, wants: row.wants };
}
