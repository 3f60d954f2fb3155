import { z } from 'zod';
import type { FileFields } from './formats';

/** One article's fields as found in a .json/.jsonl record, before cleaning. */
export type RecordFields = FileFields & {
  /** Position used in the article id (`<stem>#<index>`), counted from 0. */
  index: number;
  /** Where the record is, for messages: `line 3` (jsonl) or `record 2` (json). */
  where: string;
};

export interface RecordProblem {
  where: string;
  reason: string;
}

const optionalText = z.union([z.string(), z.null()]).optional();
/** Besides the documented names, accepts the field names of common news dumps (body, publish_date, ...). */
const recordSchema = z.object({
  title: optionalText,
  text: optionalText,
  body: optionalText,
  content: optionalText,
  outlet: optionalText,
  outlet_domain: optionalText,
  url: optionalText,
  published: optionalText,
  publish_date: optionalText,
  date: optionalText,
  show: optionalText,
});

function present(...values: (string | null | undefined)[]): string | null {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value;
  return null;
}

/** Checks one parsed record's fields: the article's fields, or why the record cannot be one. */
export function toRecord(value: unknown, index: number, where: string): RecordFields | RecordProblem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { where, reason: 'not a JSON object' };
  }
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    return { where, reason: `fields must be strings or null: ${fields}` };
  }
  const r = parsed.data;
  const title = present(r.title);
  const text = present(r.text, r.body, r.content);
  if (text === null) return { where, reason: 'missing text' };
  return {
    index,
    where,
    title,
    text,
    outlet: present(r.outlet, r.outlet_domain),
    url: present(r.url),
    published: present(r.published, r.publish_date, r.date),
    show: present(r.show),
  };
}

export function isProblem<T extends object>(value: T | RecordProblem): value is RecordProblem {
  return 'reason' in value;
}

export interface ParsedRecords {
  records: RecordFields[];
  problems: RecordProblem[];
}

function split(results: (RecordFields | RecordProblem)[]): ParsedRecords {
  return {
    records: results.filter((r): r is RecordFields => !isProblem(r)),
    problems: results.filter(isProblem),
  };
}

/** A .json file: one article object or an array of them. Throws only when the file is not JSON at all. */
export function parseJsonRecords(source: string): ParsedRecords {
  const value: unknown = JSON.parse(source);
  if (Array.isArray(value)) return split(value.map((item, i) => toRecord(item, i, `record ${i}`)));
  return split([toRecord(value, 0, 'record 0')]);
}
