import {
  ChannelType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { CommandContext } from '../src/discord/context';
import { showKey } from '../src/db/follows';
import { followLine } from '../src/discord/follow-embeds';
import { inertText } from '../src/discord/inert-text';
import { serverOnly } from '../src/discord/install';
import { LIMITS, trimText } from '../src/discord/limits';
import { countOf } from '../src/discord/plural';
import { reply } from '../src/discord/reply';
import { respondWithShows } from '../src/discord/show-choices';

const SHOW_MAX = 100;

export const data = serverOnly(new SlashCommandBuilder())
  .setName('follow')
  .setDescription("Post a show's new stories to a channel as they are indexed (Manage Server).")
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((sub) =>
    sub
      .setName('add')
      .setDescription('Post new stories about a show to a channel: once per story, however many outlets carry it.')
      .addStringOption((o) =>
        o
          .setName('show')
          .setDescription('The show (suggestions come from the headlines).')
          .setRequired(true)
          .setAutocomplete(true)
          .setMaxLength(SHOW_MAX),
      )
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Where to post.')
          .setRequired(true)
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
  )
  .addSubcommand((sub) => sub.setName('list').setDescription('The shows this server follows, and where.'))
  .addSubcommand((sub) =>
    sub
      .setName('remove')
      .setDescription('Stop posting a show (in every channel, or one).')
      .addStringOption((o) =>
        o.setName('show').setDescription('The show, as listed.').setRequired(true).setMaxLength(SHOW_MAX),
      )
      .addChannelOption((o) =>
        o
          .setName('channel')
          .setDescription('Only this channel.')
          .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
      ),
  );

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  const { store, config, log } = context;
  const guildId = interaction.guildId;
  const answer = (content: string) =>
    reply(interaction, { content: trimText(content, LIMITS.content), flags: MessageFlags.Ephemeral });
  if (!guildId) return answer('Follows belong to a server; run /follow there.');
  const sub = interaction.options.getSubcommand();
  // Discord hides the command from members without Manage Server; admins can override that, so check again.
  if (!interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
    return answer('Only members with Manage Server can choose the shows this server follows.');
  }
  const limit = config.discord.followsPerServer;

  if (sub === 'list') {
    const follows = await store.follows(guildId);
    if (follows.length === 0) return answer('This server follows no show yet. Add one with `/follow add`.');
    return answer(
      `**Followed shows (${follows.length} of ${limit})**\n${follows.map(followLine).join('\n')}\nNew stories are posted once; later reports edit the post.`,
    );
  }

  const show = interaction.options.getString('show', true).trim();
  const channelId = interaction.options.get('channel')?.value;
  // As the follow was added (the headlines' spelling), whatever case it is typed in now.
  const listed = (await store.follows(guildId)).find((f) => showKey(f.show) === showKey(show))?.show ?? show;
  const shown = inertText(listed, { oneLine: true });
  if (!show) return answer('Name a show.');

  if (sub === 'remove') {
    const removed = await store.removeFollows(guildId, show, typeof channelId === 'string' ? channelId : null);
    if (removed > 0) log.info('follow: removed', { guild: guildId, by: interaction.user.id, count: removed });
    return answer(
      removed > 0
        ? `Stopped posting **${shown}** (${countOf(removed, 'channel')}).`
        : `This server does not follow **${shown}**${typeof channelId === 'string' ? ` in <#${channelId}>` : ''}.`,
    );
  }

  if (typeof channelId !== 'string') return answer('Choose a channel to post in.');
  const existing = await store.follows(guildId);
  const again = existing.some((f) => f.channelId === channelId && f.show.toLowerCase() === show.toLowerCase());
  if (!again && existing.length >= limit) {
    return answer(
      limit === 0
        ? "Following shows is turned off by the bot's operator."
        : `This server already follows ${countOf(existing.length, 'show')}, the most it may (${limit}). Remove one with \`/follow remove\` first.`,
    );
  }
  const follow = await store.addFollow({ guildId, show, channelId, createdBy: interaction.user.id });
  log.info('follow: added', { guild: guildId, by: interaction.user.id });
  const known = context.engine.latest(follow.show).stories.length > 0;
  return answer(
    `Following **${inertText(follow.show, { oneLine: true })}** in <#${channelId}>: each new story is posted there once, and later reports from other outlets edit that post.` +
      (known ? '' : ' No headline names this show yet; I will post when one does.'),
  );
}

export const autocomplete = respondWithShows;
