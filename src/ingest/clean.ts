/**
 * Removes page furniture (navigation, bylines, captions, comments, author bios, teasers)
 * from scraped article text, line by line. Plain string work only: the bench cleans tens of
 * thousands of articles, so no DOM and no per-article regex compilation.
 */

import { jaccard } from '../text/overlap';
import { alternation, monthAbbreviations } from '../answer/lexicon';
import { ingestDefaults } from './defaults';

/** A month's short form and whatever follows ("Sept.", "September"); May has no shorter form. */
const MONTH = `(?:${alternation([...monthAbbreviations, 'may'])})[a-z]*\\.?`;
const DATE = new RegExp(
  [
    `\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`,
    `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH},?\\s+\\d{4}\\b`,
    '\\b\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}\\b',
    '\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b',
  ].join('|'),
  'gi',
);
const DATELINE_NOISE =
  /\[email[\s\u00a0]*protected\]|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b(?:[ECMP][SD]T|UTC|GMT|BST|CET|ET|PT)\b|\b(?:updated|published|posted|last|on|at|by)\b|[()[\]|,·•:/–—-]/gi;

/** Whole lines that start the non-article tail of a page (comments, author bio, tags): everything from here on is cut. */
const TRAILER_MARKERS: RegExp[] = [
  /^\d+\s+(?:comments?|responses?|replies)\b.{0,10}$/i,
  /^(?:comments?|comments? \(\d+\)|show comments|view comments|comments are closed\.?|join the (?:discussion|conversation))$/i,
  /^(?:leave|post|add|write) a (?:reply|comment|response)\b.{0,30}$/i,
  /^%d bloggers? like this:?$/i,
  /^(?:share|like) this(?: article| story| post)?:?$/i,
  /^(?:written|posted|published) by\b[^.!?]{0,60}$/i,
  /^about the (?:author|writer)s?:?$/i,
  /^tags?\s*:/i,
  /^(?:filed (?:under|in)|categories|category)\s*:/i,
];

/**
 * Whole lines that introduce a block of teaser links. Some sites put such a block in the middle
 * of the story, so the block (marker plus the headlines after it) goes, and the page is only cut
 * here when no prose follows.
 */
const TEASER_MARKERS: RegExp[] = [
  /^related(?: posts| articles| stories| content| news| coverage| links)?:?$/i,
  /^(?:you (?:may|might) also like|recommended(?: for you| reading)?|read next|more stories|trending now|popular posts|around the web)\b.{0,20}$/i,
  /^more (?:in|from|on) [\w'’&., -]{1,40}$/i,
];

/** Whole lines that are never reporting, wherever they appear. */
const FURNITURE_LINES: RegExp[] = [
  /^(?:skip|jump) to (?:the )?(?:main )?(?:content|navigation|article|main)$/i,
  /^(?:next|read more|read next|read also|also read|related|see also|more|watch|listen|click here)\s*:\s*\S.{0,150}$/i,
  /^\d[\d,.]*k?\s+(?:posts|articles|stories|followers)$/i,
  /^view all (?:posts|articles|stories)\b.{0,60}$/i,
  /^follow (?:me|us|him|her|them)\b.{0,40}$/i,
  /^(?:written|posted|published|reported) by\s*:?\s*[^.!?]{1,60}$/i,
  /^[Bb]y\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})?$/,
  /^\(?(?:(?:featured |header |cover |lead )?(?:image|photo|photograph|picture|pic)s?(?: credit| source)?|credits?)(?:\s*[:|–—-]\s*|\s+(?:courtesy(?: of)?|by|via|from)\s*:?\s*)[^.!?]{1,80}\)?\.?$/i,
  /^\(?courtesy(?: of)?\s+[^.!?]{1,60}\)?$/i,
  /^(?:advertisement|advertising|sponsored(?: content)?|tweet|pin it|print|email|loading\.\.\.|subscribe)$/i,
  /^click to (?:share|email|print)\b.{0,60}$/i,
];

