import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import { embedsOf } from './support/fake-discord';

const TIMEOUT = 60_000;

/** Made-up reports of one premiere: two outlets give one date, a later one another. */
const reports = [
  {
    file: 'reel.md',
    outlet: 'Reel Post',
    published: '2026-11-20',
    slug: 'reel',
    text: 'Glass Harbor season 2 premieres on January 12 on Zentro, the streamer said.',
  },
  {
    file: 'tide.md',
    outlet: 'Tide Times',
    published: '2026-11-22',
    slug: 'tide',
    text: 'Zentro said Glass Harbor season 2 premieres on January 12 with two episodes.',
  },
  {
    file: 'screen.md',
    outlet: 'Screen Daily',
    published: '2026-11-28',
    slug: 'screen',
    text: 'Glass Harbor season 2 premieres on January 26 on Zentro, two weeks later than first planned.',
  },
];
const url = (slug: string) => `https://news.example/${slug}`;
const day = (iso: string) => `<t:${Date.parse(`${iso}T12:00:00Z`) / 1000}:D>`;

let bot: BotHarness;

beforeAll(async () => {
  bot = await startBotHarness({
    name: 'discord-disagreement-',
    env: { ASK_COOLDOWN_SECONDS: '0' },
    addArticles: async (dir) => {
      for (const r of reports) {
        const front = `---\ntitle: "Glass Harbor season 2 sets its premiere"\noutlet: ${r.outlet}\nurl: ${url(r.slug)}\npublished: ${r.published}\n---\n`;
        await writeFile(path.join(dir, r.file), `${front}${r.text}\n`);
      }
    },
  });
}, TIMEOUT);

afterAll(async () => {
  await bot?.close();
}, TIMEOUT);

describe('outlets that disagree, on Discord', { timeout: TIMEOUT }, () => {
  it('shows each date in bold with its outlets and Discord timestamps, newest first, below the answer', async () => {
    const sent = bot.fake.sendCommand('ask', [
      { name: 'question', type: 3, value: 'When does Glass Harbor season 2 premiere?' },
    ]);
    const edit = await bot.fake.nextRequest(
      (r) => r.method === 'PATCH' && r.path.endsWith(`/${sent.token}/messages/@original`),
    );
    const description = embedsOf(edit)[0]?.description ?? '';
    const [answer, block] = description.split('\n\n**Outlets differ**\n');
    // The bold answer is one of the two dates; the plain-text line is not shown as well.
    expect(answer).toMatch(/^\*\*January (12|26)\*\*/);
    expect(description).not.toContain('Outlets differ:');
    const link = (slug: string) => `\\[\\[\\d\\]\\]\\(${url(slug).replace(/[.]/g, '\\.')}\\)`;
    expect(block?.split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^• \\*\\*January 26\\*\\*: Screen Daily ${day('2026-11-28')} ${link('screen')}$`),
      ),
      expect.stringMatching(
        new RegExp(
          `^• \\*\\*January 12\\*\\*: Tide Times ${day('2026-11-22')} ${link('tide')} · Reel Post ${day('2026-11-20')} ${link('reel')}$`,
        ),
      ),
    ]);
  });
});
