import { loadavg } from 'node:os';
import { loadConfig } from '../src/config';
import { openEngine } from '../src/engine';
import { silentLogger } from '../src/log';
import type { ColdStartResult } from './types';

/**
 * A fresh process that opens the engine over a persisted index (loading the model itself, as
 * `npm start` would) and answers one question. Prints a ColdStartResult as its last line.
 * Usage: node --import tsx bench/cold-start.ts <indexDir> <modelsDir> <modelId> <question>
 * (bench/compiled-probe.ts also runs it compiled to JavaScript, as `npm start` runs the bot).
 */
const [indexDir, modelsDir, modelId, question] = process.argv.slice(2);
if (!indexDir || !modelsDir || !modelId || !question)
  throw new Error('usage: cold-start.ts <indexDir> <modelsDir> <modelId> <question>');

const config = loadConfig({
  ARTICLES_DIR: `${indexDir}-no-articles`,
  INDEX_DIR: indexDir,
  MODELS_DIR: modelsDir,
  EMBEDDING_MODEL: modelId,
  ALLOW_REMOTE_MODELS: 'false',
});
const opening = performance.now();
const engine = await openEngine(config, { log: silentLogger });
const opened = performance.now();
const answer = await engine.ask(question);
const answered = performance.now();
if (engine.embeddingModel !== modelId) throw new Error(`the engine did not load ${modelId}`);
const cpu = process.cpuUsage();
const result: ColdStartResult = {
  // performance.now() counts from the start of this process.
  sinceProcessStartMs: answered,
  openMs: opened - opening,
  askMs: answered - opened,
  cpuMs: (cpu.user + cpu.system) / 1000,
  // What a process serving questions over this index holds, once it has answered one.
  rssMb: process.memoryUsage.rss() / 1024 ** 2,
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  // The machine is shared: how busy it was says how far the wall times stretched.
  loadAverage: loadavg()[0]!,
  abstained: answer.abstained,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
await engine.close();
