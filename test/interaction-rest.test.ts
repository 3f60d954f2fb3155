import { RESTEvents, Routes, type RateLimitData } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createDiscordClient } from '../src/discord/bot';
import { isInteractionWebhook } from '../src/discord/interaction-rest';
import { FAKE_APP_ID, startFakeDiscord, type FakeDiscord } from './support/fake-discord';

/** More than the 50 a second @discordjs/rest allows a bot across its routes. */
const BURST = 120;

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => fake?.close());

function botClient() {
  const client = createDiscordClient(
    loadConfig({ DISCORD_TOKEN: 'fake-discord-token-rest', DISCORD_API_URL: fake.apiUrl }),
  );
  client.rest.setToken('fake-discord-token-rest');
  const limited: RateLimitData[] = [];
  client.rest.on(RESTEvents.RateLimited, (data) => limited.push(data));
  return { client, limited };
}

describe('the bot-global REST limit', () => {
  it('does not hold a burst of answers sent through their interactions’ webhooks', async () => {
    const { client, limited } = botClient();
    const tokens = Array.from({ length: BURST }, (_, i) => `token-burst-${i}`);
    await Promise.all(
      tokens.map((token) =>
        client.rest.patch(Routes.webhookMessage(FAKE_APP_ID, token), { body: { content: 'an answer' }, auth: false }),
      ),
    );
    expect(limited).toEqual([]);
    const edited = new Set(fake.requests.filter((r) => r.method === 'PATCH').map((r) => r.path.split('/')[3]));
    for (const token of tokens) expect(edited).toContain(token);
    await client.destroy();
  });

  it('still holds the bot’s own calls to it (so the first test can tell)', async () => {
    const { client, limited } = botClient();
    // Distinct channels, so nothing but the global limit makes one call wait for another; unknown ones answer 404.
    await Promise.allSettled(
      Array.from({ length: BURST }, (_, i) => client.rest.get(Routes.channel(`91${String(i).padStart(16, '0')}`))),
    );
    expect(limited.some((data) => data.global)).toBe(true);
    await client.destroy();
  });

  it.each([
    { route: `/webhooks/${FAKE_APP_ID}/token-a/messages/@original`, auth: false, exempt: true },
    { route: `/webhooks/${FAKE_APP_ID}/token-a`, auth: false, exempt: true },
    { route: `/webhooks/${FAKE_APP_ID}/token-a/messages/@original`, auth: true, exempt: false },
    { route: `/channels/${FAKE_APP_ID}/messages`, auth: false, exempt: false },
  ] as const)('$route with auth $auth: exempt $exempt', ({ route, auth, exempt }) => {
    expect(isInteractionWebhook({ fullRoute: route, auth })).toBe(exempt);
  });
});
