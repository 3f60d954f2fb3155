import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import { PROCESS_TEST_TIMEOUT_MS } from './support/bounds';
import { embedsOf, jsonText, messageData, type FakeDiscord } from './support/fake-discord';

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
/** Longer than the first answer can take on a busy machine, so the second ask always falls inside it. */
const COOLDOWN_SECONDS = 600;
let bot: BotHarness;
let fake: FakeDiscord;

beforeAll(async () => {
  bot = await startBotHarness({ name: 'discord-cooldown-', env: { ASK_COOLDOWN_SECONDS: String(COOLDOWN_SECONDS) } });
  fake = bot.fake;
}, TIMEOUT);

afterAll(async () => bot?.close(), TIMEOUT);

const ask = (userId: string) =>
  fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'Who is Janet McTeer playing?' }], { userId });

describe('/ask cooldown', { timeout: TIMEOUT }, () => {
  it('asks the same user to wait, privately, and leaves other users alone', async () => {
    const first = ask('300000000000000001');
    await fake.nextRequest((r) => r.method === 'PATCH' && r.path.includes(first.token) && embedsOf(r).length > 0);

    const again = ask('300000000000000001');
    const refusal = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${again.id}/`));
    expect(refusal.body).toMatchObject({ type: 4, data: { flags: 64 } });
    const seconds = Number(/wait (\d+) more second/.exec(jsonText(messageData(refusal)?.content))?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(COOLDOWN_SECONDS);

    const other = ask('300000000000000002');
    const deferred = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${other.id}/`));
    expect(deferred.body).toMatchObject({ type: 5 });
  });
});
