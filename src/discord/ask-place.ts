import type { ChatInputCommandInteraction, ModalSubmitInteraction } from 'discord.js';
import type { ConversationTurn } from '../answer/follow-up';
import type { CommandContext } from './context';
import { answersInPublic, effectiveSettings, whereToAsk, type GuildSettings } from './guild-settings';

/** Everything about where a question is asked that decides how it is answered. */
export interface AskSetting {
  guildId: string | null;
  channelId: string | null;
  /** Set when the question is asked in a thread the bot started. */
  botThread: { id: string; parentChannelId: string } | null;
  settings: GuildSettings;
  /** False where the server lists other channels for public answers. */
  publicHere: boolean;
}

export async function askSetting(
  interaction: ChatInputCommandInteraction | ModalSubmitInteraction,
  context: CommandContext,
): Promise<AskSetting> {
  const { store, config } = context;
  const guildId = interaction.guildId;
  const channelId = interaction.channelId;
  const stored = guildId
    ? await store.guildSettings(guildId)
    : { publicChannels: null, privateByDefault: null, cooldownSeconds: null, llmAnswers: null };
  const settings = effectiveSettings(stored, config);
  const thread = channelId ? await store.botThread(channelId) : null;
  const botThread = thread && channelId ? { id: channelId, parentChannelId: thread.parentChannelId } : null;
  return {
    guildId,
    channelId,
    botThread,
    settings,
    publicHere: answersInPublic(settings, channelId, botThread?.parentChannelId ?? null),
  };
}

/** Seconds the member must still wait in this server, or 0 (and the wait starts now). */
export function cooldownLeft(setting: AskSetting, userId: string, context: CommandContext): Promise<number> {
  return context.cooldowns.take(`${setting.guildId ?? 'dm'}:${userId}`, setting.settings.cooldownSeconds);
}

export function waitMessage(seconds: number): string {
  return `Please wait ${seconds} more second${seconds === 1 ? '' : 's'} before asking again.`;
}

/** Whether to answer privately, and what to tell the member when the server decided that for them. */
export function privacy(setting: AskSetting, requested: boolean | null): { isPrivate: boolean; note: string | null } {
  if (!setting.publicHere) return { isPrivate: true, note: requested === true ? null : whereToAsk(setting.settings) };
  return { isPrivate: requested ?? setting.settings.privateByDefault, note: null };
}

/** The thread's earlier questions and answers still within THREAD_CONTEXT_HOURS, oldest first. */
export async function threadContext(threadId: string, context: CommandContext): Promise<ConversationTurn[]> {
  const since = new Date(Date.now() - context.config.threadContextHours * 3_600_000);
  const earlier = await context.store.threadHistory(threadId, since);
  return earlier.map((a) => ({ question: a.question, answer: a.answer }));
}
