// Every corruption protocol on one small data set: the realised rate and the quality it leaves.
import { Rng, type ModalityArray } from '@umq/core';
import { applyCorruption, parseProtocol, describeProtocol, formatProtocol, corruptionSeed, smmPatterns } from '@umq/corruptions';

const rng = new Rng(0);
const n = 200;
const lengths = Array.from({ length: n }, () => 5 + rng.int(6)); // 5..10 valid steps of 10
const seqMask = new Uint8Array(n * 10).map((_, i) => (i % 10 < lengths[Math.floor(i / 10)] ? 1 : 0));
const text: ModalityArray = { values: rng.fillNormal(new Float32Array(n * 10 * 4)) as Float32Array, n, t: 10, d: 4, mask: seqMask };
const audio: ModalityArray = { values: rng.fillNormal(new Float32Array(n * 10 * 3)) as Float32Array, n, t: 10, d: 3, mask: seqMask };
const video: ModalityArray = { values: rng.fillNormal(new Float32Array(n * 5)) as Float32Array, n, t: 1, d: 5, mask: null };

const settings = ['clean', 'noise:0.3', 'laplace:0.3', 'erase:0.3', 'other-noises:0.3', 'missing:0.3', 'cider:rmfm:0.3',
  'cider-rmfm-traditional:0.3', 'rmm:0.3', 'tmfm:0.3', 'stmfm:0.3', 'smm:kept=0+2', 'hetero-noise:0.6', 'hetero-mixed'];
for (const text_ of settings) {
  const protocol = parseProtocol(text_);
  const seed = corruptionSeed(1, 'test', text_); // train: corruptionSeed(runSeed, 'train', text_, epoch)
  // tmfm and stmfm assume aligned sequences: give them the two sequence modalities only
  const data = protocol.kind === 'tmfm' || protocol.kind === 'stmfm' ? [text, audio] : [text, audio, video];
  const res = applyCorruption(data, protocol, seed);
  const meanQ = res.quality.map((q) => (q.reduce((a, b) => a + b, 0) / q.length).toFixed(2)).join(' / ');
  console.log(`${describeProtocol(protocol).padEnd(24)} ${formatProtocol(protocol).padEnd(30)} realised ${res.rate.toFixed(3)}  mean quality ${meanQ}`);
}
console.log('SMM patterns for 3 modalities:', smmPatterns(3).length); // 2^3 - 2
