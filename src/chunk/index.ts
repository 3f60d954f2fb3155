export { chunkArticle, defaultChunkOptions, type ChunkOptions } from './chunk-article';
export type { Chunk } from './types';
