import { createReadStream } from 'node:fs';
import path from 'node:path';
import { JSONParser } from '@streamparser/json';

/**
 * Top frames of a V8 .cpuprofile (from `npm run bench -- --profile`, `node --cpu-prof`), by self time
 * and by inclusive time, and the hottest lines; or of a sampling heap profile (`.heapprofile`, e.g.
 * from `ASK_PROFILE_HEAP=… npx tsx bench/ask-profile.ts ask …`), by bytes allocated.
 * Usage: npx tsx bench/profile-top.ts <file> [rows]
 *
 * The file is parsed as a stream, value by value: a profile of a long run can be larger than the
 * longest string V8 makes (about 512 MB), which reading it whole and JSON.parse cannot take.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}

interface HeapNode {
  callFrame: CallFrame;
  selfSize: number;
  children: HeapNode[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile | file.heapprofile> [rows]');
const rows = Number(rowsArg ?? 25);

const profile = await readProfile(file);
const output =
  'head' in profile
    ? heapReport(profile.head as HeapNode)
    : cpuReport(profile.nodes as ProfileNode[], profile.samples as number[], profile.timeDeltas as number[]);
process.stdout.write(`${path.basename(file)}: ${output}`);

/** The profile's top-level fields, each parsed on its own as the file streams in. */
async function readProfile(from: string): Promise<Record<string, unknown>> {
  const fields: Record<string, unknown> = {};
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  parser.onValue = ({ value, key }) => {
    if (typeof key === 'string') fields[key] = value;
  };
  for await (const data of createReadStream(from)) parser.write(data as Buffer);
  if (!('head' in fields) && !('nodes' in fields)) throw new Error(`${from} is neither a CPU nor a heap profile`);
  return fields;
}

function frameName(frame: CallFrame): string {
  const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'} ${where}`.trim();
}

function cpuReport(nodes: ProfileNode[], samples: number[], timeDeltas: number[]): string {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfMs = new Map<number, number>();
  for (let i = 0; i < samples.length; i++)
    selfMs.set(samples[i]!, (selfMs.get(samples[i]!) ?? 0) + (timeDeltas[i] ?? 0) / 1000);
  let total = 0;
  for (const ms of selfMs.values()) total += ms;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const name = frameName(byId.get(id)!.callFrame);
    self.set(name, (self.get(name) ?? 0) + ms);
    // Each frame name counted once per sample, even when recursive.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = frameName(byId.get(at)!.callFrame);
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + ms);
    }
  }

  // Ticks by source line (V8 records them per node): where inside a hot function the time goes.
  const lines = new Map<string, number>();
  let ticks = 0;
  for (const node of nodes) {
    for (const { line, ticks: count } of node.positionTicks ?? []) {
      const name = `${node.callFrame.functionName || '(anonymous)'} ${path.basename(node.callFrame.url)}:${line}`;
      lines.set(name, (lines.get(name) ?? 0) + count);
      ticks += count;
    }
  }
  const seconds = (ms: number) =>
    `${(ms / 1000).toFixed(2).padStart(8)} s ${((ms / total) * 100).toFixed(1).padStart(5)}%`;
  const share = (count: number) => `${String(count).padStart(8)}   ${((count / ticks) * 100).toFixed(1).padStart(5)}%`;
  return (
    `${(total / 1000).toFixed(1)} s sampled\n\nself time:\n${top(self, seconds)}\n\ninclusive time:\n${top(inclusive, seconds)}\n` +
    `\nhottest lines (ticks):\n${top(lines, share)}\n`
  );
}

function heapReport(head: HeapNode): string {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  // Depth first with an explicit stack: a deep tree would overflow the call stack of a recursive walk.
  const stack: { node: HeapNode; above: Set<string> }[] = [{ node: head, above: new Set() }];
  const subtotal = new Map<HeapNode, number>();
  const order: { node: HeapNode; above: Set<string> }[] = [];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    order.push(entry);
    const name = frameName(entry.node.callFrame);
    const above = new Set(entry.above).add(name);
    for (const child of entry.node.children) stack.push({ node: child, above });
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const { node } = order[i]!;
    let bytes = node.selfSize;
    for (const child of node.children) bytes += subtotal.get(child) ?? 0;
    subtotal.set(node, bytes);
  }
  for (const { node, above } of order) {
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    // A frame's inclusive bytes once, at its outermost call: a recursive frame would count twice.
    if (!above.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + subtotal.get(node)!);
  }
  const megabytes = (bytes: number) =>
    `${(bytes / 1024 ** 2).toFixed(1).padStart(8)} MB ${((bytes / total) * 100).toFixed(1).padStart(5)}%`;
  return `${(total / 1024 ** 2).toFixed(1)} MB allocated (sampled)\n\nself:\n${top(self, megabytes)}\n\ninclusive:\n${top(inclusive, megabytes)}\n`;
}

function top(map: Map<string, number>, format: (value: number) => string): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, rows)
    .map(([name, value]) => `${format(value)}  ${name}`)
    .join('\n');
}
