import os from 'node:os';
import type { Cluster } from './loadtest-cluster';
import { cpuPerAnswer, ratePossible, startCpuMeter, type CpuFigures } from './loadtest-cpu';
import type { Percentiles } from './loadtest-report';
import {
  DEADLINE_MS,
  outcomeOf,
  prepareSteadily,
  sendSteadily,
  trackInteractions,
  waitForAnswers,
  type Outcome,
} from './loadtest-traffic';

/**
 * `--saturate`: the highest rate the bots sustain. Steps of `stepSeconds` at a rising rate (times
 * `stepFactor` each), each one drained before the next, until a step fails; then `refine` steps
 * halve the gap between the last rate that passed and the first that failed. A step passes when
 * every /ask in it is answered, the answers' p95 (from sending the /ask to its answer, which
 * includes the first response) is within Discord's 3 s, and the answers keep up with the rate
 * (KEEPING_UP): the bots answer as fast as questions come instead of queueing them.
 */

export interface SaturateOptions {
  startRate: number;
  stepSeconds: number;
  stepFactor: number;
  refine: number;
  /** How long a step's answers may take after its last /ask before they count as lost. */
  graceSeconds: number;
  /** Steps never go above this rate (a runaway ramp on a machine that never fails). */
  maxRate: number;
}

export interface Step {
  rate: number;
  outcome: Outcome;
  /** Answers per second over the step: answered / (last answer − first /ask). */
  answeredPerSecond: number;
  cpu: CpuFigures;
  passed: boolean;
}

export interface Saturation {
  how: string;
  replicas: number;
  steps: Step[];
  /** The step with the highest rate that passed; null when even the first failed. */
  best: Step | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A step keeps up when its answers arrive at 90% of the offered rate or more (answered over the time from the
 * first /ask to the last answer). Without it a short step passes while a queue grows: 50 a second offered for 5 s
 * passed the p95 test at 35 answers a second (2026-12-06). A bot keeping up with a 15 s step loses only its
 * latency's share of the span: 90% allows 1.5 s.
 */
const KEEPING_UP = 0.9;

export async function saturate(
  cluster: Cluster,
  titles: string[],
  options: SaturateOptions,
  member: () => string,
  say: (line: string) => void,
): Promise<Saturation> {
  const steps: Step[] = [];
  let questions = 0;
  const run = async (rate: number): Promise<Step> => {
    const tracker = trackInteractions(cluster.fake);
    const load = { fake: cluster.fake, rate, seconds: options.stepSeconds, titles, firstQuestion: questions, member };
    const prepared = prepareSteadily(load);
    const meter = startCpuMeter(() => cluster.cpuParts());
    const sent = await Promise.race([sendSteadily(load, prepared), cluster.exited]);
    questions += sent.length;
    await waitForAnswers(tracker, sent, options.graceSeconds * 1000);
    const cpu = meter.read();
    const outcome = outcomeOf(tracker, sent);
    const lastAnswer = Math.max(...sent.map((s) => tracker.answerAt(s.token) ?? 0));
    const span = (lastAnswer - (sent[0]?.at ?? lastAnswer)) / 1000;
    const answeredPerSecond = span > 0 ? outcome.answered / span : 0;
    const passed =
      outcome.answered === outcome.sent &&
      (outcome.answerMs?.p95 ?? Infinity) <= DEADLINE_MS &&
      answeredPerSecond >= KEEPING_UP * rate;
    const step = { rate, outcome, answeredPerSecond, cpu, passed };
    steps.push(step);
    say(`step ${formatStep(step)}`);
    // The machine settles (the bots finish what they hold) before the next step starts.
    await sleep(2_000);
    return step;
  };

  let pass: Step | null = null;
  let fail: Step | null = null;
  for (let rate = options.startRate; fail === null && rate <= options.maxRate; rate *= options.stepFactor) {
    const step = await run(round(rate));
    if (step.passed) pass = step;
    else fail = step;
  }
  for (let i = 0; i < options.refine && pass && fail && fail.rate - pass.rate > 1; i++) {
    const step = await run(round((pass.rate + fail.rate) / 2));
    if (step.passed) pass = step;
    else fail = step;
  }
  return { how: cluster.how, replicas: cluster.bots.length, steps, best: pass };
}

const round = (rate: number) => Math.round(rate * 10) / 10;
const ms = (p: Percentiles | null, key: keyof Percentiles) =>
  p ? `${Math.round(p[key]).toLocaleString('en-US')} ms` : '–';

const msPerAnswer = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(2));

