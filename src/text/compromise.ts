import { createRequire } from 'node:module';
import type compromise from 'compromise';

/**
 * compromise, loaded as its one-file CommonJS build. Its ES module entry is some 450 files: 1.1-1.5 s
 * and 41 MB to load, against 0.65-0.77 s and 27 MB for the build with the same lexicon and API
 * (2 vCPU AMD EPYC under load, 2026-12-06). Every answer needs it, so this is most of a first answer.
 */
const nlp = createRequire(import.meta.url)('compromise') as typeof compromise;
export default nlp;
