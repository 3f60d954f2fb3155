/** "1 article", "2 articles", "1,204 outlets": the one place the bot counts things in words. */
export function countOf(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : pluralWord}`;
}
