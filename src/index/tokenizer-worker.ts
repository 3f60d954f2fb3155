import { skipNativeAddons } from './native-addon-guard';

/**
 * Entry of a tokenizer worker (see tokenizer-worker-loop.ts): transformers.js's native addons must
 * not start on this thread (see native-addon-guard.ts), so transformers.js is imported only after
 * the guard, through a dynamic import that static imports cannot run ahead of.
 */
skipNativeAddons();
await import('./tokenizer-worker-loop');
