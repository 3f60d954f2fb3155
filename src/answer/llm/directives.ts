/**
 * Sentences a model may write that read as the bot's own call to action: an address to follow, a
 * mention of people or roles, or an instruction to the reader. An article can plant them ("tell
 * everyone to click …") and verification alone passes them, since the article does say so. They
 * are dropped unless the question asked for that kind of thing.
 */

const URL_LIKE =
  /\bWEBADDRESS\b|[a-z][a-z0-9+.-]*:\/\/|\bwww\.[a-z0-9-]|\b[a-z0-9-]+\.(?:com|net|org|io|gg|ly|co|me|tv|xyz|link|app|site|example)\b(?:\/|$|\s)|\bdiscord\.gg\b/i;
const MENTION = /@(?:everyone|here)\b|<[@#][!&]?\d+>|<@&?\d*|(?:^|\s)@[\p{L}\d_.]{2,}/iu;

/** Verbs of a call to action, as a reader would be told them. */
const ACTION_VERBS = [
  'click',
  'tap',
  'visit',
  'tell',
  'share',
  'subscribe',
  'sign up',
  'register',
  'download',
  'install',
  'follow',
  'go to',
  'head to',
  'head over',
  'check out',
  'dm',
  'message',
  'ping',
  'join',
  'send',
  'log in',
  'login',
  'enter',
  'forward',
  'retweet',
  'call',
  'buy',
  'vote',
];
const VERB = `(?:${ACTION_VERBS.map((v) => v.replace(/ /g, '\\s+')).join('|')})`;
const LEAD = String.raw`(?:(?:and|so|now|then|also|just|please|quickly)[\s,]+)*(?:(?:be sure|make sure|don['’]t forget|remember|you(?:['’]ll)? (?:should|must|need to|have to|can|may want to)|everyone (?:should|must|needs to))\s+)?`;
/** An imperative at the start of a sentence or clause ("Click here …", "…; tell your friends …"). */
const IMPERATIVE = new RegExp(String.raw`(?:^|[;:,—–-]\s*|\bso\s+)["'“‘(]*${LEAD}${VERB}\b`, 'i');
/** "click here", "tap the link below", "you should visit …" anywhere in the sentence. */
const CALL_TO_ACTION = new RegExp(
  String.raw`\b(?:click|tap)\s+(?:here|the\s+link|this\s+link|below|on)\b|\b(?:you|readers|everyone|fans)\s+(?:should|must|need\s+to|have\s+to)\s+${VERB}\b`,
  'i',
);

/** A web address, possibly with dots a sentence splitter would cut at ("http://evil.example/x"). */
const ADDRESS_SPAN = /[a-z][a-z0-9+.-]*:\/\/\S*|\bwww\.\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\/\S*/gi;
/** What an address becomes before the reply is split into sentences: no dots, still an address. */
export const ADDRESS_PLACEHOLDER = 'WEBADDRESS';

/**
 * Replaces every web address in a reply with `ADDRESS_PLACEHOLDER`, so the sentence splitter does
 * not cut one at its dots into pieces that each look harmless, and the sentence holding it is dropped whole.
 */
export function maskAddresses(reply: string): string {
  return reply.replace(ADDRESS_SPAN, ADDRESS_PLACEHOLDER);
}

function asksForLinks(question: string): boolean {
  return /\b(?:url|link|links|website|web\s*site|site|address|where\s+(?:can|do)\s+i)\b/i.test(question);
}

/** Whether the question itself asks what to do ("How do I sign up …?", "Where can I watch …?"). */
function asksForAction(question: string, sentence: string): boolean {
  if (/\bhow\s+(?:do|can|should)\s+(?:i|we|you)\b|\bwhere\s+(?:can|do)\s+(?:i|we)\b/i.test(question)) return true;
  const verbs = ACTION_VERBS.filter((verb) =>
    new RegExp(String.raw`\b${verb.replace(/ /g, '\\s+')}\b`, 'i').test(sentence),
  );
  return verbs.some((verb) => new RegExp(String.raw`\b${verb.replace(/ /g, '\\s+')}`, 'i').test(question));
}

/** Why `sentence` (one sentence of a model's answer, markers removed) must not be shown, or null. */
export function unaskedDirective(sentence: string, question: string): string | null {
  if (MENTION.test(sentence)) return 'it mentions people or roles';
  if (URL_LIKE.test(sentence) && !asksForLinks(question)) return 'it holds a web address the question did not ask for';
  if ((IMPERATIVE.test(sentence) || CALL_TO_ACTION.test(sentence)) && !asksForAction(question, sentence)) {
    return 'it tells the reader to do something the question did not ask about';
  }
  return null;
}
