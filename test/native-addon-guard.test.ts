import { Worker } from 'node:worker_threads';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { workerEntryCode } from '../src/worker-entry';

type Entry = 'tokenizer-worker' | 'transformers';

/** The native libraries a fresh worker thread opened while importing `entry`. */
async function openedBy(entry: Entry): Promise<string[]> {
  const worker = new Worker(workerEntryCode(import.meta.url, 'support/native-addon-probe'), {
    eval: true,
    workerData: { entry, modelId: 'no-such-model', modelsDir: '/nonexistent', allowRemote: false },
  });
  try {
    for (;;) {
      const [message] = (await once(worker, 'message')) as [{ opened?: string[] }];
      if (message.opened) return message.opened;
    }
  } finally {
    await worker.terminate();
  }
}

// The tokenizer workers of a build must not start onnxruntime-node's binding (nor sharp): a second thread's
// copy corrupted the heap of the thread running the model once a worker had stopped (see
// src/index/native-addon-guard.ts). The second row shows the probe sees the binding when it opens.
describe('native addons on tokenizer threads', () => {
  it.each<{ entry: Entry; binding: boolean }>([
    { entry: 'tokenizer-worker', binding: false },
    { entry: 'transformers', binding: true },
  ])('importing $entry opens onnxruntime and sharp: $binding', async ({ entry, binding }) => {
    const opened = await openedBy(entry);
    expect(opened.some((file) => /onnxruntime_binding\.node$/.test(file))).toBe(binding);
    expect(opened.some((file) => /sharp[^/]*\.node$/.test(file))).toBe(binding);
  });
});
