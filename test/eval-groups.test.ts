import { describe, expect, it } from 'vitest';
import { storyGroups, weekGroups } from '../src/eval/groups';
import type { QuizItem } from '../src/eval/quiz';
import { parseDay } from '../src/day';

// A made-up quiz: a running story's live blog is a gold article in three different weeks.
function item(id: string, day: string, goldUrls: string[]): QuizItem {
  return { id, question: `Made-up question ${id}?`, questionDate: parseDay(day)!, answers: ['an answer'], goldUrls };
}
const liveBlog = 'https://news.example/live/running-story';
const items = [
  item('a', '2031-03-03', [liveBlog, 'https://news.example/a']),
  item('b', '2031-03-05', ['https://news.example/b']),
  item('c', '2031-03-12', [liveBlog]),
  item('d', '2031-03-26', [liveBlog, 'https://news.example/d']),
  item('e', '2031-04-02', ['https://news.example/e']),
];

describe('cross-validation groups', () => {
  it('joins weeks that share a gold article into one story group', () => {
    const groups = storyGroups(items);
    expect(new Set(['a', 'b', 'c', 'd'].map((id) => groups.get(id))).size).toBe(1);
    expect(groups.get('e')).not.toBe(groups.get('a'));
  });

  it('keeps each quiz week its own group, however its gold articles recur', () => {
    const groups = weekGroups(items);
    expect(groups.get('a')).toBe(groups.get('b'));
    expect(new Set(['a', 'c', 'd', 'e'].map((id) => groups.get(id))).size).toBe(4);
  });
});
