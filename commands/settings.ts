import {
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import { serverOnly } from '../src/discord/install';
import type { CommandContext } from '../src/discord/context';
import { MAX_COOLDOWN_SECONDS, MAX_PUBLIC_CHANNELS, settingsEmbed } from '../src/discord/guild-settings';
import { reply } from '../src/discord/reply';
import type { StoredGuildSettings } from '../src/db/store';

const TEXT_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement] as const;

export const data = serverOnly(new SlashCommandBuilder())
  .setName('settings')
  .setDescription('Show or change how the bot answers in this server (Manage Server).')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) => sub.setName('show').setDescription("This server's settings."))
  .addSubcommand((sub) =>
    sub
      .setName('set')
      .setDescription('Change how /ask answers in this server.')
      .addBooleanOption((o) =>
        o.setName('private_by_default').setDescription('Answer /ask privately unless the member asks otherwise.'),
      )
      .addIntegerOption((o) =>
        o
          .setName('cooldown')
          .setDescription('Seconds a member waits between questions (0: no wait).')
          .setMinValue(0)
          .setMaxValue(MAX_COOLDOWN_SECONDS),
      )
      .addBooleanOption((o) =>
        o
          .setName('llm_answers')
          .setDescription("Let the operator's language model write answers (when one is configured)."),
      ),
  )
  .addSubcommand((sub) =>
    sub
      .setName('channel')
      .setDescription('Choose the channels where /ask answers in public (elsewhere it answers privately).')
      .addChannelOption((o) =>
        o
          .setName('add')
          .setDescription('Answer in public here.')
          .addChannelTypes(...TEXT_CHANNELS),
      )
      .addChannelOption((o) =>
        o
          .setName('remove')
          .setDescription('Stop answering in public here.')
          .addChannelTypes(...TEXT_CHANNELS),
      )
      .addBooleanOption((o) => o.setName('everywhere').setDescription('Answer in public in every channel again.')),
  )
  .addSubcommand((sub) => sub.setName('reset').setDescription("Go back to the operator's defaults."));

/** The raw option value: channel ids arrive without needing the channel resolved. */
function optionValue(interaction: ChatInputCommandInteraction, name: string): string | number | boolean | undefined {
  return interaction.options.get(name)?.value;
}

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { store, config, log } = context;
  const guildId = interaction.guildId;
  const sub = interaction.options.getSubcommand();
  if (!guildId) {
    await reply(interaction, {
      content: 'Settings belong to a server; run /settings there.',
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  const manager = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) === true;
  // Anyone may look; Discord hides the command from members, but admins can override that, so check again.
  if (sub === 'show') {
    const embed = settingsEmbed(await store.guildSettings(guildId), config, { canChange: manager });
    await reply(interaction, { embeds: [embed], flags: MessageFlags.Ephemeral });
    return;
  }
  if (!manager) {
    await reply(interaction, {
      content: 'Only members with Manage Server can change the settings of this server; `/settings show` shows them.',
      flags: MessageFlags.Ephemeral,
    });
    return;
  }
  let stored: StoredGuildSettings;
  const by = interaction.user.id;
  if (sub === 'set') {
    const change: Partial<StoredGuildSettings> = {};
    const privateByDefault = interaction.options.getBoolean('private_by_default');
    const cooldown = interaction.options.getInteger('cooldown');
    const llmAnswers = interaction.options.getBoolean('llm_answers');
    if (privateByDefault !== null) change.privateByDefault = privateByDefault;
    if (cooldown !== null) change.cooldownSeconds = Math.min(MAX_COOLDOWN_SECONDS, Math.max(0, cooldown));
    if (llmAnswers !== null) change.llmAnswers = llmAnswers;
    stored = await store.updateGuildSettings(guildId, change, by);
  } else if (sub === 'channel') {
    const current = (await store.guildSettings(guildId)).publicChannels ?? [];
    const add = optionValue(interaction, 'add');
    const remove = optionValue(interaction, 'remove');
    const everywhere = interaction.options.getBoolean('everywhere');
    let next = everywhere ? [] : [...current];
    if (typeof remove === 'string') next = next.filter((id) => id !== remove);
    if (typeof add === 'string' && !next.includes(add)) {
      if (next.length >= MAX_PUBLIC_CHANNELS) {
        await reply(interaction, {
          content: `At most ${MAX_PUBLIC_CHANNELS} channels can be listed; remove one first.`,
          flags: MessageFlags.Ephemeral,
        });
        return;
      }
      next.push(add);
    }
    stored = await store.updateGuildSettings(guildId, { publicChannels: next.length > 0 ? next : null }, by);
  } else if (sub === 'reset') {
    stored = await store.updateGuildSettings(
      guildId,
      { publicChannels: null, privateByDefault: null, cooldownSeconds: null, llmAnswers: null },
      by,
    );
  } else {
    stored = await store.guildSettings(guildId);
  }
  log.info('Server settings changed', { guild: guildId, by, sub });
  await reply(interaction, {
    embeds: [settingsEmbed(stored, config, { canChange: true })],
    flags: MessageFlags.Ephemeral,
  });
}
