import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import onnxProto from 'onnx-proto';

/**
 * TEST FIXTURE, not a real embedding model. It says nothing about semantic quality.
 *
 * Writes a tiny "static embedding" model in the Hugging Face layout that the real
 * transformers.js `pipeline('feature-extraction', ...)` loads from `env.localModelPath`,
 * so tests and the benchmark exercise the real tokenizer, ONNX runtime, pooling and
 * normalisation without downloading weights.
 *
 * The ONNX graph is `last_hidden_state = Gather(table, input_ids) * attention_mask`:
 * each token maps to a fixed pseudo-random vector (seeded). Pooling is NOT in the graph;
 * the pipeline does mean pooling over the mask and L2 normalisation, as for a real model.
 * A text's vector is thus the normalised mean of its token vectors, so texts sharing
 * many words get similar vectors. That is a property of bag-of-words averaging, not of
 * meaning.
 *
 * Keep "bge" out of the model id: the embedder uses CLS pooling for bge models, and the
 * [CLS] vector here is the same for every text.
 */

const { onnx } = onnxProto;

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

export interface FixtureModelOptions {
  /** Becomes `env.localModelPath`; the model is written to `<dir>/<modelId>/`. */
  dir: string;
  modelId?: string;
  dimensions?: number;
  vocabulary: string[];
  seed?: number;
}

export interface FixtureModel {
  modelsDir: string;
  modelId: string;
  dimensions: number;
}

export async function buildFixtureModel(options: FixtureModelOptions): Promise<FixtureModel> {
  const modelId = options.modelId ?? 'fixture/static-embed';
  const dimensions = options.dimensions ?? 32;
  const vocab = tokenVocabulary(options.vocabulary);
  const modelDir = path.join(options.dir, modelId);
  await mkdir(path.join(modelDir, 'onnx'), { recursive: true });

  const table = embeddingTable(vocab.length, dimensions, options.seed ?? 1);
  await Promise.all([
    writeFile(path.join(modelDir, 'onnx', 'model.onnx'), staticEmbeddingGraph(table, vocab.length, dimensions)),
    writeFile(path.join(modelDir, 'tokenizer.json'), JSON.stringify(wordPieceTokenizer(vocab))),
    writeFile(path.join(modelDir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig)),
    writeFile(path.join(modelDir, 'config.json'), JSON.stringify(bertConfig(vocab.length, dimensions))),
  ]);
  return { modelsDir: options.dir, modelId, dimensions };
}

/** Lowercased, accent-stripped word tokens (as the BERT normaliser sees them), most frequent first. */
export function vocabularyFrom(texts: string[], max = 5000): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    const words =
      text
        .normalize('NFD')
        .replace(/\p{Mn}/gu, '')
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? [];
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([word]) => word);
}

function tokenVocabulary(words: string[]): string[] {
  const special = new Set<string>(SPECIAL_TOKENS);
  const seen = new Set<string>();
  const rest: string[] = [];
  for (const raw of words) {
    const word = raw.toLowerCase();
    if (word === '' || /\s/.test(word) || special.has(word) || seen.has(word)) continue;
    seen.add(word);
    rest.push(word);
  }
  return [...SPECIAL_TOKENS, ...rest];
}

/**
 * Deterministic table. Special tokens get short vectors so [CLS]/[SEP] barely pull every
 * text towards one shared direction, yet an empty text still has a non-zero mean.
 */
function embeddingTable(vocabSize: number, dimensions: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const table = new Float32Array(vocabSize * dimensions);
  for (let token = 0; token < vocabSize; token++) {
    const scale = token < SPECIAL_TOKENS.length && SPECIAL_TOKENS[token] !== '[UNK]' ? 0.05 : 1;
    for (let d = 0; d < dimensions; d++) table[token * dimensions + d] = (random() * 2 - 1) * scale;
  }
  return table;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function staticEmbeddingGraph(table: Float32Array, vocabSize: number, dimensions: number): Uint8Array {
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const tokenInput = (name: string) => ({
    name,
    type: { tensorType: { elemType: INT64, shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }] } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'show-news-bot test fixture',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'static_embedding_fixture',
      initializer: [
        {
          name: 'embedding_table',
          dataType: FLOAT,
          dims: [vocabSize, dimensions],
          rawData: new Uint8Array(table.buffer, table.byteOffset, table.byteLength),
        },
        { name: 'last_axis', dataType: INT64, dims: [1], int64Data: [-1] },
      ],
      node: [
        {
          opType: 'Gather',
          input: ['embedding_table', 'input_ids'],
          output: ['token_vectors'],
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        },
        {
          opType: 'Cast',
          input: ['attention_mask'],
          output: ['mask_float'],
          attribute: [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }],
        },
        { opType: 'Unsqueeze', input: ['mask_float', 'last_axis'], output: ['mask_column'] },
        { opType: 'Mul', input: ['token_vectors', 'mask_column'], output: ['last_hidden_state'] },
      ],
      input: [tokenInput('input_ids'), tokenInput('attention_mask')],
      output: [
        {
          name: 'last_hidden_state',
          type: {
            tensorType: {
              elemType: FLOAT,
              shape: { dim: [{ dimParam: 'batch' }, { dimParam: 'sequence' }, { dimValue: dimensions }] },
            },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function wordPieceTokenizer(vocab: string[]) {
  const idOf = (token: string) => vocab.indexOf(token);
  const special = (token: string) => ({ id: token, ids: [idOf(token)], tokens: [token] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
    },
  };
}

const tokenizerConfig = {
  tokenizer_class: 'BertTokenizer',
  do_lower_case: true,
  // The pipeline truncates to this, as with the real 512-token BERT-family models.
  model_max_length: 512,
  cls_token: '[CLS]',
  sep_token: '[SEP]',
  pad_token: '[PAD]',
  unk_token: '[UNK]',
  mask_token: '[MASK]',
  clean_up_tokenization_spaces: true,
};

function bertConfig(vocabSize: number, dimensions: number) {
  return {
    _name_or_path: 'fixture/static-embed',
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dimensions,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: dimensions,
    max_position_embeddings: 512,
    type_vocab_size: 2,
    vocab_size: vocabSize,
    pad_token_id: 0,
  };
}