/** Image caption convention "Show title - Actor Name": a short label line, not prose. */
const NAME_CAPTION = /^[^.!?]{2,80}\s[-–—|]\s[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}$/;

const SENTENCE_END = /[.!?…]["”’')\]]*$/;
const {
  headlineMaxWords: HEADLINE_MAX_WORDS,
  shortLineMaxWords: SHORT_LINE_MAX_WORDS,
  nearDuplicateSimilarity: NEAR_DUPLICATE_SIMILARITY,
  minProseWords: MIN_PROSE_WORDS,
  maxTeaserHeadlines: MAX_TEASER_HEADLINES,
  datelineMaxChars: DATELINE_MAX_CHARS,
  datelineMaxOtherWords: DATELINE_MAX_OTHER_WORDS,
} = ingestDefaults;

export function cleanArticleText(raw: string, title: string): string {
  let lines = normaliseWhitespace(raw);
  lines = dropRepeatedTitle(lines, title);
  // Trailer markers survive this pass: cutTrailer needs them to find where the page tail starts.
  lines = lines.filter((line) => line === '' || isTrailerMarker(line) || !isFurniture(line));
  lines = cutTrailer(lines);
  lines = dropNearDuplicates(lines);
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ODD_SPACES = /[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]/g;

function normaliseWhitespace(raw: string): string[] {
  const unixNewlines = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  return (
    unixNewlines
      // An alternation, not a class: a class holding the zero-width joiner reads as one joined character.
      .replace(/\u200b|\u200c|\u200d|\u2060|\ufeff/g, '')
      .replace(ODD_SPACES, ' ')
      .replace(/([“”]) ?\1/g, '$1')
      .split('\n')
      .map((line) => line.trim())
  );
}

/**
 * Words in a line, counting no further than `cap` (+1): most callers only ask "at most N words?"
 * and paragraphs can be thousands of characters long, so this is the cleaner's hot loop.
 */
function wordCount(line: string, cap = Number.MAX_SAFE_INTEGER): number {
  if (line === '') return 0;
  let words = 1;
  for (let at = line.indexOf(' '); at !== -1 && words <= cap; at = line.indexOf(' ', at + 1)) words++;
  return words;
}

function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Scraped bodies often start with the headline again; drop it (only before the first prose). */
function dropRepeatedTitle(lines: string[], title: string): string[] {
  const wanted = comparable(title);
  if (wanted === '') return lines;
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    const line = out[i] ?? '';
    if (line === '') continue;
    if (comparable(line) === wanted) {
      out[i] = '';
      continue;
    }
    if (!isFurniture(line)) break;
  }
  return out;
}

/** Exported so a .txt title is taken from the first line that is not page furniture. */
export function isFurniture(line: string): boolean {
  if (FURNITURE_LINES.some((re) => re.test(line))) return true;
  if (isDateline(line)) return true;
  return wordCount(line, HEADLINE_MAX_WORDS) <= HEADLINE_MAX_WORDS && NAME_CAPTION.test(line);
}

/** A byline/dateline: a date plus little else (author, time, "Updated", an obfuscated email). */
function isDateline(line: string): boolean {
  if (line.length > DATELINE_MAX_CHARS || SENTENCE_END.test(line)) return false;
  const hasEmailGuard = /\[email[\s\u00a0]*protected\]/i.test(line);
  DATE.lastIndex = 0;
  if (!hasEmailGuard && !DATE.test(line)) return false;
  const rest = line.replace(DATE, ' ').replace(DATELINE_NOISE, ' ').replace(/ +/g, ' ').trim();
  // What is left besides the date may only be an author's name, not words of a headline.
  return (
    wordCount(rest) <= DATELINE_MAX_OTHER_WORDS && rest.split(' ').every((w) => w === '' || /^[\p{Lu}\d]/u.test(w))
  );
}

function isTrailerMarker(line: string): boolean {
  return TRAILER_MARKERS.some((re) => re.test(line)) || TEASER_MARKERS.some((re) => re.test(line));
}

function isHeadlineLike(line: string): boolean {
  return wordCount(line, HEADLINE_MAX_WORDS) <= HEADLINE_MAX_WORDS && !SENTENCE_END.test(line);
}

/**
 * Cuts at the first trailer marker that follows some prose, dropping the run of headline-like
 * lines just before it (teaser links such as the headlines above "More in TV News"). Teaser
 * blocks are removed where they stand when the story goes on after them.
 */
function cutTrailer(lines: string[]): string[] {
  const out: string[] = [];
  let proseWords = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') {
      out.push(line);
      continue;
    }
    const hard = TRAILER_MARKERS.some((re) => re.test(line));
    const teaser = !hard && TEASER_MARKERS.some((re) => re.test(line));
    if (!hard && !teaser) {
      out.push(line);
      if (isProse(line)) proseWords += wordCount(line, MIN_PROSE_WORDS);
      continue;
    }
    if (proseWords < MIN_PROSE_WORDS) continue; // navigation above the story: drop the line only
    if (teaser) {
      const afterTeasers = skipTeaserHeadlines(lines, i + 1);
      if (lines.slice(afterTeasers).some(isProse)) {
        i = afterTeasers - 1;
        continue;
      }
    }
    return dropTrailingHeadlines(out);
  }
  return out;
}

