import { Command, InvalidArgumentError } from 'commander';
import { loadConfigOrExit } from '../startup';
import { cliLogger } from './logger';
import { openStore } from '../db/store';
import { formatFeedbackReport } from './feedback-report';
import { terminalJson } from './terminal-text';

const positive = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('a whole number above 0');
  return n;
};

const program = new Command()
  .name('feedback')
  .description(
    "Report the members' votes: totals, the worst-rated answers with comments, the most-asked declined questions.",
  )
  .option('--limit <n>', 'answers and questions listed per section', positive, 10)
  .option('--json', 'print the report as JSON')
  .action(async (options: { limit: number; json?: boolean }) => {
    const config = loadConfigOrExit();
    const store = await openStore(config.store, cliLogger(config, true));
    try {
      const report = await store.feedbackReport(options.limit);
      process.stdout.write(options.json ? `${terminalJson(report)}\n` : formatFeedbackReport(report));
    } finally {
      await store.close();
    }
  });

await program.parseAsync();
