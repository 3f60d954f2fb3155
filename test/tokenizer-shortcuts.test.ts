import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoTokenizer, type PreTrainedTokenizer } from '@huggingface/transformers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useModelSource } from '../src/index/model-source';
import { normalizeBert, useTokenizerShortcuts } from '../src/index/tokenizer-shortcuts';
import { tokenizeBatch } from '../src/index/token-arrays';
import { buildFixtureModel, vocabularyFrom } from './support/fixture-model';

let dir: string;
let plain: PreTrainedTokenizer;
let fast: PreTrainedTokenizer;

const texts = [
  'Filming on “Violet” began April 3rd — Netflix’s Harlem set… • Marvel TV',
  'Café naïve Ångström Zoë São Paulo Dvořák RESUMÉ e\u0301',
  'ΟΔΟΣ ΣΟΦΟΣ. İstanbul ǅemal ﬁne ＦＵＬＬ',
  'Tab\there\r\nnew line\u000b\u000cvertical\u0085next\u2028line\u2029para',
  'nul\u0000 bell\u0007 del\u007f soft\u00adhyphen zero\u200bwidth bom\ufeff replacement\ufffd nbsp\u00a0here',
  '東京 中文字 한국어 日本語の文 \u3400 \uf900 𠀀 emoji 🎬📺 private \ue000 \u{f0000}',
  'lone \ud800 surrogate and \udc00 low',
  '',
  'plain ascii only, UPPER and lower 123 !@#$%^&*()',
  // Added tokens written in the text, words the vocabulary holds only in pieces or not at all, and
  // one longer than WordPiece's 100-character limit.
  'Netflix said [SEP] filming [MASK] began[CLS]in Harlem [unk] [PAD]',
  'Filmingly Harlemite defendersaid zyxwv ##began',
  `Netflix ${'harlem'.repeat(20)} ${'é'.repeat(99)} ${'\u{1F3AC}'.repeat(60)}`,
];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tokenizer-shortcuts-'));
  const fixture = await buildFixtureModel({
    dir,
    // With word pieces, so some words are cut: "filmingly" is "filming" "##ly".
    vocabulary: [
      ...vocabularyFrom(['Filming on the Defenders began in Harlem, Netflix said cafe naive']),
      '##ly',
      '##ite',
      '##said',
    ],
  });
  useModelSource({ modelId: fixture.modelId, modelsDir: fixture.modelsDir, allowRemote: false });
  plain = await AutoTokenizer.from_pretrained(fixture.modelId);
  fast = await AutoTokenizer.from_pretrained(fixture.modelId);
  useTokenizerShortcuts(fast);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface NormalizerLike {
  config: Record<string, unknown>;
  normalize(text: string): string;
}

it('normalises every kind of text as transformers.js’s BertNormalizer does, under every setting', () => {
  const library = (plain as unknown as { normalizer: NormalizerLike }).normalizer;
  const original = library.config;
  for (const clean_text of [true, false])
    for (const handle_chinese_chars of [true, false])
      for (const lowercase of [true, false])
        for (const strip_accents of [null, true, false]) {
          const config = { type: 'BertNormalizer', clean_text, handle_chinese_chars, lowercase, strip_accents };
          library.config = config;
          for (const text of texts)
            expect(normalizeBert(text, config), JSON.stringify({ text, config })).toBe(library.normalize(text));
        }
  library.config = original;
});

it('gives the model the same ids and masks with the shortcuts as without', () => {
  const ours = tokenizeBatch(fast, texts);
  const theirs = tokenizeBatch(plain, texts);
  for (const name of Object.keys(theirs)) expect([...ours[name]!.data], name).toEqual([...theirs[name]!.data]);
  // Accents are stripped and case folded: "Café" meets the vocabulary's "cafe".
  const unknown = (plain as unknown as { model: { tokens_to_ids: Map<string, number> } }).model.tokens_to_ids.get(
    '[UNK]',
  );
  const cafe = tokenizeBatch(fast, ['CAFÉ'])['input_ids']!.data[1];
  expect(Number(cafe)).not.toBe(unknown);
});
