import { Command } from 'commander';
import { openCliEngine } from './open-engine';
import { terminalJson, terminalText } from './terminal-text';

const program = new Command()
  .name('sources')
  .description('List the outlets in the index with their article counts and latest dates.')
  .option('--json', 'print the list as JSON')
  .action(async (options: { json?: boolean }) => {
    const { engine } = await openCliEngine({ quiet: true, answers: false });
    const sources = engine.sources();
    await engine.close();
    if (options.json) {
      process.stdout.write(`${terminalJson(sources)}\n`);
      return;
    }
    // Outlet names come from articles: inert in the terminal before they are measured and printed.
    const rows = sources.map((s) => ({ ...s, outlet: terminalText(s.outlet) }));
    const width = Math.max(6, ...rows.map((s) => s.outlet.length));
    process.stdout.write(`${'Outlet'.padEnd(width)}  Articles  Latest\n`);
    for (const s of rows) {
      process.stdout.write(`${s.outlet.padEnd(width)}  ${String(s.articles).padStart(8)}  ${s.latest ?? '-'}\n`);
    }
  });

await program.parseAsync();
