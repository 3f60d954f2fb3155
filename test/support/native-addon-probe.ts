import { parentPort, workerData } from 'node:worker_threads';

// Runs as a worker thread (native-addon-guard.test.ts): imports a tokenizer worker's entry, or
// transformers.js alone, and reports the native libraries this thread tried to open meanwhile
// (a second thread's copy of onnxruntime's binding may fail to load: the attempt is what counts).
const opened: string[] = [];
const dlopen = process.dlopen.bind(process);
process.dlopen = (module: object, file: string, flags?: number) => {
  opened.push(file);
  return flags === undefined ? dlopen(module, file) : dlopen(module, file, flags);
};
const { entry } = workerData as { entry: 'tokenizer-worker' | 'transformers' };
// The tokenizer worker reads its model source from workerData; a missing model only makes it
// answer `failed`, after it has imported what it imports.
let failure: string | undefined;
try {
  if (entry === 'tokenizer-worker') await import('../../src/index/tokenizer-worker');
  else await import('@huggingface/transformers');
} catch (error) {
  failure = error instanceof Error ? error.message : String(error);
}
parentPort?.postMessage({ opened, failure });
