import { createRequire, Module } from 'node:module';

/**
 * Keeps transformers.js's native addons from starting on this thread: it imports onnxruntime-node
 * and sharp as soon as it is loaded, even where only its tokenizer is wanted. onnxruntime-node
 * (1.21) keeps its JS class references in process-wide statics, so each thread that loads it
 * overwrites the previous thread's reference and deletes it from the wrong thread; after a
 * tokenizer worker had stopped, the next one deleted a reference of the freed worker. Heap
 * corruption of that kind aborted incremental reindexes ("free(): invalid next size", "corrupted
 * size vs. prev_size"; bench/reindex-abort-repro.ts, 2026-12-07). Here onnxruntime-node resolves
 * to onnxruntime-common (its Tensor class is all the tokenizer's code touches) and sharp to a
 * function that says images are not read here. Call before anything imports
 * @huggingface/transformers on this thread; never on the thread that runs the model.
 */
export function skipNativeAddons(): void {
  const require = createRequire(import.meta.url);
  const fromTransformers = createRequire(require.resolve('@huggingface/transformers'));
  standIn(fromTransformers.resolve('onnxruntime-node'), fromTransformers('onnxruntime-common') as unknown);
  standIn(fromTransformers.resolve('sharp'), () => {
    throw new Error('images are not read on a tokenizer thread');
  });

  // An ES import of a CommonJS file takes the loaded module from require's cache.
  function standIn(file: string, exports: unknown): void {
    const module = new Module(file);
    module.filename = file;
    module.exports = exports;
    module.loaded = true;
    require.cache[file] = module;
  }
}
