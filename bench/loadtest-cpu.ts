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

function statOf(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
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

/** Busy CPU seconds of the whole machine (all cores) since boot, from /proc/stat's first line. */
function machineSeconds(): { busy: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  // idle and iowait are the 4th and 5th.
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND };
}

/** The parts whose CPU time is counted: each a list of root pids (their descendants count too). */
export type CpuParts = Record<string, number[]>;

export interface CpuFigures {
  wallSeconds: number;
  /** CPU seconds per part over the window; `loadtest` is this process (load generator + fake Discord). */
  seconds: Record<string, number>;
  /** Cores the whole machine kept busy on average, ours and everyone else's. */
  machineBusyCores: number;
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
  const sample = () => {
    const children = childrenTable();
    const seconds: Record<string, number> = {};
    for (const [name, pids] of Object.entries(parts())) {
      seconds[name] = 0;
      for (const pid of pids) {
        const key = `${name}:${pid}`;
        const value = Math.max(treeSeconds(pid, children), seen.get(key) ?? 0);
        seen.set(key, value);
        seconds[name] += value;
      }
    }
    const usage = process.cpuUsage();
    seconds['loadtest'] = (usage.user + usage.system) / 1e6;
    return { at: performance.now(), seconds, machine: machineSeconds() };
  };
  const start = sample();
  return {
    read() {
      const end = sample();
      const seconds: Record<string, number> = {};
      for (const [name, value] of Object.entries(end.seconds)) seconds[name] = value - (start.seconds[name] ?? 0);
      const wallSeconds = (end.at - start.at) / 1000;
      return { wallSeconds, seconds, machineBusyCores: (end.machine.busy - start.machine.busy) / wallSeconds };
    },
  };
}
