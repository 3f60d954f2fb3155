// LangChain.js's documented ingest, for `npm run bench -- --peer`: load documents, split them with
// RecursiveCharacterTextSplitter (1000 / 200), embed with HuggingFaceTransformersEmbeddings, store in
// HNSWLib and save it. Installed apart from the project (bench/peer/package.json), so nothing here
// touches the bot's own dependencies.
//
//   node bench/peer/ingest.mjs <corpus.jsonl.gz> <modelsDir> <modelId> <outDir> [--count-tokens]
//
// Prints one JSON line: articles and chunks; with --count-tokens it embeds nothing and instead
// counts the tokens the embedding model would see (after truncation to the model's maximum length).
import { createReadStream } from 'node:fs';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { HuggingFaceTransformersEmbeddings } from '@langchain/community/embeddings/huggingface_transformers';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

const [file, modelsDir, modelId, outDir, mode] = process.argv.slice(2);
if (!file || !modelsDir || !modelId || !outDir) {
  throw new Error('usage: ingest.mjs <corpus.jsonl.gz> <modelsDir> <modelId> <outDir> [--count-tokens]');
}

// The same local model folder as the bot's, never a download.
env.allowLocalModels = true;
env.allowRemoteModels = false;
env.localModelPath = modelsDir;

// The records the bot's bench reads too: those with a title and a text.
const documents = [];
const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  const record = JSON.parse(line);
  const text = record.text ?? record.body ?? '';
  const title = record.title ?? '';
  if (text.trim() === '' || title.trim() === '') continue;
  documents.push(new Document({ pageContent: text, metadata: { title, url: record.url ?? null } }));
}

const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
const splits = await splitter.splitDocuments(documents);

if (mode === '--count-tokens') {
  const tokenizer = await AutoTokenizer.from_pretrained(modelId);
  let tokens = 0;
  for (let start = 0; start < splits.length; start += 512) {
    // HuggingFaceTransformersEmbeddings strips newlines before embedding (stripNewLines: true).
    const texts = splits.slice(start, start + 512).map((split) => split.pageContent.replace(/\n/g, ' '));
    const { attention_mask: mask } = tokenizer(texts, { padding: true, truncation: true });
    for (const value of mask.data) tokens += Number(value);
  }
  process.stdout.write(`${JSON.stringify({ articles: documents.length, chunks: splits.length, tokens })}\n`);
} else {
  const embeddings = new HuggingFaceTransformersEmbeddings({
    model: modelId,
    pretrainedOptions: { dtype: 'fp32' },
    // bge models are read from their [CLS] vector, as the bot does; others are mean-pooled (LangChain's default).
    pipelineOptions: { pooling: /bge/i.test(modelId) ? 'cls' : 'mean', normalize: true },
  });
  const store = await HNSWLib.fromDocuments(splits, embeddings);
  await store.save(outDir);
  process.stdout.write(`${JSON.stringify({ articles: documents.length, chunks: splits.length })}\n`);
}
