import { Events, GatewayDispatchEvents, type GatewayDispatchPayload } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import { FAKE_GUILD_ID, shardOf } from './support/fake-discord';

const TIMEOUT = 60_000;
/** A guild whose id differs from FAKE_GUILD_ID in bit 22, so with two shards the two land on different ones. */
const NEIGHBOUR_GUILD_ID = String(BigInt(FAKE_GUILD_ID) + (1n << 22n));

let bot: BotHarness | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
}, TIMEOUT);

/** Sends /help in both guilds; returns, per guild, the shard the fake sent it on and the shard the bot got it on. */
async function helpInBothGuilds(harness: BotHarness) {
  const receivedOn = new Map<string, number>();
  harness.client.on(Events.Raw, (packet: GatewayDispatchPayload, shardId: number) => {
    if (packet.t === GatewayDispatchEvents.InteractionCreate) receivedOn.set(packet.d.id, shardId);
  });
  const results = [];
  for (const guildId of [FAKE_GUILD_ID, NEIGHBOUR_GUILD_ID]) {
    const sent = harness.fake.sendCommand('help', [], { guildId });
    const answer = await harness.fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
    results.push({ guildId, sentOn: sent.shardId, receivedOn: receivedOn.get(sent.id), answerType: answer.body });
  }
  return results;
}

describe('gateway sharding', { timeout: TIMEOUT }, () => {
  it("opens as many shards as Discord recommends, and answers each guild's interactions on that guild's shard", async () => {
    bot = await startBotHarness({ name: 'discord-shards-auto-', discord: { recommendedShards: 2 } });
    expect(bot.client.ws.shards.size).toBe(2);
    expect([...bot.fake.identifies].sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const results = await helpInBothGuilds(bot);
    expect(new Set(results.map((r) => r.sentOn)).size).toBe(2);
    for (const r of results) {
      expect(r.sentOn).toBe(shardOf(r.guildId, 2));
      expect(r.receivedOn).toBe(r.sentOn);
      expect(r.answerType).toMatchObject({ type: 4 });
    }
  });

  it('opens SHARD_COUNT shards when set, whatever Discord recommends', async () => {
    bot = await startBotHarness({ name: 'discord-shards-set-', env: { SHARD_COUNT: '2' } });
    expect(bot.client.ws.shards.size).toBe(2);
    expect([...bot.fake.identifies].sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const results = await helpInBothGuilds(bot);
    for (const r of results) expect(r.receivedOn).toBe(shardOf(r.guildId, 2));
  });
});