function formatStep(step: Step): string {
  const { outcome, cpu } = step;
  return (
    `${step.rate}/s: ${outcome.answered}/${outcome.sent} answered, ${step.answeredPerSecond.toFixed(1)} answers/s, ` +
    `first response p95 ${ms(outcome.firstResponseMs, 'p95')}, answer p95 ${ms(outcome.answerMs, 'p95')}; ` +
    `CPU per answer ${msPerAnswer(cpuPerAnswer(cpu, outcome.answered)?.total)} ms ` +
    `(bots' main threads ${msPerAnswer(cpuPerAnswer(cpu, outcome.answered)?.botsMain)} ms), ` +
    `machine ${cpu.machineBusyCores.toFixed(2)} cores busy` +
    (step.passed ? '' : ' — FAILED')
  );
}

export function formatSaturation(runs: Saturation[]): string {
  const lines: string[] = [];
  for (const run of runs) {
    lines.push(
      `### ${run.how}`,
      '',
      "CPU per answer in ms, by part: the bots' main threads and their other threads, PostgreSQL (every backend), " +
        'HAProxy, the load test process (load generator and fake Discord), interrupts and softirqs (machine-wide).',
      '',
      "| offered /s | answered | answers /s | first response p50 / p95 | answer p50 / p95 / max | bots main | bots other | PostgreSQL | HAProxy | load test | irq | total | each bot's main thread, cores | machine busy, cores | |",
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    );
    for (const step of run.steps) {
      const { outcome, cpu } = step;
      const per = cpuPerAnswer(cpu, outcome.answered);
      const mainCores = (cpu.mainThreadSeconds['bots'] ?? 0) / cpu.wallSeconds / run.replicas;
      lines.push(
        `| ${step.rate} | ${outcome.answered} / ${outcome.sent} | ${step.answeredPerSecond.toFixed(1)} | ` +
          `${ms(outcome.firstResponseMs, 'p50')} / ${ms(outcome.firstResponseMs, 'p95')} | ` +
          `${ms(outcome.answerMs, 'p50')} / ${ms(outcome.answerMs, 'p95')} / ${ms(outcome.answerMs, 'max')} | ` +
          [per?.botsMain, per?.botsOther, per?.postgres, per?.haproxy, per?.loadtest, per?.irq, per?.total]
            .map(msPerAnswer)
            .join(' | ') +
          ` | ${mainCores.toFixed(2)} | ${cpu.machineBusyCores.toFixed(2)} | ${step.passed ? 'pass' : 'fail'} |`,
      );
    }
    lines.push(
      '',
      run.best
        ? `maximum sustained: ${run.best.rate} /ask per second (${run.best.answeredPerSecond.toFixed(1)} answers/s, every one answered, answer p95 ≤ 3 s, keeping up)`
        : 'maximum sustained: none (the first step already failed)',
      '',
    );
  }
  const [first, last] = [runs[0], runs.at(-1)];
  if (first && last && first !== last) {
    const ratio = first.best && last.best ? (last.best.rate / first.best.rate).toFixed(2) : '–';
    const peak = (run: Saturation) => Math.max(...run.steps.map((s) => s.answeredPerSecond));
    lines.push(
      `${last.replicas} replicas against ${first.replicas}: ${ratio}× the maximum sustained rate ` +
        `(${last.best?.rate ?? '–'} against ${first.best?.rate ?? '–'} /ask per second); ` +
        `peak answers per second ${peak(last).toFixed(1)} against ${peak(first).toFixed(1)} ` +
        `(${(peak(last) / peak(first)).toFixed(2)}×)`,
      '',
      possibleRatioLine(first, last),
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The ratio the CPU figures allow on this machine's cores, from each run's highest passing step: what a run
 * can answer is bounded by its bots' main threads (one core each) and by all parts together on all cores.
 */
function possibleRatioLine(first: Saturation, last: Saturation): string {
  const cores = os.cpus().length;
  const per = (run: Saturation) => (run.best ? cpuPerAnswer(run.best.cpu, run.best.outcome.answered) : null);
  const [one, two] = [per(first), per(last)];
  if (!one || !two) return 'ratio the CPU figures allow: – (a run had no passing step)';
  const [rateOne, rateTwo] = [ratePossible(one, first.replicas, cores), ratePossible(two, last.replicas, cores)];
  return (
    `ratio the CPU figures allow on ${cores} cores (at each run's highest passing step): ${(rateTwo / rateOne).toFixed(2)}× ` +
    `(${rateTwo.toFixed(0)} against ${rateOne.toFixed(0)} answers/s: ${first.replicas} bot's main thread ` +
    `${one.botsMain.toFixed(2)} ms per answer, all parts ${one.total.toFixed(2)} ms; with ${last.replicas}, ` +
    `main threads ${two.botsMain.toFixed(2)} ms, all parts ${two.total.toFixed(2)} ms)`
  );
}
