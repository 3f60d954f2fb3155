import { percentile } from './stats';
import type { Machine } from './machine';
import { cpuPerAnswer, type CpuFigures } from './loadtest-cpu';

/** What one load test run measured; `npm run loadtest -- --json <file>` writes it. */
export interface LoadResult {
  date: string;
  machine: Machine;
  commit: string;
  rate: number;
  durationSeconds: number;
  articles: number;
  sent: number;
  answered: number;
  /** Milliseconds from sending an /ask to the bot's first response (its deferral). */
  firstResponseMs: Percentiles | null;
  /** Milliseconds from sending an /ask to the message carrying its answer. */
  answerMs: Percentiles | null;
  /** First responses later than Discord's 3-second deadline (or never). */
  pastDeadline: number;
  reindex: {
    articles: number;
    /** Seconds from sending /reindex to the bot's last word on it; null when it never came. */
    seconds: number | null;
    outcome: string;
    /** /ask interactions sent while it ran, and their first-response p99. */
    asksDuring: number;
    firstResponseP99During: number | null;
    /** Peak RSS of the bot's child processes (the reindex process), MB. */
    childPeakRssMb: number | null;
  } | null;
  /** The bot process's RSS, MB: at the start of the load, its peak, at the end. */
  botRssMb: { start: number; peak: number; end: number };
  loadAverage: { start: number[]; end: number[] };
  /** How interactions reached the bot: the gateway, HTTP, or N replicas behind HAProxy. */
  interactions?: string;
  /** Seconds into the load one replica was killed with SIGKILL. */
  killedAtSeconds?: number;
  /** Interactions given more than one first response (answered twice). */
  answeredTwice?: number;
  /** Interactions never answered, by the replica that took them (see Outcome in loadtest-traffic.ts). */
  lostByReplica?: Record<string, number>;
  /** When each unanswered interaction was sent, in seconds into the load. */
  lostAtSeconds?: number[];
  /** CPU time of each part over the load and its grace period (see loadtest-cpu.ts). */
  cpu?: CpuFigures;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentilesOf(samples: number[]): Percentiles | null {
  if (samples.length === 0) return null;
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: Math.max(...samples),
  };
}

const ms = (value: number | undefined) =>
  value === undefined ? '–' : `${Math.round(value).toLocaleString('en-US')} ms`;
const row = (name: string, p: Percentiles | null) =>
  `| ${name} | ${ms(p?.p50)} | ${ms(p?.p95)} | ${ms(p?.p99)} | ${ms(p?.max)} |`;
const loads = (values: number[]) => values.map((v) => v.toFixed(2)).join(' ');

export function formatLoadResult(result: LoadResult): string {
  const lines = [
    `## Load test ${result.date} (commit ${result.commit})`,
    '',
    `${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGb} GB, Node ${result.machine.node}; ` +
      `load average ${loads(result.loadAverage.start)} at the start, ${loads(result.loadAverage.end)} at the end`,
    '',
    `${result.rate} /ask per second for ${result.durationSeconds} s over ${result.articles.toLocaleString('en-US')} articles, distinct users`,
    ...(result.interactions
      ? [
          '',
          `interactions: ${result.interactions}` +
            (result.killedAtSeconds === undefined ? '' : `; one replica killed ${result.killedAtSeconds} s in`) +
            (result.answeredTwice === undefined ? '' : `; answered twice: ${result.answeredTwice}`),
        ]
      : []),
    '',
    `answered ${result.answered.toLocaleString('en-US')} / ${result.sent.toLocaleString('en-US')}; ` +
      `first response past 3 s: ${result.pastDeadline}`,
    '',
    '| | p50 | p95 | p99 | max |',
    '|---|---|---|---|---|',
    row('first response (defer)', result.firstResponseMs),
    row('answer', result.answerMs),
    '',
    `bot RSS: ${result.botRssMb.start} MB at the start of the load, peak ${result.botRssMb.peak} MB, ${result.botRssMb.end} MB at the end`,
    ...lostLine(result),
    ...cpuLines(result),
  ];
  const reindex = result.reindex;
  if (reindex) {
    lines.push(
      '',
      `/reindex of ${reindex.articles.toLocaleString('en-US')} new articles: ${reindex.outcome}` +
        (reindex.seconds === null ? '' : ` in ${reindex.seconds.toFixed(1)} s`) +
        `; ${reindex.asksDuring} /ask sent while it ran, first response p99 ${ms(reindex.firstResponseP99During ?? undefined)}` +
        (reindex.childPeakRssMb === null ? '' : `; reindex process peak RSS ${reindex.childPeakRssMb} MB`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function lostLine(result: LoadResult): string[] {
  const lost = Object.entries(result.lostByReplica ?? {});
  if (lost.length === 0) return [];
  const at = result.lostAtSeconds ?? [];
  return [
    '',
    `not answered, by the replica that took them: ${lost.map(([r, n]) => `${r} ${n}`).join(', ')}` +
      (at.length > 0 ? `; sent ${Math.min(...at)}–${Math.max(...at)} s into the load` : ''),
  ];
}

function cpuLines(result: LoadResult): string[] {
  const cpu = result.cpu;
  const per = cpu ? cpuPerAnswer(cpu, result.answered) : null;
  if (!cpu || !per) return [];
  const f = (ms: number) => `${ms.toFixed(2)} ms`;
  return [
    '',
    `CPU per answer over ${cpu.wallSeconds.toFixed(0)} s: ${f(per.total)}: bots ${f(per.botsMain)} on their main ` +
      `threads and ${f(per.botsOther)} on others, PostgreSQL ${f(per.postgres)}, HAProxy ${f(per.haproxy)}, ` +
      `this process (load generator and fake Discord) ${f(per.loadtest)}, interrupts ${f(per.irq)}; ` +
      `the machine kept ${cpu.machineBusyCores.toFixed(2)} cores busy`,
  ];
}
