import nlp from './compromise';

interface Conjugation {
  PastTense?: string;
  Participle?: string;
}

type Conjugate = (verb: string, model: unknown) => Conjugation | undefined;

/**
 * compromise's own verb transform, called directly: conjugating through a parsed document took
 * about 1 ms a verb, this 2 µs (2026-12-01). Null if a compromise release moves it.
 */
const conjugate: Conjugate | null = (() => {
  const methods = nlp.methods() as { two?: { transform?: { verb?: { conjugate?: unknown } } } };
  const found = methods.two?.transform?.verb?.conjugate;
  return typeof found === 'function' ? (found as Conjugate) : null;
})();
const model: unknown = nlp.model();

/**
 * The past forms of a verb the Porter stemmer does not bring back to it: "began" and "begun" for
 * "begin", "went" and "gone" for "go". Empty for regular verbs ("started" stems to "start" anyway)
 * and for words that are not verbs.
 */
export function irregularForms(verb: string): string[] {
  if (conjugate === null || !/^\p{Ll}+$/u.test(verb)) return [];
  const forms = conjugate(verb, model);
  return [forms?.PastTense, forms?.Participle].filter(
    (form): form is string => form !== undefined && form !== verb && !form.endsWith('ed') && !/\s/.test(form),
  );
}
