import path from 'node:path';
import { makeArticle } from '../src/ingest/article';
import { buildFixtureModel, vocabularyFrom } from '../test/support/fixture-model';
import { readCorpus } from './corpus';

/** The embedding model a bench run measures with. */
export interface BenchModel {
  modelsDir: string;
  modelId: string;
  label: string;
}

/** Real weights when MODELS_DIR and EMBEDDING_MODEL name them; otherwise a fixture model over the corpus vocabulary. */
export async function chooseModel(files: string[], work: string, dimensions: number): Promise<BenchModel> {
  const modelsDir = process.env['MODELS_DIR'];
  const modelId = process.env['EMBEDDING_MODEL'];
  if (modelsDir && modelId)
    return { modelsDir: path.resolve(modelsDir), modelId, label: `${modelId} (real weights from ${modelsDir})` };
  const sample: string[] = [];
  // The first records of every file, so the vocabulary covers each outlet's wording.
  for (const file of files) {
    for await (const fields of readCorpus([file], 1500)) sample.push(makeArticle(fields).text);
  }
  const vocabulary = vocabularyFrom(sample, 30_000);
  const fixture = await buildFixtureModel({
    dir: path.join(work, 'models'),
    vocabulary,
    dimensions,
    modelId: 'fixture/news-static-embed',
  });
  return {
    ...fixture,
    label: `fixture static-embedding model (test/support/fixture-model.ts: real tokenizer + ONNX runtime, ${vocabulary.length.toLocaleString('en-US')}-word vocabulary from ${sample.length.toLocaleString('en-US')} corpus articles, ${dimensions} dimensions; not a semantic model)`,
  };
}
