/**
 * The two benchmark configurations of issue 7, shared by the TypeScript and PyTorch sides
 * (the Python script reads them as JSON from the command line).
 *  - sequence: MMSA MOSI/MOSEI-style feature sequences, text 768-d (BERT), audio 74-d (COVAREP),
 *    vision 35-d (Facet), T = 50, B = 64; language uses a Linear projection, the others Conv1D k = 3.
 *  - utterance: the MOSI CSV release, utterance-level vectors 100/73/100, B = 64.
 * Both: d = 100, 1 transformer layer, 4 heads, ff = 2d, E = 10, k = 3, dropout 0.1, binary task.
 */
export const CONFIGS = {
  sequence: { kind: 'sequence', dims: [768, 74, 35], T: 50, B: 64 },
  utterance: { kind: 'vector', dims: [100, 73, 100], T: 1, B: 64 },
};

/** Model hyper-parameters both sides use. */
export const MODEL = { d: 100, layers: 1, heads: 4, ffMult: 2, numExperts: 10, topK: 3, dropout: 0.1, lr: 1e-3, weightDecay: 0.01 };

/** Valid length of row i (deterministic, same on both sides): 20..50 for T = 50. */
export function validLength(i, T) {
  return T === 1 ? 1 : Math.min(T, 20 + ((i * 7) % 31));
}
