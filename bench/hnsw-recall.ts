import hnswlib from 'hnswlib-node';

/**
 * Recall of the HNSW graph against exact search, by efConstruction, on the vectors of a built
 * index: npx tsx bench/hnsw-recall.ts <vectors.hnsw> <dimensions> [efConstruction,...]. 500 points
 * are held out as queries; each is searched for its 10 nearest with search ef 64 and 128, and for
 * its 150 nearest with ef 300, as retrieval asks for 150 dense candidates.
 */
const { HierarchicalNSW } = hnswlib;
const [file, dimsArg, efArg] = process.argv.slice(2);
if (!file || !dimsArg) throw new Error('usage: hnsw-recall.ts <vectors.hnsw> <dimensions> [ef,...]');
const dimensions = Number(dimsArg);
const source = new HierarchicalNSW('cosine', dimensions);
await source.readIndex(file);
const labels = source.getIdsList();
const points = labels.map((label) => source.getPoint(label));
const queries = points.filter((_, i) => i % Math.floor(points.length / 500) === 0).slice(0, 500);
const base = points.filter(
  (_, i) => i % Math.floor(points.length / 500) !== 0 || i / Math.floor(points.length / 500) >= 500,
);
const normalise = (v: number[]) => {
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
};
const baseNorm = base.map(normalise);
const exactNearest = (k: number) =>
  queries.map((q) => {
    const qn = normalise(q);
    const scored = baseNorm.map((v, i) => [v.reduce((s, x, d) => s + x * qn[d]!, 0), i] as const);
    scored.sort((a, b) => b[0] - a[0]);
    return new Set(scored.slice(0, k).map(([, i]) => i));
  });
const exact = new Map([10, 150].map((k) => [k, exactNearest(k)]));
const settings = [
  { k: 10, searchEf: 64 },
  { k: 10, searchEf: 128 },
  { k: 150, searchEf: 300 },
];
for (const ef of (efArg ?? '200,100,64').split(',').map(Number)) {
  const index = new HierarchicalNSW('cosine', dimensions);
  index.initIndex({ maxElements: base.length, efConstruction: ef });
  const started = performance.now();
  base.forEach((point, i) => index.addPoint(point, i));
  const buildMs = performance.now() - started;
  for (const { k, searchEf } of settings) {
    index.setEf(searchEf);
    let found = 0;
    const searchStarted = performance.now();
    queries.forEach((q, i) => {
      for (const label of index.searchKnn(q, k).neighbors) if (exact.get(k)![i]!.has(label)) found += 1;
    });
    const perQueryMs = (performance.now() - searchStarted) / queries.length;
    process.stdout.write(
      `efConstruction ${ef}, search ef ${searchEf}: build ${(buildMs / 1000).toFixed(1)} s for ${base.length} points, recall@${k} ${(found / (queries.length * k)).toFixed(4)}, ${perQueryMs.toFixed(2)} ms a query\n`,
    );
  }
}