function isProse(line: string): boolean {
  const words = wordCount(line, HEADLINE_MAX_WORDS);
  return words > HEADLINE_MAX_WORDS || (words >= 6 && SENTENCE_END.test(line));
}

/** Index of the first line after `start` that is not a teaser headline (or a blank line). */
function skipTeaserHeadlines(lines: string[], start: number): number {
  let i = start;
  let headlines = 0;
  for (; i < lines.length && headlines < MAX_TEASER_HEADLINES; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const question = wordCount(line, HEADLINE_MAX_WORDS) <= HEADLINE_MAX_WORDS && /\?["”’']?$/.test(line);
    if (!isHeadlineLike(line) && !question) break;
    headlines++;
  }
  return i;
}

/** Teaser headlines come a few at a time; a longer run of short lines is a list in the story. */
function dropTrailingHeadlines(lines: string[]): string[] {
  let end = lines.length;
  let headlines = 0;
  for (let j = lines.length - 1; j >= 0; j--) {
    const line = lines[j] ?? '';
    if (line === '') continue;
    if (!isHeadlineLike(line)) break;
    if (++headlines > MAX_TEASER_HEADLINES) return lines;
    end = j;
  }
  return lines.slice(0, end);
}

function wordSet(line: string): Set<string> {
  return new Set(
    comparable(line)
      .split(' ')
      .filter((w) => w !== ''),
  );
}

/**
 * An image caption printed twice (alt text, then caption) shows up as a paragraph of two short
 * lines that say nearly the same thing: drop both. A line repeated verbatim keeps its first copy.
 */
function dropNearDuplicates(lines: string[]): string[] {
  const drop = new Set<number>();
  for (let i = 0; i + 1 < lines.length; i++) {
    const a = lines[i] ?? '';
    const b = lines[i + 1] ?? '';
    if (a === '' || b === '') continue;
    if (a === b) {
      drop.add(i + 1);
      continue;
    }
    const ownParagraph = (lines[i - 1] ?? '') === '' && (lines[i + 2] ?? '') === '';
    const short = (line: string) => {
      const words = wordCount(line, SHORT_LINE_MAX_WORDS);
      return words >= 4 && words <= SHORT_LINE_MAX_WORDS;
    };
    if (ownParagraph && short(a) && short(b) && jaccard(wordSet(a), wordSet(b)) >= NEAR_DUPLICATE_SIMILARITY) {
      drop.add(i);
      drop.add(i + 1);
    }
  }
  return drop.size === 0 ? lines : lines.filter((_, i) => !drop.has(i));
}
