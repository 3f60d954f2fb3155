import type { ChatInputCommandInteraction, ModalSubmitInteraction } from 'discord.js';
import type { ConversationTurn } from '../answer/follow-up';
import { withDeadline } from '../db/sql';
import type { StoredGuildSettings } from '../db/store';
import { StoreError, describeError } from '../errors';
import type { CommandContext } from './context';
import { countOf } from './plural';
import { answersInPublic, effectiveSettings, whereToAsk, type GuildSettings } from './guild-settings';
import { STORE_UNAVAILABLE_NOTE } from './store-messages';

/** Tuning of what happens before /ask is acknowledged. */
export const ASK_PLACE_DEFAULTS = {
  // Discord shows "The application did not respond" 3 s after the interaction is created. With a
  // hung PostgreSQL, 5 questions at once were acknowledged 0.0-0.6 s after this wait ran out (load
  // average 20 on 2 vCPU, December 2026); 1.2 s leaves 1.8 s for that, while a working store gives
  // the settings in ~1-5 ms.
  storeWaitMs: 1_200,
} as const;

/** Everything about where a question is asked that decides how it is answered. */
export interface AskSetting {
  guildId: string | null;
  channelId: string | null;
  /** Set when the question is asked in a thread the bot started. */
  botThread: { id: string; parentChannelId: string } | null;
  settings: GuildSettings;
  /** False where the server lists other channels for public answers. */
  publicHere: boolean;
  /**
   * False when the store did not give this server's settings in time. The bot then cannot know
   * where the server allows public answers or whether it allows model answers, so it answers
   * privately and extractively (see STORE_DOWN_SETTINGS), and stores nothing.
   */
  storeAvailable: boolean;
}

const NO_SETTINGS: StoredGuildSettings = {
  publicChannels: null,
  privateByDefault: null,
  cooldownSeconds: null,
  llmAnswers: null,
};

/**
 * What the bot assumes when the server's settings cannot be read: the choices a server may have
 * made for privacy are taken as made (answers private, no question sent to a model); the cooldown
 * is the operator's default.
 */
const STORE_DOWN_SETTINGS: StoredGuildSettings = {
  publicChannels: null,
  privateByDefault: true,
  cooldownSeconds: null,
  llmAnswers: false,
};

export async function askSetting(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  context: CommandContext,
): Promise<AskSetting> {
  const { store, config, log } = context;
  const guildId = interaction.guildId;
  const channelId = interaction.channelId;
  // One round trip (one query: a busy replica spends about 0.5 ms of CPU per query it sends), and never
  // longer than the acknowledgement can wait.
  const lookups =
    guildId || channelId
      ? store.askPlace({ guildId, channelId })
      : Promise.resolve({ settings: NO_SETTINGS, thread: null });
  let stored: StoredGuildSettings;
  let thread: Awaited<ReturnType<typeof store.botThread>> = null;
  let storeAvailable = true;
  try {
    // Only a server can hang. The embedded store runs in this process: when it is slow, the process
    // is busy (50 questions at once), the acknowledgement would wait for the event loop anyway,
    // and its own query timeout still bounds the wait.
    ({ settings: stored, thread } =
      store.kind === 'postgres'
        ? await withDeadline(lookups, ASK_PLACE_DEFAULTS.storeWaitMs, 'the server settings', (error) =>
            log.debug('Server settings arrived after the question went on without them', {
              error: describeError(error),
            }),
          )
        : await lookups);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    log.warn('The store gave no server settings in time; answering privately, without buttons', {
      error: describeError(error),
    });
    stored = STORE_DOWN_SETTINGS;
    storeAvailable = false;
  }
  const settings = effectiveSettings(stored, config);
  const botThread = thread && channelId ? { id: channelId, parentChannelId: thread.parentChannelId } : null;
  return {
    guildId,
    channelId,
    botThread,
    settings,
    publicHere: answersInPublic(settings, channelId, botThread?.parentChannelId ?? null),
    storeAvailable,
  };
}

/** Seconds the member must still wait in this server, or 0 (and the wait starts now). */
export function cooldownLeft(setting: AskSetting, userId: string, context: CommandContext): Promise<number> {
  return context.cooldowns.take(`${setting.guildId ?? 'dm'}:${userId}`, setting.settings.cooldownSeconds);
}

export function waitMessage(seconds: number): string {
  return `Please wait ${countOf(seconds, 'more second')} before asking again.`;
}

/** Whether to answer privately, and what to tell the member when the server decided that for them. */
export function privacy(setting: AskSetting, requested: boolean | null): { isPrivate: boolean; note: string | null } {
  if (!setting.storeAvailable) return { isPrivate: true, note: STORE_UNAVAILABLE_NOTE };
  if (!setting.publicHere) return { isPrivate: true, note: requested === true ? null : whereToAsk(setting.settings) };
  return { isPrivate: requested ?? setting.settings.privateByDefault, note: null };
}

/**
 * The thread's earlier PUBLIC questions and answers still within THREAD_CONTEXT_HOURS, oldest
 * first, looked up by server and thread together. A store that fails gives no context: the
 * question is answered on its own.
 */
export async function threadContext(
  place: { guildId: string | null; threadId: string },
  context: CommandContext,
): Promise<ConversationTurn[]> {
  const since = new Date(Date.now() - context.config.threadContextHours * 3_600_000);
  try {
    const earlier = await context.store.threadHistory(place, since);
    return earlier.map((a) => ({ question: a.question, answer: a.answer }));
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    context.log.warn('The store gave no thread context; answering the question on its own', {
      error: describeError(error),
    });
    return [];
  }
}
