import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { openStore } from '../src/db/store';
import { STORE_REFUSED_MESSAGE, STORE_UNAVAILABLE_NOTE } from '../src/discord/store-messages';
import { silentLogger } from '../src/log';
import { botHealth, type Health } from '../src/observe/health';
import { startObserveServer, type ObserveServer } from '../src/observe/http';
import { createBotMetrics } from '../src/observe/metrics';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import {
  ADMIN_PERMISSIONS,
  embedsOf,
  jsonText,
  messageData,
  type JsonObject,
  type RecordedRequest,
  type SentInteraction,
} from './support/fake-discord';
import { postgresMissing, startPostgres, type TestPostgres } from './support/postgres';

/**
 * The store may fail (issue 22): with PostgreSQL 15 shut down or hung (SIGSTOP), every /ask is
 * acknowledged within Discord's 3 s and answered, what needs the store is refused with a message
 * saying nothing was saved, and /healthz says the bot is degraded. Store timeouts are set small
 * through the same settings an operator uses.
 */
const TIMEOUT = 120_000;
/** Discord shows "The application did not respond" when the acknowledgement takes longer. */
const DISCORD_ACK_LIMIT_MS = 3_000;
const QUESTION = 'What is happening with Jessica Jones season 2?';

const missing = postgresMissing();
if (missing === null) {
  let server: TestPostgres;
  let bot: BotHarness;
  let observe: ObserveServer;

  beforeAll(async () => {
    server = await startPostgres();
    const storeConfig = loadConfig({
      DATABASE_URL: server.url,
      STORE_CONNECT_TIMEOUT_MS: '500',
      STORE_QUERY_TIMEOUT_MS: '500',
    }).store;
    bot = await startBotHarness({
      name: 'discord-store-down-',
      env: { ASK_COOLDOWN_SECONDS: '0', ANSWER_CACHE_SECONDS: '0' },
      openStore: (log) => openStore(storeConfig, log),
    });
    const metrics = createBotMetrics({ indexSize: () => bot.engine.size() });
    observe = await startObserveServer(
      { port: 0, host: '127.0.0.1' },
      {
        health: () =>
          botHealth({
            client: bot.client,
            index: { version: bot.engine.version() },
            store: bot.store,
            stopping: false,
          }),
        metrics,
      },
      silentLogger,
    );
  }, TIMEOUT);

  afterAll(async () => {
    await observe?.close();
    await bot?.close();
    await server?.stop();
  }, TIMEOUT);

  const healthz = async (): Promise<{ status: number; body: Health }> => {
    const response = await fetch(`${observe.url}/healthz`);
    return { status: response.status, body: (await response.json()) as Health };
  };

  const ask = (question = QUESTION, userId = '100000000000000061'): SentInteraction & { sentAt: number } => {
    const sentAt = Date.now();
    return { ...bot.fake.sendCommand('ask', [{ name: 'question', type: 3, value: question }], { userId }), sentAt };
  };

  const finalEdit = (token: string): Promise<RecordedRequest> =>
    bot.fake.nextRequest((r) => r.method === 'PATCH' && r.path.includes(token) && embedsOf(r).length > 0, 60_000);

  const buttonIds = (edit: RecordedRequest): string[] =>
    ((messageData(edit)?.components ?? []) as JsonObject[]).flatMap((row) =>
      ((row.components ?? []) as JsonObject[]).map((b) => jsonText(b.custom_id)),
    );

  const replyTo = (sent: SentInteraction): Promise<RecordedRequest> =>
    bot.fake.nextRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`), 30_000);

  /** A stored answer with its vote buttons, asked while the store answers. */
  async function storedAnswer(): Promise<{ up: string; down: string; answerId: string; message: JsonObject }> {
    const sent = ask();
    const edit = await finalEdit(sent.token);
    const ids = buttonIds(edit);
    const up = ids.find((id) => id.startsWith('ask:up:')) ?? '';
    expect(up).not.toBe('');
    return {
      up,
      down: up.replace(':up:', ':down:'),
      answerId: up.split(':')[2] ?? '',
      message: bot.fake.messageFor(sent.token),
    };
  }

  /** Every /ask answered (privately, with the note, without buttons), acknowledged in time; the acks in ms. */
  async function askAllWhileDown(count: number): Promise<number[]> {
    const sent = Array.from({ length: count }, (_, i) => ask(QUESTION, `10000000000000007${i}`));
    const acks: number[] = [];
    for (const s of sent) {
      const ack = await replyTo(s);
      acks.push(ack.at - s.sentAt);
      expect(ack.body).toMatchObject({ type: 5, data: { flags: 64 } });
      const edit = await finalEdit(s.token);
      expect(embedsOf(edit)[0]?.description).toMatch(/Jessica Jones/);
      expect(jsonText(messageData(edit)?.content)).toBe(STORE_UNAVAILABLE_NOTE);
      expect(buttonIds(edit).filter((id) => id.startsWith('ask:'))).toEqual([]);
    }
    return acks;
  }

  /** Votes, a 👎 comment and a settings change: each told privately that nothing was saved. */
  async function expectRefused(target: { up: string; down: string; answerId: string; message: JsonObject }) {
    const tries = [
      bot.fake.sendButton(target.up, target.message),
      bot.fake.sendButton(target.down, target.message),
      bot.fake.sendModalSubmit(target.down.replace(':down:', ':why:'), { comment: 'Wrong season' }, target.message),
      bot.fake.sendCommand(
        'settings',
        [{ name: 'set', type: 1, options: [{ name: 'cooldown', type: 4, value: 30 }] }],
        {
          permissions: ADMIN_PERMISSIONS,
        },
      ),
    ];
    for (const t of tries) {
      const answer = await replyTo(t);
      expect(answer.body).toMatchObject({ type: 4, data: { flags: 64 } });
      expect(jsonText(messageData(answer)?.content)).toBe(STORE_REFUSED_MESSAGE);
    }
  }

  describe('with PostgreSQL shut down', { timeout: TIMEOUT }, () => {
    it("answers every /ask, tells votes and settings they couldn't be saved, and /healthz says degraded", async () => {
      const target = await storedAnswer();
      const before = await healthz();
      expect(before).toMatchObject({ status: 200, body: { status: 'pass', store: { kind: 'postgres', state: 'up' } } });

      await server.shutDown();
      try {
        await askAllWhileDown(5);
        await expectRefused(target);
        const down = await healthz();
        expect(down.status).toBe(200);
        expect(down.body).toMatchObject({ status: 'warn', gateway: 'connected', store: { state: 'down' } });
        expect(down.body.store?.error).toMatch(/unreachable|ECONNREFUSED|did not answer/);
        expect(JSON.stringify(down.body)).not.toContain(server.url);
      } finally {
        await server.start();
      }
      // Back: answers are stored again with their buttons, and nothing refused was half-written.
      await storedAnswer();
      expect(await healthz()).toMatchObject({ status: 200, body: { status: 'pass', store: { state: 'up' } } });
      expect(await bot.store.votesOn(target.answerId)).toEqual({ up: 0, down: 0 });
      expect((await bot.store.guildSettings('900000000000000003')).cooldownSeconds).toBeNull();
    });
  });

  describe('with PostgreSQL hung (SIGSTOP)', { timeout: TIMEOUT }, () => {
    it('acknowledges every /ask within 3 s and answers it; votes are refused; /healthz says degraded', async () => {
      const target = await storedAnswer();
      const paused = await server.pause();
      let acks: number[];
      try {
        acks = await askAllWhileDown(5);
        await expectRefused(target);
        const down = await healthz();
        expect(down.status).toBe(200);
        expect(down.body).toMatchObject({ status: 'warn', store: { state: 'down' } });
      } finally {
        server.resume(paused);
      }
      for (const ack of acks) expect(ack).toBeLessThan(DISCORD_ACK_LIMIT_MS);
      await storedAnswer();
      expect((await healthz()).body).toMatchObject({ status: 'pass', store: { state: 'up' } });
      expect(await bot.store.votesOn(target.answerId)).toEqual({ up: 0, down: 0 });
    });
  });
} else {
  // Never a silent pass: CI must run these against PostgreSQL; elsewhere the gap is stated.
  describe('the bot with its PostgreSQL store down or hung', () => {
    it(`did NOT run: ${missing}`, () => {
      console.warn(`\n*** the store-down tests did NOT run: ${missing} ***\n`);
      expect(process.env.CI, 'CI must test the store on PostgreSQL').not.toBe('true');
    });
  });
}
