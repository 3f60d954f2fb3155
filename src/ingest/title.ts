import { ingestDefaults } from './defaults';
import { splitSentences } from '../text/sentences';

/** Longest derived title, in characters; a longer first sentence is cut at a word. */
const DERIVED_TITLE_MAX = ingestDefaults.derivedTitleMaxChars;

/**
 * A title for an article that has none: its first sentence (cut at a word, with an ellipsis, when
 * long), or when that is under three words the last readable segment of its URL ("season-2-filming-starts" → "Season 2
 * filming starts"). An article with a body is worth indexing without a headline.
 */
export function deriveTitle(text: string, url: string | null): string {
  const first = splitSentences(text)[0]?.text.replace(/\s+/g, ' ') ?? '';
  // A dateline or a one-word line ("CNN —", "Updated.") says less than the address does.
  if (first.split(' ').length >= 3) return cutAtWord(first, DERIVED_TITLE_MAX);
  const fromUrl = url === null ? null : titleFromUrl(url);
  return fromUrl ?? (first !== '' ? cutAtWord(first, DERIVED_TITLE_MAX) : 'Untitled article');
}

function cutAtWord(sentence: string, max: number): string {
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

/** The last path segment made of words (not `index.html` or a number), as words; null when there is none. */
export function titleFromUrl(url: string): string | null {
  let segments: string[];
  try {
    segments = new URL(url).pathname.split('/').map((segment) => decodeURIComponent(segment));
  } catch {
    return null;
  }
  for (const segment of segments.reverse()) {
    const words = segment
      .replace(/\.[a-z0-9]{2,5}$/i, '')
      .split(/[-_+\s]+/)
      .filter((word) => word !== '');
    if (words.length >= 2 && words.some((word) => /\p{L}{3,}/u.test(word))) {
      const phrase = words.join(' ');
      return cutAtWord(phrase.charAt(0).toUpperCase() + phrase.slice(1), DERIVED_TITLE_MAX);
    }
  }
  return null;
}
