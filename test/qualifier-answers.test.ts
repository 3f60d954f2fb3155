import { describe, expect, it } from 'vitest';
import { engineForTests } from './support/sample-index';
import { day } from './support/day';

// A made-up singing contest: one report names season 3's winner, one opens season 4's auditions, and a
// later one names season 4's winner.
const season3 = `---
title: Tobin Reyes wins Harbor Stage
outlet: Daily Reel
url: https://dailyreel.example/harbor-stage-season-3-winner
published: 2023-05-20
---
Tobin Reyes won season 3 of Harbor Stage on Tuesday night, beating two other finalists in the live final.
The singer from Galway thanked his coach and his family after the result was read out.
`;
const auditions = `---
title: Harbor Stage opens its auditions
outlet: Set Visit
url: https://setvisit.example/harbor-stage-season-4-auditions
published: 2023-11-02
---
Auditions for season 4 of Harbor Stage open in January, the network said on Thursday.
`;
const season4 = `---
title: Mara Quill wins Harbor Stage
outlet: Coast Screen
url: https://coastscreen.example/harbor-stage-season-4-winner
published: 2024-05-21
---
Mara Quill won season 4 of Harbor Stage on Tuesday night, beating two other finalists in the live final.
The singer from Cork thanked her coach and her family after the result was read out.
`;

const question = 'who won season 4 of harbor stage';
const asOf = { asOf: day('2024-06-01') };

describe('a question about one season, over a report of another', () => {
  const engine = engineForTests('qualifier-other-', {
    'season-3.md': season3,
    'auditions.md': auditions,
  });

  it('shows no bold answer: season 3’s winner did not win season 4', async () => {
    const answer = await engine().ask(question, asOf);
    expect(answer.short).toBeNull();
    expect(answer.answer).toMatch(/^I'm not sure about who won season 4 of harbor stage\b/);
  });

  it('still names the winner of the season the report is about', async () => {
    const answer = await engine().ask('who won season 3 of harbor stage', asOf);
    expect(answer.short).toBe('Tobin Reyes');
  });
});

describe('a question about one season, over reports of that season and another', () => {
  const engine = engineForTests('qualifier-own-', {
    'season-3.md': season3,
    'auditions.md': auditions,
    'season-4.md': season4,
  });

  it('names the winner of the season asked about', async () => {
    const answer = await engine().ask(question, asOf);
    expect(answer.short).toBe('Mara Quill');
  });
});
