import cliProgress from 'cli-progress';
import type { ReindexProgress } from '../index/types';

/** A progress bar on stderr for a reindex, one bar per phase; stdout stays free for answers and JSON. */
export function reindexProgressBar(): { onProgress: (progress: ReindexProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
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
