import { createReadStream } from 'node:fs';
import { JSONParser } from '@streamparser/json';
import { describeError } from '../errors';
import type { RecordProblem } from './records';

/** One record as parsed, before its fields are checked: `value` is whatever the JSON held. */
export interface RawRecord {
  /** Position used in the article id (`<stem>#<index>`), counted from 0. */
  index: number;
  where: string;
  value: unknown;
}

export type StreamedRecord = RawRecord | RecordProblem;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

function oversized(bytes: number, maxBytes: number): string {
  return `oversized: ${bytes} bytes is over the ${maxBytes}-byte limit (MAX_ARTICLE_BYTES)`;
}

/**
 * The records of a .jsonl file, read line by line from disk, so a file of any size loads with
 * memory for one line at a time. A line longer than `maxBytes` is skipped without being kept
 * (its bytes are dropped as they arrive); a bad line is reported and the rest still load.
 */
export async function* streamJsonLines(file: string, maxBytes: number): AsyncGenerator<StreamedRecord> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let dropped = false;
  let lineNumber = 0;
  let index = 0;

  const finishLine = (): StreamedRecord | null => {
    lineNumber += 1;
    const where = `line ${lineNumber}`;
    const wasDropped = dropped;
    const bytes = pendingBytes;
    const line = wasDropped ? null : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    dropped = false;
    if (line === null) {
      index += 1;
      return { where, reason: oversized(bytes, maxBytes) };
    }
    const end = line.at(-1) === CARRIAGE_RETURN ? line.length - 1 : line.length;
    const content = line.subarray(0, end);
    if (content.every((b) => b === 0x20 || b === 0x09)) return null;
    index += 1;
    return parseLine(content, index - 1, where);
  };

  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline < 0 ? chunk.length : newline;
      pendingBytes += end - start;
      if (pendingBytes > maxBytes) {
        dropped = true;
        pending = [];
      } else {
        pending.push(chunk.subarray(start, end));
      }
      if (newline < 0) break;
      const record = finishLine();
      if (record) yield record;
      start = newline + 1;
    }
  }
  if (pendingBytes > 0 || dropped) {
    const record = finishLine();
    if (record) yield record;
  }
}

function parseLine(line: Buffer, index: number, where: string): StreamedRecord {
  if (line.includes(0)) return { where, reason: 'binary: the line contains NUL bytes, not text' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(line);
  } catch {
    return { where, reason: 'undecodable: not valid UTF-8 text' };
  }
  try {
    return { index, where, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { where, reason: `bad JSON: ${describeError(error)}` };
  }
}

/**
 * The records of a .json file holding one array, parsed item by item as the file is read, so a
 * dump larger than memory allows loads whole. A record whose JSON is larger than `maxBytes` is
 * skipped. Broken JSON ends the file there: the records before it are kept and the break reported.
 */
export async function* streamJsonArray(file: string, maxBytes: number): AsyncGenerator<StreamedRecord> {
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const ready: StreamedRecord[] = [];
  let index = 0;
  let topLevelChecked = false;
  parser.onValue = ({ value }) => {
    const where = `record ${index}`;
    const size = Buffer.byteLength(JSON.stringify(value) ?? '');
    ready.push(size > maxBytes ? { where, reason: oversized(size, maxBytes) } : { index, where, value });
    index += 1;
  };
  const broken = (reason: string): RecordProblem => ({ where: `after record ${index - 1}`, reason });

  const isBlank = (b: number) => b === 0x20 || b === 0x09 || b === NEWLINE || b === CARRIAGE_RETURN;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    if (parser.isEnded) {
      // The array is closed; only whitespace may follow it.
      if (chunk.every(isBlank)) continue;
      yield broken('bad JSON: data after the closing ]');
      return;
    }
    if (!topLevelChecked) {
      const first = chunk.find((b) => !isBlank(b) && b !== 0xef && b !== 0xbb && b !== 0xbf);
      if (first === undefined) continue;
      topLevelChecked = true;
      if (first !== 0x5b /* [ */) {
        yield { where: 'file', reason: 'oversized: a .json file over MAX_ARTICLE_BYTES must hold an array of records' };
        return;
      }
    }
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      yield broken('undecodable: not valid UTF-8 text');
      return;
    }
    try {
      parser.write(chunk);
    } catch (error) {
      yield* ready.splice(0);
      yield broken(`bad JSON: ${describeError(error)}`);
      return;
    }
    yield* ready.splice(0);
  }
  try {
    if (!parser.isEnded) parser.end();
  } catch (error) {
    yield* ready.splice(0);
    yield broken(`bad JSON: ${describeError(error)}`);
    return;
  }
  yield* ready.splice(0);
}
