import type { APIEmbed } from 'discord.js';
import type { Config } from '../config';
import type { StoredGuildSettings } from '../db/store';

/** A server's settings with the operator's defaults filled in. */
export interface GuildSettings {
  /** Channels where /ask answers in public; empty: every channel. */
  publicChannels: string[];
  privateByDefault: boolean;
  cooldownSeconds: number;
  /** Whether answers may be written by the operator's model (when one is configured). */
  llmAnswers: boolean;
}

export const MAX_PUBLIC_CHANNELS = 25;
export const MAX_COOLDOWN_SECONDS = 3_600;

export function effectiveSettings(stored: StoredGuildSettings, config: Config): GuildSettings {
  return {
    publicChannels: stored.publicChannels ?? [],
    privateByDefault: stored.privateByDefault ?? config.askPrivateByDefault,
    cooldownSeconds: stored.cooldownSeconds ?? config.discord.askCooldownSeconds,
    llmAnswers: stored.llmAnswers ?? true,
  };
}

/** Whether /ask may answer in public here: listed channels, and threads started in them. */
export function answersInPublic(
  settings: GuildSettings,
  channelId: string | null,
  parentChannelId: string | null,
): boolean {
  if (settings.publicChannels.length === 0) return true;
  return [channelId, parentChannelId].some((id) => id !== null && settings.publicChannels.includes(id));
}

/** "Answers here are private: ask in #a or #b for everyone to see." */
export function whereToAsk(settings: GuildSettings): string {
  const channels = settings.publicChannels.map((id) => `<#${id}>`);
  const list =
    channels.length <= 1 ? channels.join('') : `${channels.slice(0, -1).join(', ')} or ${channels.at(-1) ?? ''}`;
  return `Answers here are private. Ask in ${list} for everyone to see the answer.`;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/**
 * Whether answers may be written by a model, in plain words: without a model configured, what
 * happens (quotes) comes first, and a server's own choice is said to wait for one.
 */
export function modelAnswersLine(stored: StoredGuildSettings, config: Config): string {
  const settings = effectiveSettings(stored, config);
  if (config.llm.enabled) {
    return `${yesNo(settings.llmAnswers)}${stored.llmAnswers === null ? ' *(default)*' : ''}`;
  }
  const choice =
    stored.llmAnswers === null
      ? ''
      : ` This server has chosen ${stored.llmAnswers ? 'to use one' : 'not to use one'} if the operator sets one up.`;
  return `No: the operator has not set up a language model, so answers quote the articles.${choice}`;
}

export function settingsEmbed(
  stored: StoredGuildSettings,
  config: Config,
  options: { canChange: boolean } = { canChange: true },
): APIEmbed {
  const settings = effectiveSettings(stored, config);
  const note = (value: unknown) => (value === null ? ' *(default)*' : '');
  const llm = modelAnswersLine(stored, config);
  return {
    title: 'Settings for this server',
    color: 0x2b6cb0,
    fields: [
      {
        name: 'Public answers in',
        value:
          settings.publicChannels.length === 0
            ? 'every channel'
            : settings.publicChannels.map((id) => `<#${id}>`).join(', '),
        inline: false,
      },
      {
        name: 'Private answers by default',
        value: `${yesNo(settings.privateByDefault)}${note(stored.privateByDefault)}`,
        inline: true,
      },
      {
        name: 'Cooldown',
        value: `${settings.cooldownSeconds} s per member${note(stored.cooldownSeconds)}`,
        inline: true,
      },
      { name: 'Answers written by a model', value: llm, inline: false },
    ],
    footer: {
      text: options.canChange
        ? 'Change with /settings set, /settings channel or /settings reset.'
        : 'Members with Manage Server can change these.',
    },
  };
}
