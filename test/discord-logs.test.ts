import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotHarness, type BotHarness } from './support/bot-harness';
import { FAKE_GUILD_ID, embedsOf, type RecordedRequest } from './support/fake-discord';
import { startFakeOpenAI, type FakeOpenAI } from './support/fake-openai';
import { PROCESS_TEST_TIMEOUT_MS, until } from './support/bounds';

const TIMEOUT = PROCESS_TEST_TIMEOUT_MS;
/** Not shaped like any known key: only the configured-secret redaction can catch it. */
const LLM_KEY = 'local-llm-key-quartz-7781';
const MEMBER_ID = '312345678901234567';
const MEMBER_NAME = `user${MEMBER_ID.slice(-4)}`;

let bot: BotHarness;
let openai: FakeOpenAI;
const logLines: string[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAI();
  bot = await startBotHarness({
    name: 'discord-logs-',
    env: {
      ASK_COOLDOWN_SECONDS: '0',
      ANSWER_CACHE_SECONDS: '0',
      OPENAI_API_KEY: LLM_KEY,
      OPENAI_BASE_URL: openai.baseURL,
      LLM_MAX_RETRIES: '0',
    },
    logLines,
  });
}, TIMEOUT);

afterAll(async () => {
  await bot?.close();
  await openai?.close();
}, TIMEOUT);

type LogEntry = Record<string, unknown>;

/** The interaction's log line: written once the command is done, just after its last reply. */
async function interactionLine(interactionId: string): Promise<{ line: string; entry: LogEntry }> {
  const line = await until(
    `the log line of interaction ${interactionId}`,
    () => logLines.find((l) => l.includes(`"interactionId":"${interactionId}"`)),
    { intervalMs: 20 },
  );
  return { line, entry: JSON.parse(line) as LogEntry };
}

async function ask(question: string): Promise<{ id: string; edit: RecordedRequest }> {
  const sent = bot.fake.sendCommand('ask', [{ name: 'question', type: 3, value: question }], { userId: MEMBER_ID });
  const edit = await bot.fake.nextRequest(
    (r) => r.method === 'PATCH' && r.path.includes(sent.token) && embedsOf(r).length > 0,
  );
  return { id: sent.id, edit };
}

describe('the log', { timeout: TIMEOUT }, () => {
  it('has one JSON line per answered /ask with its id, guild, command, mode, latency and outcome, and never who asked or what', async () => {
    openai.script({ kind: 'status', status: 400, message: `This model does not accept key ${LLM_KEY}` });
    const question = 'Who is Janet McTeer playing?';
    const { id } = await ask(question);
    const { line, entry } = await interactionLine(id);

    expect(entry).toMatchObject({
      level: 'info',
      msg: 'interaction',
      interactionId: id,
      guildId: FAKE_GUILD_ID,
      kind: 'command',
      command: 'ask',
      // The model refused the request, so the extractive answer stood in for it.
      mode: 'extractive',
      outcome: 'fallback',
    });
    expect(entry.latencyMs).toEqual(expect.any(Number));
    expect(entry.citations).toBeGreaterThan(0);
    expect(logLines.filter((l) => l.includes(`"interactionId":"${id}"`))).toHaveLength(1);
    for (const secretOrPersonal of [question, 'Janet McTeer', MEMBER_ID, MEMBER_NAME]) {
      expect(line).not.toContain(secretOrPersonal);
    }
  });

  it('counts an answer with nothing to cite as declined', async () => {
    openai.script({ kind: 'status', status: 400, message: 'no' });
    const { id } = await ask('When does it come out?');
    const { entry } = await interactionLine(id);
    expect(entry).toMatchObject({ command: 'ask', outcome: 'declined', declineReason: 'no_evidence' });
  });

  it('keeps the LLM key out of the log when the server echoes it in an error', () => {
    const warned = logLines.filter((l) => l.includes('llm answer failed'));
    expect(warned.length).toBeGreaterThan(0);
    expect(warned.some((l) => l.includes('This model does not accept key [redacted]'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(LLM_KEY);
    expect(logLines.join('\n')).not.toContain('fake-discord-token-abcdef');
  });
});
