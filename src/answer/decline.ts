import nlp from '../text/compromise';
import { tagWordsWithLemmas } from './spans';
import { auxiliaryVerbs, modalVerbs, whWords as whWordList } from './lexicon';

/*
 * A decline reads as a sentence about the question, not the question pasted into a template:
 * "Is Luke Cage renewed?" → "I couldn't find whether Luke Cage is renewed in the indexed articles."
 */

const auxiliaries = new Set(auxiliaryVerbs);
const modals = new Set(modalVerbs);
const whWords = new Set(whWordList);

export function declineText(question: string): string {
  return `I couldn't find ${addressedToAsker(indirectQuestion(question))} in the indexed articles.`;
}

/** The answer model is not sure of any short answer: said so, before the closest passage is shown. */
export function notSureText(question: string): string {
  return `I'm not sure about ${addressedToAsker(indirectQuestion(question))}.`;
}

/** "Can I watch it in Canada?" → "whether you can watch it in Canada": the bot answers the asker. */
function addressedToAsker(clause: string): string {
  return clause.replace(
    /\b(I|me|my|mine)\b/g,
    (word) => ({ I: 'you', me: 'you', my: 'your', mine: 'yours' })[word] ?? word,
  );
}

/** The question as a clause: "who directed Black Panther", "when filming started", "whether X is renewed". */
export function indirectQuestion(question: string): string {
  // "True or false: the finale airs in June" asks whether the statement holds.
  const trueOrFalse = /^\s*true or false\s*[:,?-]?\s*/i.exec(question);
  if (trueOrFalse) return `whether ${question.slice(trueOrFalse[0].length).replace(/[?.!\s]+$/u, '')}`;
  const { words, pos, lemmas } = tagWordsWithLemmas(question.replace(/[?.!\s]+$/u, ''));
  if (words.length === 0) return 'an answer';
  const first = words[0]!.toLowerCase();
  if (auxiliaries.has(first)) return `whether ${statement(words, pos, lemmas, 0)}`;
  // "What powers does she have", "Which show did he join", "In which city did it film": the
  // wh-phrase (after a preposition, if one leads) runs up to the auxiliary.
  const asks = whWords.has(first) || (pos[0] === 'ADP' && whWords.has(words[1]?.toLowerCase() ?? ''));
  const aux = words.findIndex((w, i) => i > 0 && i <= 5 && auxiliaries.has(w.toLowerCase()));
  const auxiliary = words[aux]?.toLowerCase() ?? '';
  // "Which actor will play Daredevil": a verb right after a modal makes the wh-phrase the subject.
  // So does a chain of auxiliaries ("Who should be told", "Who has been cast"): nothing stands
  // between the wh-phrase and its verb to be the subject.
  const chained = ['be', 'been', 'being', 'have'].includes(words[aux + 1]?.toLowerCase() ?? '');
  const subjectAsked =
    !['do', 'does', 'did'].includes(auxiliary) &&
    (chained || (pos[aux + 1] === 'VERB' && !pos.slice(aux + 2).some((tag) => tag === 'VERB' || tag === 'AUX')));
  if (asks && aux > 0 && aux + 1 < words.length && !subjectAsked) {
    return `${lowerFirst(join(words.slice(0, aux)))} ${statement(words, pos, lemmas, aux)}`;
  }
  return lowerFirst(join(words));
}

/** Moves the auxiliary at `aux` behind its subject: "is Luke Cage renewed" → "Luke Cage is renewed". */
function statement(words: string[], pos: string[], lemmas: string[], aux: number): string {
  const auxiliary = words[aux]!.toLowerCase();
  if (['do', 'does', 'did'].includes(auxiliary)) {
    // "did filming on Kestrel Bay start": the subject runs up to the main verb, which takes the tense.
    // That verb is in its base form: a participle in a lower-cased title ("when does hidden cove
    // come out") is the subject's; "have" is one even where tagged an auxiliary. The tagger reads
    // "did ratings fall" as nouns only: then the last word is the verb.
    const baseVerb = (word: string, i: number) =>
      lemmas[i] === word.toLowerCase() && (pos[i] === 'VERB' || ['have', 'be', 'do'].includes(lemmas[i]));
    // Where wink reads the verb as a noun ("season 2 come out"), compromise may still read it as one.
    let tagged = words.findIndex((word, i) => i > aux + 1 && baseVerb(word, i));
    if (tagged < 0) {
      const infinitives = infinitivesOf(words);
      // The last such word: a noun before it may read as a verb too ("did the ferry strike end").
      tagged = words.findLastIndex(
        (word, i) => i > aux + 1 && lemmas[i] === word.toLowerCase() && infinitives.has(word),
      );
    }
    const verbAt = tagged > 0 ? tagged : words.length - 1 > aux + 1 ? words.length - 1 : -1;
    if (verbAt > 0) {
      const verb = nlp(`it ${words[verbAt]!}`).verbs();
      const inflected = (
        auxiliary === 'did' ? verb.toPastTense() : auxiliary === 'does' ? verb.toPresentTense() : verb
      ).text();
      return join([
        ...words.slice(aux + 1, verbAt),
        inflected.replace(/^it\s+/i, '') || words[verbAt]!,
        ...words.slice(verbAt + 1),
      ]);
    }
  }
  let end = aux + 1;
  const subjectTags = ['PROPN', 'NOUN', 'DET', 'ADJ', 'NUM', 'PRON', 'PART'];
  // The first word after the auxiliary is the subject's, whatever its tag: "did filming start".
  const ofPhrase = (i: number) => words[i]?.toLowerCase() === 'of' && subjectTags.includes(pos[i + 1] ?? '');
  while (end < words.length && (end === aux + 1 || subjectTags.includes(pos[end]!) || ofPhrase(end))) end += 1;
  // "when will the finale premiere": after a modal a verb must follow, so a subject that ran to the end
  // (the tagger read "premiere" as a noun) gives back its last word. After "is" it need not: "when is the finale".
  if (end === words.length && modals.has(auxiliary) && end - (aux + 1) >= 2) end -= 1;
  const subject = join(words.slice(aux + 1, end));
  const rest = words.slice(end);
  if (['do', 'does', 'did'].includes(auxiliary) && rest.length > 0) {
    const verb = nlp(`it ${rest[0]!}`).verbs();
    const inflected =
      auxiliary === 'did' ? verb.toPastTense().text() : auxiliary === 'does' ? verb.toPresentTense().text() : rest[0]!;
    const verbText = inflected.replace(/^it\s+/i, '') || rest[0]!;
    return join([subject, verbText, ...rest.slice(1)]);
  }
  return join([subject, words[aux]!.toLowerCase(), ...rest]);
}

/** The words compromise reads as a verb's base form in the question as a whole. */
function infinitivesOf(words: string[]): Set<string> {
  return new Set(nlp(words.join(' ')).match('#Infinitive').out('array') as string[]);
}

function join(words: string[]): string {
  return words
    .join(' ')
    .replace(/\s+([,;:’'])/g, '$1')
    .replace(/\s+(’s|'s)/g, '$1')
    .trim();
}

function lowerFirst(text: string): string {
  return /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}
