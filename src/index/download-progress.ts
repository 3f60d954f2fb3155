import cliProgress from 'cli-progress';
import type { DownloadProgress } from './embedder';

export interface DownloadProgressBar {
  /** Pass as `onDownloadProgress` to `loadEmbedder`. */
  onDownloadProgress: (progress: DownloadProgress) => void;
  /** Removes the bars; call once the model has loaded (or failed to). */
  stop: () => void;
}

/**
 * One bar per model file, drawn on stderr (stdout belongs to answers). Bars appear on the
 * first progress event, so a model already on disk draws little or nothing.
 */
export function downloadProgressBar(
  options: { stream?: NodeJS.WritableStream; drawWithoutTty?: boolean } = {},
): DownloadProgressBar {
  const multi = new cliProgress.MultiBar(
    {
      stream: options.stream ?? process.stderr,
      noTTYOutput: options.drawWithoutTty ?? false,
      format: 'Downloading {file} [{bar}] {percentage}% | {loadedMb}/{totalMb} MB',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  const megabytes = (bytes: number) => (bytes / 1_048_576).toFixed(1);

  return {
    onDownloadProgress({ file, loaded, total }) {
      if (!(total > 0)) return;
      const payload = { file, loadedMb: megabytes(loaded), totalMb: megabytes(total) };
      const bar = bars.get(file);
      if (bar === undefined) bars.set(file, multi.create(total, loaded, payload));
      else bar.update(loaded, payload);
    },
    // A MultiBar that drew nothing still ends its (empty) output with a line break.
    stop: () => {
      if (bars.size > 0) multi.stop();
    },
  };
}
