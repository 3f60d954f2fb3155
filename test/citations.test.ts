import { describe, expect, it } from 'vitest';
import { engineForTests } from './support/sample-index';

// Made-up prize and outlets. One long report says who won many times over, so its sentences fill
// those read for the short answer; a book column names the winner once, in one item among others;
// a third article mentions the prize but names nobody.
const articles: Record<string, string> = {
  'report.md': `---
title: Harbour Prize for fiction goes to Mina Osei
outlet: Daily Reel
url: https://dailyreel.example/harbour-prize
published: 2024-06-07
---
Mina Osei has won the Harbour Prize for fiction with her second novel, The Salt Road. Osei won the Harbour Prize for fiction at a dinner on Friday. The judges said she won the Harbour Prize for fiction for a book of rare patience. She is the youngest writer who has won the Harbour Prize for fiction. Osei won the Harbour Prize for fiction ahead of five other novelists. Two debut authors have also won the Harbour Prize for fiction in the past. Whoever won the Harbour Prize for fiction took home 30,000 pounds, and this year that was Osei. Osei said having won the Harbour Prize for fiction would let her write full time. Her publisher said sales had tripled since she won the Harbour Prize for fiction. The Harbour Prize for fiction opens for entries again in January.
`,
  'column.md': `---
title: Book news in brief
outlet: Coast Screen
url: https://coastscreen.example/book-news
published: 2024-06-08
---
The town library has extended its opening hours for the summer. Mina Osei won the Harbour Prize for fiction on Friday. A new bookshop is to open on the market square in July, selling second-hand books and maps.
`,
  'shortlist.md': `---
title: Six novels on the Harbour Prize shortlist
outlet: Shore Weekly
url: https://shoreweekly.example/shortlist
published: 2024-05-20
---
Six novels are on the shortlist for the Harbour Prize for fiction. The winner will be announced at a dinner in June, and the judges said the choice would be hard.
`,
};

const engine = engineForTests('citations-', articles);

describe('citations of a short answer', () => {
  it('cite every outlet whose sentence names the answer, and none that does not', async () => {
    const answer = await engine().ask('Who won the Harbour Prize for fiction?');
    expect(answer.short).toBe('Mina Osei');
    const outlets = answer.citations.map((c) => c.outlet).sort();
    expect(outlets).toEqual(['Coast Screen', 'Daily Reel']);
  });
});
