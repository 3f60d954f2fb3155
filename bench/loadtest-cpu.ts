import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time of the load test's parts, from /proc (Linux), so a figure taken on a shared machine can
 * be read against what the bots themselves spent, and so the load generator and the fake Discord
 * (both in the load test's own process, on the same two cores) can be seen not to be the bottleneck.
 */

/** Clock ticks per second of /proc's CPU fields: 100 on every Linux this runs on (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  ppid: number;
  /** utime + stime, and cutime + cstime (children waited for), in seconds. */
  own: number;
  reaped: number;
}

/** `/proc/<pid>/stat` (the whole process, all its threads) or, with `thread`, `/proc/<pid>/task/<thread>/stat`. */
function statOf(pid: number, thread?: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return null;
    throw error;
  }
  // Fields after the command name (which may hold spaces and parentheses) start after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const at = (n: number) => Number(fields[n - 3]);
  return {
    ppid: at(4),
    own: (at(14) + at(15)) / TICKS_PER_SECOND,
    reaped: (at(16) + at(17)) / TICKS_PER_SECOND,
  };
}

/** Parent pid → child pids, for every process on the machine. */
function childrenTable(): Map<number, number[]> {
  const table = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (!stat) continue;
    table.set(stat.ppid, [...(table.get(stat.ppid) ?? []), Number(entry)]);
  }
  return table;
}

/** CPU seconds a process and all its descendants have used, living or exited (and waited for). */
function treeSeconds(pid: number, children: Map<number, number[]>): number {
  const stat = statOf(pid);
  if (!stat) return 0;
  let total = stat.own + stat.reaped;
  for (const child of children.get(pid) ?? []) total += treeSeconds(child, children);
  return total;
}

/** The main thread's own CPU seconds (the thread whose id is the pid): a Node process's JavaScript runs there. */
function mainThreadSeconds(pid: number): number {
  return statOf(pid, pid)?.own ?? 0;
}

/**
 * CPU seconds of the whole machine (all cores) since boot, from /proc/stat's first line: busy, and of that
 * interrupts and softirqs (loopback networking is processed there when the kernel does not charge it to the
 * process that sent it).
 */
function machineSeconds(): { busy: number; irq: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user and nice.
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const steal = ticks[7] ?? 0;
  return {
    busy: (total - idle - steal) / TICKS_PER_SECOND,
    irq: ((ticks[5] ?? 0) + (ticks[6] ?? 0)) / TICKS_PER_SECOND,
  };
}

/** The parts whose CPU time is counted: each a list of root pids (their descendants count too). */
export type CpuParts = Record<string, number[]>;

export interface CpuFigures {
  wallSeconds: number;
  /** CPU seconds per part over the window; `loadtest` is this process (load generator + fake Discord). */
  seconds: Record<string, number>;
  /**
   * Of `seconds`, what the parts' main threads used (summed over the part's root pids; `loadtest` too). A
   * replica answers on its main thread, so its main thread's share bounds what one replica can do on one core;
   * the rest (GC and libuv threads, and every other part) competes with the replicas for the other cores.
   */
  mainThreadSeconds: Record<string, number>;
  /** Cores the whole machine kept busy on average, ours and everyone else's (steal time left out). */
  machineBusyCores: number;
  /** Of those, cores in interrupts and softirqs (not charged to any process). */
  machineIrqCores: number;
}

export interface CpuMeter {
  /**
   * The figures since the meter started. A process that has exited counts what it had used when last
   * read: read now and then (the load test does, every second) to count a killed replica's share.
   */
  read(): CpuFigures;
}

export function startCpuMeter(parts: () => CpuParts): CpuMeter {
  /** Highest reading per part and root pid: a pid gone reads 0, its last reading stands. */
  const seen = new Map<string, number>();
  const highest = (key: string, value: number) => {
    const kept = Math.max(value, seen.get(key) ?? 0);
    seen.set(key, kept);
    return kept;
  };
  const sample = () => {
    const children = childrenTable();
    const seconds: Record<string, number> = {};
    const main: Record<string, number> = {};
    for (const [name, pids] of Object.entries(parts())) {
      seconds[name] = 0;
      main[name] = 0;
      for (const pid of pids) {
        seconds[name] += highest(`${name}:${pid}`, treeSeconds(pid, children));
        main[name] += highest(`${name}:${pid}:main`, mainThreadSeconds(pid));
      }
    }
    const usage = process.cpuUsage();
    seconds['loadtest'] = (usage.user + usage.system) / 1e6;
    main['loadtest'] = mainThreadSeconds(process.pid);
    return { at: performance.now(), seconds, main, machine: machineSeconds() };
  };
  const start = sample();
  const since = (end: Record<string, number>, begin: Record<string, number>) =>
    Object.fromEntries(Object.entries(end).map(([name, value]) => [name, value - (begin[name] ?? 0)]));
  return {
    read() {
      const end = sample();
      const wallSeconds = (end.at - start.at) / 1000;
      return {
        wallSeconds,
        seconds: since(end.seconds, start.seconds),
        mainThreadSeconds: since(end.main, start.main),
        machineBusyCores: (end.machine.busy - start.machine.busy) / wallSeconds,
        machineIrqCores: (end.machine.irq - start.machine.irq) / wallSeconds,
      };
    },
  };
}

/** Milliseconds of CPU per answer, by part. */
export interface CpuPerAnswer {
  /** The bots' main threads: where a bot answers, one core at most per bot. */
  botsMain: number;
  /** The bots' other threads (V8's GC helpers, libuv's pool). */
  botsOther: number;
  postgres: number;
  haproxy: number;
  /** This process: the load generator (building, signing and posting interactions) and the fake Discord. */
  loadtest: number;
  /** Interrupts and softirqs, machine-wide. */
  irq: number;
  total: number;
}

export function cpuPerAnswer(cpu: CpuFigures, answered: number): CpuPerAnswer | null {
  if (answered === 0) return null;
  const ms = (seconds: number | undefined) => ((seconds ?? 0) * 1000) / answered;
  const botsMain = ms(cpu.mainThreadSeconds['bots']);
  const parts = {
    botsMain,
    botsOther: ms(cpu.seconds['bots']) - botsMain,
    postgres: ms(cpu.seconds['postgres']),
    haproxy: ms(cpu.seconds['haproxy']),
    loadtest: ms(cpu.seconds['loadtest']),
    irq: ms(cpu.machineIrqCores * cpu.wallSeconds),
  };
  return { ...parts, total: Object.values(parts).reduce((a, b) => a + b, 0) };
}

/**
 * Answers a second `bots` bots can give on `cores` cores at these CPU costs: each bot's main thread is one core
 * at most, and everything (bots, database, balancer, load test, kernel) shares the cores.
 */
export function ratePossible(perAnswer: CpuPerAnswer, bots: number, cores: number): number {
  return Math.min((bots * 1000) / perAnswer.botsMain, (cores * 1000) / perAnswer.total);
}
