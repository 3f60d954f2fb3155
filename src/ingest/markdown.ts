/**
 * Markdown to plain text, line by line: enough for news articles written or exported as
 * markdown (headings, emphasis, links, images, lists, quotes, code), not a full parser.
 */
export function stripMarkdown(markdown: string): string {
  const out: string[] = [];
  for (const rawLine of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    let line = rawLine;
    if (/^\s*(```|~~~)/.test(line)) continue;
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s*=+\s*$/.test(line)) continue;
    if (/^\s{0,3}\[[^\]]+\]:\s+\S+/.test(line)) continue;
    line = line.replace(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/, '$1');
    line = line.replace(/^(\s*>\s?)+/, '');
    line = line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '');
    out.push(stripInline(line));
  }
  return out.join('\n');
}

function stripInline(line: string): string {
  return line
    .replace(/!\[[^\]]*\]\((?:[^()]|\([^)]*\))*\)/g, '')
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
    .replace(/\*(?=\S)(.+?)(?<=\S)\*/g, '$1')
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)(.+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!>])/g, '$1');
}
