import type {
  FakeDiscord,
  HttpReply,
  PreparedInteraction,
  RecordedRequest,
  SentInteraction,
} from '../test/support/fake-discord';
import { percentilesOf, type Percentiles } from './loadtest-report';

/**
 * The load test's traffic: /ask questions sent at a steady rate by distinct members, and what came
 * back, read from the fake Discord's record as it grows (each request looked at once, so following
 * thousands of interactions stays cheap for this process, which shares the cores with the bots).
 */

/** How long Discord waits for the first response to an interaction. */
export const DEADLINE_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Questions that go through retrieval and composition, made from the article titles. Not "what is the
 * latest on …", which the bot answers like /latest (a headline list) without composing an answer.
 */
const QUESTION_FORMS = [
  (title: string) => `Who is behind ${title}?`,
  (title: string) => `When does ${title} happen?`,
  (title: string) => `Where is ${title} set?`,
  (title: string) => `What does the story ${title} report?`,
];

export function questionFor(titles: string[], i: number): string {
  const title = (titles[i % Math.max(1, titles.length)] ?? 'the news').slice(0, 200);
  return QUESTION_FORMS[Math.floor(i / Math.max(1, titles.length)) % QUESTION_FORMS.length]!(title);
}

export interface Sent extends SentInteraction {
  at: number;
  /** Whether a /reindex was running when it was sent. */
  duringReindex: boolean;
  /** Filled in once the HTTP reply (HTTP mode) has come back. */
  reply?: HttpReply;
}

/** What the fake Discord has seen of each interaction so far. */
export interface Tracker {
  /** Reads the requests recorded since the last call. */
  update(): void;
  /** When the interaction's first response arrived (in the HTTP reply or over REST). */
  firstResponseAt(id: string): number | undefined;
  /** How many first responses it got (more than one: answered twice). */
  firstResponses(id: string): number;
  /** When the last edit of its original message (the answer) arrived. */
  answerAt(token: string): number | undefined;
}

export function trackInteractions(fake: FakeDiscord): Tracker {
  let cursor = 0;
  const first = new Map<string, number>();
  const callbacks = new Map<string, number>();
  const answers = new Map<string, number>();
  const read = (request: RecordedRequest) => {
    if (request.method === 'POST') {
      const id = /^\/interactions\/(\d+)\//.exec(request.path)?.[1];
      if (!id) return;
      if (!first.has(id)) first.set(id, request.at);
      callbacks.set(id, (callbacks.get(id) ?? 0) + 1);
    } else if (request.method === 'PATCH') {
      const token = /\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(request.path)?.[1];
      if (token) answers.set(token, request.at);
    }
  };
  return {
    update() {
      for (; cursor < fake.requests.length; cursor++) read(fake.requests[cursor]!);
    },
    firstResponseAt: (id) => first.get(id),
    firstResponses: (id) => callbacks.get(id) ?? 0,
    answerAt: (token) => answers.get(token),
  };
}

/** Member ids for /ask: a new one for every question, so no cooldown ever refuses one. */
export function memberIds(start = 500_000_000_000_000_000n): () => string {
  let next = start;
  return () => (next += 1n).toString();
}

export interface SteadyLoad {
  fake: FakeDiscord;
  rate: number;
  seconds: number;
  titles: string[];
  /** Index of the first question (questions rotate through the titles and forms). */
  firstQuestion: number;
  member: () => string;
  /** Called before each send with the seconds elapsed; returns whether a /reindex is running. */
  beforeSend?: (elapsedSeconds: number) => Promise<boolean>;
}

/**
 * The /ask interactions of a steady load, built and signed before it starts: Discord builds and signs on its own
 * machines, so that work is kept out of the load's time and CPU figures (signing alone is about 55 µs each).
 */
export function prepareSteadily(load: Omit<SteadyLoad, 'beforeSend'>): PreparedInteraction[] {
  const total = Math.round(load.rate * load.seconds);
  return Array.from({ length: total }, (_, i) =>
    load.fake.prepareCommand(
      'ask',
      [{ name: 'question', type: 3, value: questionFor(load.titles, load.firstQuestion + i) }],
      {
        userId: load.member(),
      },
    ),
  );
}

/**
 * Sends /ask at `rate` per second for `seconds` (the interactions `prepared` for it, or made now), on a schedule
 * that does not drift when a send is late.
 */
export async function sendSteadily(load: SteadyLoad, prepared = prepareSteadily(load)): Promise<Sent[]> {
  const sent: Sent[] = [];
  const started = Date.now();
  for (const [i, interaction] of prepared.entries()) {
    const due = started + (i * 1000) / load.rate;
    const duringReindex = (await load.beforeSend?.((due - started) / 1000)) ?? false;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    const delivered = load.fake.send(interaction);
    const entry: Sent = { ...delivered, at: Date.now(), duringReindex };
    void delivered.httpReply?.then((reply) => (entry.reply = reply));
    sent.push(entry);
  }
  return sent;
}

/** Waits until every interaction is answered, or `graceMs` has passed. */
export async function waitForAnswers(tracker: Tracker, sent: Sent[], graceMs: number): Promise<void> {
  const end = Date.now() + graceMs;
  const open = new Set(sent.map((s) => s.token));
  while (Date.now() < end) {
    tracker.update();
    for (const token of open) if (tracker.answerAt(token) !== undefined) open.delete(token);
    if (open.size === 0) return;
    await sleep(100);
  }
}

export interface Outcome {
  sent: number;
  answered: number;
  firstResponseMs: Percentiles | null;
  answerMs: Percentiles | null;
  /** First responses later than Discord's 3-second deadline (or never). */
  pastDeadline: number;
  answeredTwice: number;
  /**
   * Not answered, by the replica that took the interaction (HAProxy's `x-replica`: r0 is the one killed),
   * else by the HTTP status without one (0: no connection), or "no HTTP reply" when none came back.
   */
  lostByReplica: Record<string, number>;
  /** Seconds after the first /ask each unanswered one was sent: those in flight when a replica died bunch up. */
  lostAtSeconds: number[];
}

export function outcomeOf(tracker: Tracker, sent: Sent[]): Outcome {
  tracker.update();
  const firstMs = (s: Sent) => {
    const at = tracker.firstResponseAt(s.id);
    return at === undefined ? null : at - s.at;
  };
  const answerMs = (s: Sent) => {
    const at = tracker.answerAt(s.token);
    return at === undefined ? null : at - s.at;
  };
  const lostByReplica: Record<string, number> = {};
  for (const s of sent.filter((s) => answerMs(s) === null)) {
    const replica = s.reply ? (s.reply.replica ?? `HTTP ${s.reply.status}`) : 'no HTTP reply';
    lostByReplica[replica] = (lostByReplica[replica] ?? 0) + 1;
  }
  const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);
  return {
    sent: sent.length,
    answered: sent.filter((s) => answerMs(s) !== null).length,
    firstResponseMs: percentilesOf(present(sent.map(firstMs))),
    answerMs: percentilesOf(present(sent.map(answerMs))),
    pastDeadline: sent.filter((s) => (firstMs(s) ?? Infinity) > DEADLINE_MS).length,
    answeredTwice: sent.filter((s) => tracker.firstResponses(s.id) > 1).length,
    lostByReplica,
    lostAtSeconds: sent
      .filter((s) => answerMs(s) === null)
      .map((s) => Math.round((s.at - (sent[0]?.at ?? s.at)) / 100) / 10),
  };
}
