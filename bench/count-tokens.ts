import { AutoTokenizer, env, type Tensor } from '@huggingface/transformers';
import { embeddingText } from '../src/index/build';
import { readIndex } from '../src/index/disk';
import { textReader } from '../src/index/disk-text';

/**
 * Tokens the build embedded, for the peer comparison: every distinct chunk text (title included,
 * as the build sends it; repeats are embedded once) through the model's tokenizer, truncated as
 * the embedder truncates. Run after the measured runs, so the counting is not in their figures:
 * node --import tsx bench/count-tokens.ts <indexDir> <modelsDir> <modelId>. Prints one JSON line.
 */
const [indexDir, modelsDir, modelId] = process.argv.slice(2);
if (!indexDir || !modelsDir || !modelId) throw new Error('usage: count-tokens.ts <indexDir> <modelsDir> <modelId>');
env.allowLocalModels = true;
env.allowRemoteModels = false;
env.localModelPath = modelsDir;
const index = await readIndex(indexDir);
if (index === null) throw new Error(`no index in ${indexDir}`);
const tokenizer = await AutoTokenizer.from_pretrained(modelId);
const text = textReader(index);
const seen = new Set<string>();
const chunks = [...index.chunks.values()].sort((a, b) => a.label - b.label);
let tokens = 0;
let embedded = 0;
for (let start = 0; start < chunks.length; start += 512) {
  const texts: string[] = [];
  for (const chunk of chunks.slice(start, start + 512)) {
    const article = index.articles.get(chunk.articleId)!;
    const chunkText = embeddingText(chunk, article, text(article));
    if (seen.has(chunkText)) continue;
    seen.add(chunkText);
    texts.push(chunkText);
  }
  embedded += texts.length;
  if (texts.length === 0) continue;
  const mask: unknown = (tokenizer(texts, { padding: true, truncation: true }) as Record<string, Tensor>)[
    'attention_mask'
  ]?.data;
  if (!(mask instanceof BigInt64Array)) throw new Error('the tokenizer gave no attention mask');
  for (const value of mask) tokens += Number(value);
}
process.stdout.write(`${JSON.stringify({ articles: index.articles.size, chunks: chunks.length, embedded, tokens })}\n`);
