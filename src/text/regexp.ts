/** `text` as a regular-expression pattern that matches it literally (Node 20 has no RegExp.escape). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern matching `text` literally as whole words: no letter or digit right before or after it. */
export function wholeWords(text: string, flags = 'u'): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(text)}(?![\\p{L}\\p{N}])`, flags);
}
