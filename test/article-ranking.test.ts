import { describe, expect, it } from 'vitest';
import { engineForTests } from './support/sample-index';

// Made-up places and outlets. One long report about a ferry strike that names it all through, and
// a regional round-up with one short item on the same strike among unrelated ones.
// The report names the place and the service in its first half and the crews and the strike in its
// second, each many times; the round-up packs the whole question into one short item, so its one
// passage matches better than any of the report's.
const reportParagraphs = [
  'The Kestrel Bay ferry did not sail on Monday morning, leaving hundreds of commuters stranded at both harbours. At the terminal, queues of cars stretched back along the harbour road by seven o’clock, and some travellers waited for hours before giving up. The operator put on two replacement coaches.',
  'The coaches take more than three hours on the coast road, and islanders said they were no use to them at all. Shops on the islands said deliveries of fresh food had already stopped, and the island council asked for the boats to sail again within the week. The harbour master said the service could restart within a day. Taxi drivers said they had never been so busy, and the bus company added extra services to the airport. Nobody could say when that day would come.',
  'The ferry crews say the strike is about fatigue as much as money. Deckhands and engineers often work fourteen-hour days in summer, their union organiser told reporters, and the crews voted by a large margin to strike until the operator agrees to shorter shifts and puts a new pay offer in writing.',
  'The ferry operator called the strike regrettable and said its offer to the crews was fair. The union said eight months of talks had come to nothing before the strike, and that the crews would picket both harbours every day. Another meeting between the ferry operator and the crews is planned for Thursday. The crews’ strike is the first on the ferry in twenty years, and the crews say the strike will go on.',
];
const filler = (topic: string) =>
  `${topic} The council met on Tuesday to discuss the proposal, and residents spoke for and against it at length. A decision is expected next month after a public consultation closes, officials said, and the plans will be on show at the town library until then.`;

const articles: Record<string, string> = {
  'ferry-report.md': `---
title: Island crossings halted as pay talks collapse
outlet: Coast Courier
url: https://coastcourier.example/crossings-halted
published: 2024-05-06
---
${reportParagraphs.join('\n\n')}
`,
  'roundup.md': `---
title: Around the region this week
outlet: Shore Weekly
url: https://shoreweekly.example/around-the-region
published: 2024-05-06
---
The town library wants to build a new reading room, and the plans are on show until June. Cars could be banned from the market square under a proposal the council will discuss next month. Kestrel Bay ferry crews are on strike. The swimming pool will stay closed for repairs until the autumn, and the summer fair moves to the cricket ground this year.
`,
  'library.md': `---
title: Library extension plans
outlet: Shore Weekly
url: https://shoreweekly.example/library
published: 2024-05-02
---
${filler('The town library wants to build a new reading room.')}
`,
  'market.md': `---
title: Market square to be pedestrianised
outlet: Coast Courier
url: https://coastcourier.example/market
published: 2024-05-03
---
${filler('Cars could be banned from the market square.')}
`,
  'pool.md': `---
title: Swimming pool reopening delayed
outlet: Shore Weekly
url: https://shoreweekly.example/pool
published: 2024-05-04
---
${filler('The swimming pool will stay closed for repairs.')}
`,
};

const engine = engineForTests('article-ranking-', articles);

const rankedUrls = async (question: string) => {
  const urls = (await engine().retrieve(question)).groups.flatMap((g) => g.passages.map((p) => p.article.url));
  return [...new Set(urls)];
};

describe('article ranking', () => {
  it('puts the report that is about the question all through above a passing mention', async () => {
    const urls = await rankedUrls('Why did the Kestrel Bay ferry crews strike?');
    expect(urls[0]).toBe('https://coastcourier.example/crossings-halted');
    expect(urls).toContain('https://shoreweekly.example/around-the-region');
  });
});
