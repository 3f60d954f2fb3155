/**
 * Another bot process, reduced to its cooldown: takes `key` for `seconds` through the shared store at
 * DATABASE_URL with the bot's own code, and prints the seconds left (0: the window was free and is now
 * started). Run by the store test as a separate process.
 */
import { sharedCooldowns } from '../../src/discord/cooldown';
import { openStore } from '../../src/db/store';
import { silentLogger } from '../../src/log';

const [key, seconds] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL;
if (!key || !seconds || !databaseUrl) throw new Error('usage: DATABASE_URL=… take-cooldown.ts <key> <seconds>');
const store = await openStore({ databaseUrl, embeddedDir: '/nonexistent' }, silentLogger);
try {
  const cooldowns = sharedCooldowns(store, Number(seconds), (error) => {
    throw error;
  });
  process.stdout.write(`${await cooldowns.take(key)}\n`);
} finally {
  await store.close();
}
