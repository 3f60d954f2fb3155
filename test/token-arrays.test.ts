import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoTokenizer, type PreTrainedTokenizer, type Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useModelSource } from '../src/index/model-source';
import { tokenizeBatch } from '../src/index/token-arrays';
import { buildFixtureModel, vocabularyFrom } from './support/fixture-model';

let dir: string;
let tokenizer: PreTrainedTokenizer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'token-arrays-'));
  const fixture = await buildFixtureModel({
    dir,
    vocabulary: vocabularyFrom(['Filming on the Defenders began in Harlem, Netflix said']),
  });
  useModelSource({ modelId: fixture.modelId, modelsDir: fixture.modelsDir, allowRemote: false });
  tokenizer = await AutoTokenizer.from_pretrained(fixture.modelId);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('gives the model the same ids, masks and padding as the tokenizer’s own tensors', () => {
  const texts = [
    'Filming began.',
    'Netflix said filming on The Defenders began in Harlem, with words it has never seen: Zyxwv.',
    // Longer than the model's 512 tokens: truncated the same way.
    'the defenders began in harlem '.repeat(150),
    '',
  ];
  const ours = tokenizeBatch(tokenizer, texts);
  const theirs = tokenizer(texts, { padding: true, truncation: true }) as Record<string, Tensor>;
  expect(Object.keys(ours).sort()).toEqual(Object.keys(theirs).sort());
  for (const [name, tensor] of Object.entries(theirs)) {
    expect(ours[name]!.dims, name).toEqual(tensor.dims);
    expect([...ours[name]!.data], name).toEqual([...(tensor.data as BigInt64Array)]);
  }
  expect(ours['input_ids']!.dims).toEqual([4, 512]);
});
