import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { buildIndex } from '../src/index/build';
import { currentIndexDir, formatVersion } from '../src/index/disk';
import { loadEmbedder } from '../src/index/embedder';
import { toCorpus } from '../src/index/disk-text';
import { makeArticle } from '../src/ingest/article';
import type { Article } from '../src/ingest/types';
import { silentLogger } from '../src/log';
import { corpusFiles, readCorpus } from './corpus';
import { openBenchEngine, timeAsks, titleQuestions } from './ask-timing';
import { chooseModel } from './model';
import { percentile } from './stats';

/**
 * The bench's latency stage alone, over an index built once and kept, so the ask path can be
 * profiled (`node --cpu-prof --import tsx bench/ask-profile.ts ask …`) and timed again and again
 * without a rebuild.
 *
 *   npx tsx bench/ask-profile.ts build <work dir> [articles=20000] [corpus dir]
 *   npx tsx bench/ask-profile.ts ask <work dir> [questions=1000] [answers.jsonl]
 *
 * `build` makes the fixture model and the index as `npm run bench` does; `ask` asks the bench's
 * title questions (after the same 20 warm-up questions) and prints CPU time per question
 * (process.cpuUsage, all threads), wall percentiles, the load average and a hash of every answer,
 * so two versions of the code can be checked for answering the same. With ASK_PROFILE_HEAP=<file>
 * it also writes a sampling heap profile of the questions' allocations (bench/profile-top.ts reads it).
 */

const [command, workDir, countArg, extra] = process.argv.slice(2);
if ((command !== 'build' && command !== 'ask') || !workDir)
  throw new Error('usage: ask-profile.ts build|ask <work dir> [count] [corpus dir | answers file]');
const work = path.resolve(workDir);
const indexDir = path.join(work, 'index');
const modelFile = path.join(work, 'model.json');

if (command === 'build') {
  const files = corpusFiles(path.resolve(extra ?? path.join(import.meta.dirname, '../../shared/corpus')));
  if (files.length === 0) throw new Error('no corpus files');
  await mkdir(work, { recursive: true });
  const model = await chooseModel(files, work, 32);
  const articles: Article[] = [];
  for await (const fields of readCorpus(files, Number(countArg ?? 20000))) articles.push(makeArticle(fields));
  const embedder = await loadEmbedder({ ...model, allowRemote: false, log: silentLogger });
  if (embedder === null) throw new Error('fixture model did not load');
  await buildIndex({ indexDir, corpus: toCorpus(articles), embedder, previous: null, log: silentLogger });
  await writeFile(modelFile, JSON.stringify({ ...model, titles: articles.map((a) => a.title) }));
  process.stdout.write(`built ${articles.length} articles in ${indexDir}\n`);
} else {
  const { readFile } = await import('node:fs/promises');
  const model = JSON.parse(await readFile(modelFile, 'utf8')) as {
    modelsDir: string;
    modelId: string;
    titles: string[];
  };
  const embedder = await loadEmbedder({ ...model, allowRemote: false, log: silentLogger });
  if (embedder === null) throw new Error('fixture model did not load');
  // The engine would rebuild an index of another format from its empty articles folder: answers about nothing.
  const current = await currentIndexDir(indexDir);
  const manifest = current && (JSON.parse(await readFile(path.join(current, 'manifest.json'), 'utf8')) as object);
  if (!manifest || !('formatVersion' in manifest) || manifest.formatVersion !== formatVersion)
    throw new Error(`${indexDir} holds no index of format ${formatVersion}: run \`ask-profile.ts build\` again`);
  const engine = await openBenchEngine(work, indexDir, embedder);
  const questions = titleQuestions(model.titles, Number(countArg ?? 1000));
  for (const question of questions.slice(0, 20)) await engine.ask(question);
  const loadBefore = loadavg()[0]!;
  const answers: string[] = [];
  const timings: string[] = [];
  const heap = process.env['ASK_PROFILE_HEAP'] ? await startHeapSampling() : null;
  const cpuBefore = process.cpuUsage();
  const { totals, retrieveMs, composeMs } = await timeAsks(engine, questions, (question, answer) => {
    const { timings: taken, ...answered } = answer;
    answers.push(JSON.stringify(answered));
    timings.push(JSON.stringify({ question, retrieveMs: taken.retrieveMs, composeMs: taken.composeMs }));
  });
  const cpu = process.cpuUsage(cpuBefore);
  if (heap) await writeFile(process.env['ASK_PROFILE_HEAP']!, JSON.stringify(await heap.stop()));
  await engine.close();
  const hash = createHash('sha256').update(answers.join('\n')).digest('hex').slice(0, 16);
  if (extra) {
    await writeFile(extra, `${answers.join('\n')}\n`);
    await writeFile(`${extra}.timings`, `${timings.join('\n')}\n`);
  }
  const ms = (n: number) => n.toFixed(1);
  process.stdout.write(
    `${questions.length} questions: CPU ${ms((cpu.user + cpu.system) / 1000 / questions.length)} ms/question ` +
      `(user ${ms(cpu.user / 1000 / questions.length)}); wall p50/p95/p99 ${ms(percentile(totals, 50))}/` +
      `${ms(percentile(totals, 95))}/${ms(percentile(totals, 99))} ms; retrieve p95 ${ms(percentile(retrieveMs, 95))}, ` +
      `compose p95 ${ms(percentile(composeMs, 95))}; load ${loadBefore.toFixed(1)}→${loadavg()[0]!.toFixed(1)}; ` +
      `answers ${hash}\n`,
  );
}

/**
 * V8's sampling heap profiler, counting objects already collected too: what the questions allocate,
 * not what is left alive at the end (which is all `node --heap-prof` reports).
 */
async function startHeapSampling(): Promise<{ stop: () => Promise<object> }> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16_384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return {
    stop: async () => {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      session.disconnect();
      return profile;
    },
  };
}
