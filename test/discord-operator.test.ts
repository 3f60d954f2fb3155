import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import {
  ADMIN_PERMISSIONS,
  FAKE_ADMIN_GUILD_ID,
  embedsOf,
  jsonText,
  messageData,
  type FakeDiscord,
} from './support/fake-discord';

const TEAM = ['100000000000000201', '100000000000000202'];
let bot: BotHarness;
let fake: FakeDiscord;

beforeAll(async () => {
  // The application belongs to a team: every member is an operator, nobody else is.
  bot = await startBotHarness({
    name: 'discord-operator-',
    discord: { teamMemberIds: TEAM },
    env: { ADMIN_GUILD_ID: FAKE_ADMIN_GUILD_ID },
  });
  fake = bot.fake;
});

afterAll(async () => bot?.close());

describe('operators from the application team', () => {
  it('lets every team member run /feedback and refuses an admin who is not on the team', async () => {
    for (const userId of TEAM) {
      const sent = fake.sendCommand('feedback', [], { userId, guildId: FAKE_ADMIN_GUILD_ID });
      const shown = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`));
      expect(embedsOf(shown)[0]?.title).toBe('Latest 👎');
    }
    const outsider = fake.sendCommand('feedback', [], {
      userId: '100000000000000203',
      permissions: ADMIN_PERMISSIONS,
      guildId: FAKE_ADMIN_GUILD_ID,
    });
    const refused = await fake.nextRequest((r) => r.path.startsWith(`/interactions/${outsider.id}/`));
    expect(jsonText(messageData(refused)?.content)).toContain("only the bot's operator");
  });
});
