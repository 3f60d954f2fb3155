import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandContext, CommandScope } from '../src/discord/context';
import { inertText } from '../src/discord/inert-text';
import { LIMITS, trimText } from '../src/discord/limits';
import { operatorCommand, refuseUnlessOperator } from '../src/discord/operator';
import { editReply } from '../src/discord/reply';
import { ReindexBusyError } from '../src/errors';
import { isHttpUrl } from '../src/feeds/feeds-file';

export const data = operatorCommand(
  'add',
  'Fetch one article by its address and add it to the index (the bot operator only).',
).addStringOption((o) =>
  o.setName('url').setDescription('Address of the article page (http or https).').setRequired(true).setMaxLength(2000),
);

/** Same as /reindex: what the bot knows belongs to its operator, not to one server's admins. */
export const scope: CommandScope = 'operator';

export async function execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void> {
  if (!(await refuseUnlessOperator(interaction, context.operators))) return;
  const url = interaction.options.getString('url', true).trim();
  const say = (content: string) => editReply(interaction, { content: trimText(content, LIMITS.content) });
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  if (!isHttpUrl(url)) return say('That is not an http:// or https:// address.');
  try {
    // Loaded when an article is added: fetching and reading pages is not needed to serve questions.
    const [{ addArticleByUrl }, { feedStoreFor }] = await Promise.all([
      import('../src/feeds/add-article'),
      import('../src/db/feeds'),
    ]);
    const { engine, config, log, store } = context;
    const feeds = feedStoreFor(config, store, log);
    const result = await addArticleByUrl({ engine, config, log, url, feeds });
    if (!result.added) return await say(inertText(`Could not add ${url}: ${result.reason}`, { oneLine: true }));
    const what = `**${inertText(result.title, { oneLine: true })}** (${inertText(`${result.outlet}, ${result.url}`, { oneLine: true })})`;
    if (result.saved.kind === 'new') return await say(`Added ${what}; it is in the index now.`);
    if (result.saved.kind === 'changed') return await say(`Updated ${what}; the index has the new text.`);
    return await say(
      `${what} is already in the index${result.saved.kind === 'duplicate' ? ' under another address' : ''}.`,
    );
  } catch (error) {
    if (!(error instanceof ReindexBusyError)) throw error;
    await say('A reindex or feed poll is running; try again when it has finished.');
  }
}
