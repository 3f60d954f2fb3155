/*
 * How fans write seasons and episodes short: "s2", "s3e4", "ep5". Articles spell them out ("the
 * second season", "Season 2", "episode 5"), so the short form matches no passage, and a question
 * word no article holds weighs the most of all (a term's weight is its rarity): "who joins the
 * cast in s3" was declined for want of "s3". Each row carries its own example (tested row by row).
 */

export interface ShorthandRow {
  /** The whole word, lowercased, as the question's words are read. */
  pattern: RegExp;
  /** The words searched for instead, from the pattern's numbers. */
  expand: (numbers: number[]) => string;
  example: { written: string; searched: string };
}

export const shorthandRows: readonly ShorthandRow[] = [
  {
    pattern: /^s(\d{1,2})e(\d{1,3})$/,
    expand: ([season, episode]) => `season ${season} episode ${episode}`,
    example: { written: 's2e05', searched: 'season 2 episode 5' },
  },
  {
    pattern: /^s(\d{1,2})$/,
    expand: ([season]) => `season ${season}`,
    example: { written: 's03', searched: 'season 3' },
  },
  {
    pattern: /^ep(\d{1,3})$/,
    expand: ([episode]) => `episode ${episode}`,
    example: { written: 'ep7', searched: 'episode 7' },
  },
];

/** The spelled-out words for a shorthand word ("s2" → "season 2"), or null when it is none. */
export function expandShorthand(word: string): string | null {
  for (const row of shorthandRows) {
    const match = row.pattern.exec(word);
    if (match) return row.expand(match.slice(1).map(Number));
  }
  return null;
}
