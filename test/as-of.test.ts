import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine, type Engine } from '../src/engine';
import { QuestionError } from '../src/errors';
import { asOfDay } from '../src/retrieve/as-of';
import { silentLogger } from '../src/log';
import { buildFixtureModel, vocabularyFrom } from './support/fixture-model';
import { testConfig } from './support/sample-index';

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
const retrievedUrls = async (engine: Engine, question: string, asOf?: string | Date) =>
  (await engine.retrieve(question, { asOf })).groups.flatMap((g) => g.passages.map((p) => p.article.url));

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'as-of-'));
  await mkdir(path.join(dir, 'articles'));
  for (const [name, text] of Object.entries(articles)) await writeFile(path.join(dir, 'articles', name), text);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('asOfDay', () => {
  it('reads YYYY-MM-DD and a Date by its UTC day, and refuses what is not a real date', () => {
    expect(asOfDay('2022-06-10')).toBe('2022-06-10');
    expect(asOfDay(new Date('2022-06-10T23:30:00Z'))).toBe('2022-06-10');
    expect(asOfDay('2022-02-30')).toBeNull();
    expect(asOfDay('10/06/2022')).toBeNull();
    expect(asOfDay('yesterday')).toBeNull();
    expect(asOfDay(new Date('nonsense'))).toBeNull();
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
    const then = await engine.ask(question, { asOf: '2021-12-31' });
    expect(then.abstained).toBe(false);
    expect(citedUrls(then)).toContain('https://coastscreen.example/harbor-lights-renewed');
    expect(citedUrls(then)).not.toContain('https://dailyreel.example/harbor-lights-cancelled');
    expect(await retrievedUrls(engine, question, '2021-12-31')).not.toContain(
      'https://dailyreel.example/harbor-lights-cancelled',
    );

    expect(await retrievedUrls(engine, question)).toContain('https://dailyreel.example/harbor-lights-cancelled');
    expect(await retrievedUrls(engine, question, '2022-06-10')).toContain(
      'https://dailyreel.example/harbor-lights-cancelled',
    );
  });

  it('answers differently as of different days instead of serving the cached answer', async () => {
    const question = 'Was Harbor Lights cancelled?';
    const before = await engine.ask(question, { asOf: '2021-06-01' });
    const after = await engine.ask(question, { asOf: '2023-01-01' });
    expect(citedUrls(after)).toContain('https://dailyreel.example/harbor-lights-cancelled');
    expect(citedUrls(before)).not.toContain('https://dailyreel.example/harbor-lights-cancelled');
    // The same day again is served from the cache.
    expect((await engine.ask(question, { asOf: '2023-01-01' })).timings.cachedMs).not.toBeNull();
  });

  it('keeps undated articles usable', async () => {
    const answer = await engine.ask('Where is Harbor Lights filmed?', { asOf: '2019-01-01' });
    expect(answer.abstained).toBe(false);
    expect(answer.answer).toContain('Lunenburg');
    expect(await retrievedUrls(engine, 'Where is Harbor Lights filmed?', new Date('2019-01-01T12:00:00Z'))).toEqual([
      'https://setvisit.example/harbor-lights-location',
    ]);
  });

  it('refuses a date that is not one, with a message', async () => {
    await expect(engine.ask('Was Harbor Lights cancelled?', { asOf: '2022-13-01' })).rejects.toThrow(QuestionError);
    await expect(engine.ask('Was Harbor Lights cancelled?', { asOf: 'last week' })).rejects.toThrow(/YYYY-MM-DD/);
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
      const retrieval = await engine.retrieve('the fishing drama', { asOf: '2021-06-01' });
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
