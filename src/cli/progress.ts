import cliProgress from 'cli-progress';
import type { ReindexProgress } from '../index/types';

/**
 * A progress bar on stderr for a reindex, one bar per phase; stdout stays free for answers and JSON.
 * `drawWithoutTty` prints the bar as a line every few seconds when stderr is a file or pipe.
 */
export function reindexProgressBar(options: { drawWithoutTty?: boolean } = {}): {
  onProgress: (progress: ReindexProgress) => void;
  stop: () => void;
} {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      noTTYOutput: options.drawWithoutTty ?? false,
      format: ' {phase} [{bar}] {value}/{total}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: ReindexProgress['phase'] | null = null;
  return {
    onProgress(progress) {
      if (progress.phase !== phase) {
        if (phase !== null) bar.stop();
        phase = progress.phase;
        bar.start(progress.total, progress.done, { phase: progress.phase.padEnd(9) });
      } else {
        bar.setTotal(progress.total);
        bar.update(progress.done);
      }
    },
    stop: () => {
      if (phase !== null) bar.stop();
    },
  };
}

/** A bar on stderr counting items (e.g. questions asked), drawn as a line every few seconds without a TTY. */
export function countProgressBar(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      noTTYOutput: true,
      format: ` ${label.padEnd(9)} [{bar}] {value}/{total} | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        started = true;
        bar.start(total, done);
      } else bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
