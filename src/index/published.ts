import path from 'node:path';
import type { Engine, IndexPublication } from '../engine';
import { ReindexBusyError } from '../errors';
import type { Logger } from '../log';
import { openVersionStore, type PublishedVersion, type VersionStore } from '../db/index-versions';
import { currentIndexDir } from './disk';

/**
 * Replicas that share PostgreSQL serve one index: whichever process builds a version publishes it
 * (`publish`, called by the engine after every successful build), and every process follows the
 * publications (`follow`): told at once by NOTIFY, and by a poll when a notification was missed
 * (its connection lost), it fetches the newest version it does not serve and swaps it in.
 */

/** Tuning values for following published versions, each with why. */
export const FOLLOW_DEFAULTS = {
  /**
   * The poll behind NOTIFY: a version announced while the listening connection was down is found
   * within 15 s, well inside the 60 s every replica must serve it by; one indexed look-up per
   * replica every 15 s costs the database nothing.
   */
  pollMs: 15_000,
  /** A version whose fetch failed this many times is skipped until a newer one is published (no endless re-downloads). */
  attemptsPerVersion: 3,
} as const;

export interface IndexSharing extends IndexPublication {
  /** Follows publications into `engine` until `close`. */
  follow(engine: Engine): void;
  close(): Promise<void>;
}

/** Index versions shared through the store's PostgreSQL; undefined without DATABASE_URL (one process, its own index). */
export async function openIndexSharing(
  config: { indexDir: string; store: { databaseUrl: string | undefined } },
  log: Logger,
): Promise<IndexSharing | undefined> {
  const url = config.store.databaseUrl;
  if (url === undefined) return undefined;
  return shareIndexVersions({ versions: await openVersionStore(url, log), indexDir: config.indexDir, log });
}

export function shareIndexVersions(input: {
  versions: VersionStore;
  indexDir: string;
  log: Logger;
  pollMs?: number;
}): IndexSharing {
  const { versions, indexDir, log } = input;
  /** The newest publication this process has served or made: a version older than it is never swapped in. */
  let newestSeen = 0;
  const failures = new Map<string, number>();
  let stopListening: (() => Promise<void>) | null = null;
  let poll: NodeJS.Timeout | undefined;

  const fetchLogged = async (published: PublishedVersion, basedOn: string | null) => {
    const started = performance.now();
    const { dir, bytes } = await versions.fetchInto(indexDir, published, basedOn);
    log.info('Fetched a published index version', {
      version: published.version,
      seq: published.seq,
      bytes,
      fetchSeconds: round((performance.now() - started) / 1000),
      publishedBy: published.publishedBy,
    });
    return dir;
  };

  const catchUp = async () => {
    const latest = await versions.latest();
    if (!latest) return;
    const liveDir = await currentIndexDir(indexDir).catch(() => null);
    const live = liveDir && path.basename(liveDir);
    if (live !== latest.version) await fetchLogged(latest, live);
    newestSeen = latest.seq;
  };

  const publish = async (dir: string) => {
    const started = performance.now();
    const published = await versions.publish(dir);
    newestSeen = Math.max(newestSeen, published.seq);
    log.info('Published the index version', {
      version: published.version,
      seq: published.seq,
      bytes: published.bytes,
      publishSeconds: round((performance.now() - started) / 1000),
    });
  };

  /** Swaps in the newest published version when it is newer than what this process serves. */
  const check = async (engine: Engine) => {
    const latest = await versions.latest();
    if (!latest || latest.seq <= newestSeen) return;
    if (latest.version === engine.version()) {
      newestSeen = latest.seq;
      return;
    }
    if ((failures.get(latest.version) ?? 0) >= FOLLOW_DEFAULTS.attemptsPerVersion) return;
    if (latest.model !== engine.embeddingModel) {
      failures.set(latest.version, FOLLOW_DEFAULTS.attemptsPerVersion);
      log.warn('A published index version was built with another embedding model; every replica needs the same', {
        version: latest.version,
        model: latest.model,
        ours: engine.embeddingModel,
      });
      return;
    }
    try {
      await engine.adopt((liveDir) => fetchLogged(latest, path.basename(liveDir)));
    } catch (error) {
      // The next poll tries again: a reindex here finishes (and publishes its own), or the fetch recovers.
      if (error instanceof ReindexBusyError) return;
      failures.set(latest.version, (failures.get(latest.version) ?? 0) + 1);
      log.warn('Could not fetch a published index version; the live one keeps serving', {
        version: latest.version,
        error,
      });
      return;
    }
    newestSeen = latest.seq;
    log.info('Serving a published index version', {
      version: latest.version,
      secondsSincePublished: round((Date.now() - latest.publishedAt.getTime()) / 1000),
    });
  };

  return {
    catchUp,
    publish,
    follow(engine) {
      // One check at a time; a notification during one asks for another after it.
      let running: Promise<void> | null = null;
      let again = false;
      const trigger = () => {
        if (running) {
          again = true;
          return;
        }
        running = check(engine)
          .catch((error: unknown) => log.warn('Could not look for published index versions', { error }))
          .finally(() => {
            running = null;
            if (again) {
              again = false;
              trigger();
            }
          });
      };
      stopListening = versions.listen(trigger);
      poll = setInterval(trigger, input.pollMs ?? FOLLOW_DEFAULTS.pollMs);
      poll.unref();
      // A version published while this process was opening its index.
      trigger();
    },
    async close() {
      clearInterval(poll);
      await stopListening?.();
      await versions.close();
    },
  };
}

const round = (seconds: number) => Math.round(seconds * 100) / 100;
