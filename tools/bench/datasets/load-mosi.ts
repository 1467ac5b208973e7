// Benchmark: load the whole CMU-MOSI utterance CSV release (9 files, ~10 MB) with @umq/datasets.
// Run: node --conditions=@umq/source --import tsx tools/bench/datasets/load-mosi.ts [repeats]
import { loadMosiUtterance } from '../../../packages/datasets/src/loaders/mosi';
import { sharedDataFile } from '../../testing/shared-data';

const dir = sharedDataFile('cmu-mosi-utterance');
if (!dir) {
  console.log('shared data not found (../shared/data): nothing to benchmark');
  process.exit(0);
}
const repeats = Number(process.argv[2] ?? 5);
const times: number[] = [];
let summary = '';
for (let r = 0; r < repeats; r++) {
  const t0 = performance.now();
  const ds = await loadMosiUtterance({ path: dir });
  times.push(performance.now() - t0);
  const s = ds.summary().splits;
  summary = `train ${s.train.samples} (${s.train.groups} videos), valid ${s.valid.samples} (${s.valid.groups}), test ${s.test.samples} (${s.test.groups})`;
}
times.sort((a, b) => a - b);
console.log(`MOSI utterance release: ${summary}`);
console.log(`load time over ${repeats} runs: min ${times[0]!.toFixed(0)} ms, median ${times[Math.floor(repeats / 2)]!.toFixed(0)} ms, max ${times[repeats - 1]!.toFixed(0)} ms`);
