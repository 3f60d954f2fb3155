import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../src/engine';
import { dayOf, parseDay, type Day } from '../src/day';
import { silentLogger } from '../src/log';
import { buildFixtureModel, vocabularyFrom } from './support/fixture-model';
import { testConfig } from './support/sample-index';
import { day } from './support/day';

// A made-up show's story told over time: renewed in 2021, cancelled in 2022, plus an undated piece.
const articles: Record<string, string> = {
  'renewed.md': `---
title: Harbor Lights renewed for a second season
outlet: Coast Screen
url: https://coastscreen.example/harbor-lights-renewed
published: 2021-03-01
---
The streamer renewed Harbor Lights for a second season, showrunner Mara Quill said on Monday. The fishing drama will return next year with its whole cast.
`,
  'cancelled.md': `---
title: Harbor Lights cancelled after two seasons
outlet: Daily Reel
url: https://dailyreel.example/harbor-lights-cancelled
published: 2022-06-10
---
The streamer cancelled Harbor Lights after two seasons, showrunner Mara Quill said on Friday. The fishing drama will not return.
`,
  'finale.md': `---
title: Harbor Lights finale date set
outlet: Daily Reel
url: https://dailyreel.example/harbor-lights-finale
published: 2021-11-20
---
The second season finale of the fishing drama Harbor Lights airs on December 12, the streamer said.
`,
  'location.md': `---
title: Where Harbor Lights is filmed
outlet: Set Visit
url: https://setvisit.example/harbor-lights-location
---
The fishing drama Harbor Lights is filmed in the harbour town of Lunenburg, Nova Scotia.
`,
};

let dir: string;

async function engineFor(env: Record<string, string> = {}): Promise<Engine> {
  const indexDir = path.join(dir, `index-${Object.keys(env).join('-') || 'lexical'}`);
  return openEngine(testConfig({ articlesDir: path.join(dir, 'articles'), indexDir }, env), { log: silentLogger });
}

const citedUrls = (answer: { citations: { url: string | null }[] }) => answer.citations.map((c) => c.url);
const retrievedUrls = async (engine: Engine, question: string, asOf?: Day) =>
  (await engine.retrieve(question, { asOf })).groups.flatMap((g) => g.passages.map((p) => p.article.url));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'as-of-'));
  await mkdir(path.join(dir, 'articles'));
  for (const [name, text] of Object.entries(articles)) await writeFile(path.join(dir, 'articles', name), text);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('parseDay', () => {
  it.each([
    ['2022-06-10', '2022-06-10'],
    [' 2024-02-29 ', '2024-02-29'],
    ['2022-02-30', null],
    ['2023-02-29', null],
    ['2022-13-01', null],
    ['10/06/2022', null],
    ['2022-6-10', null],
    ['yesterday', null],
  ])('reads %j as %j', (text, expected) => {
    expect(parseDay(text)).toBe(expected);
  });
});

describe('dayOf', () => {
  it('takes a moment by its UTC day, as Discord stamps interactions', () => {
    expect(dayOf(new Date('2022-06-10T23:30:00Z'))).toBe('2022-06-10');
    expect(dayOf(new Date('2022-06-10T23:30:00-05:00'))).toBe('2022-06-11');
    expect(() => dayOf(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('ask as of a day', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await engineFor();
  });
  afterAll(async () => engine?.close());

  it('does not use articles published after the day, and does use them without one', async () => {
    const question = 'Did the streamer renew or cancel Harbor Lights?';
    const then = await engine.ask(question, { asOf: day('2021-12-31') });
    expect(then.abstained).toBe(false);
    expect(citedUrls(then)).toContain('https://coastscreen.example/harbor-lights-renewed');
    expect(citedUrls(then)).not.toContain('https://dailyreel.example/harbor-lights-cancelled');
    expect(await retrievedUrls(engine, question, day('2021-12-31'))).not.toContain(
      'https://dailyreel.example/harbor-lights-cancelled',
    );

    expect(await retrievedUrls(engine, question)).toContain('https://dailyreel.example/harbor-lights-cancelled');
    expect(await retrievedUrls(engine, question, day('2022-06-10'))).toContain(
      'https://dailyreel.example/harbor-lights-cancelled',
    );
  });

  it('answers differently as of different days instead of serving the cached answer', async () => {
    const question = 'Was Harbor Lights cancelled?';
    const before = await engine.ask(question, { asOf: day('2021-06-01') });
    const after = await engine.ask(question, { asOf: day('2023-01-01') });
    expect(citedUrls(after)).toContain('https://dailyreel.example/harbor-lights-cancelled');
    expect(citedUrls(before)).not.toContain('https://dailyreel.example/harbor-lights-cancelled');
    // The same day again is served from the cache.
    expect((await engine.ask(question, { asOf: day('2023-01-01') })).timings.cachedMs).not.toBeNull();
  });

  it('keeps undated articles usable', async () => {
    const answer = await engine.ask('Where is Harbor Lights filmed?', { asOf: day('2019-01-01') });
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toContain('Lunenburg');
    expect(
      await retrievedUrls(engine, 'Where is Harbor Lights filmed?', dayOf(new Date('2019-01-01T12:00:00Z'))),
    ).toEqual(['https://setvisit.example/harbor-lights-location']);
  });
});

describe('as of a day with dense retrieval', () => {
  it('leaves later articles out of the vector ranking too', async () => {
    const model = await buildFixtureModel({
      dir: path.join(dir, 'models'),
      vocabulary: vocabularyFrom(Object.values(articles)),
    });
    const engine = await engineFor({ MODELS_DIR: model.modelsDir, EMBEDDING_MODEL: model.modelId });
    try {
      const retrieval = await engine.retrieve('the fishing drama', { asOf: day('2021-06-01') });
      expect(retrieval.mode).toBe('hybrid');
      const urls = retrieval.groups.flatMap((g) => g.passages.map((p) => p.article.url)).sort();
      expect(urls).toEqual([
        'https://coastscreen.example/harbor-lights-renewed',
        'https://setvisit.example/harbor-lights-location',
      ]);
      expect((await engine.retrieve('the fishing drama')).groups.flatMap((g) => g.passages)).toHaveLength(4);
    } finally {
      await engine.close();
    }
  });
});
