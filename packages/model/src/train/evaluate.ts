/**
 * Evaluation passes: the validation task loss, and predictions with quality and routing.
 */
import { tf, EVAL } from '@umq/core';
import type { HarnessModel } from '../types';
import { splitBatches, splitSize, type SplitArrays } from './split';

/**
 * Mean task loss of a split in evaluation mode (the model computes the task loss only).
 *
 * @example
 * ```ts
 * const validLoss = evaluateLoss(model, validSplit, 256); // mean task loss, evaluation mode
 * ```
 */
export function evaluateLoss(model: HarnessModel, split: SplitArrays, batchSize: number): number {
  const n = splitSize(split);
  let sum = 0;
  for (const batch of splitBatches(split, batchSize)) {
    const idx = batch.index;
    const l = tf.tidy(() => {
      const out = model.forward(batch, { ...EVAL, losses: 'task' });
      return out.loss!.dataSync()[0];
    });
    batch.dispose();
    sum += l * idx.length;
  }
  return sum / n;
}

/** Predictions of a split. */
export interface Predictions {
  /** Logits `[N, out]`, row-major. */
  logits: Float32Array;
  /** Output width. */
  outDim: number;
  /** Estimated quality per modality `[N]` when the model has one. */
  quality?: Float32Array[];
  /** Selected experts `[N, k]` and their weights, when the model routes. */
  topIndices?: Int32Array;
  /** Weights of the selected experts `[N, k]`, when the model routes. */
  topWeights?: Float32Array;
  /** k of the routing. */
  k?: number;
  /** Number of experts E (the gate's width). */
  numExperts?: number;
  /** Configuration κ `[N, M]` (0/1) when the model has one. */
  config?: Uint8Array;
}

/**
 * Runs the model over a split in evaluation mode (no dropout, buffers frozen).
 *
 * @example
 * ```ts
 * const { logits } = predict(model, testSplit, 256);
 * ```
 */
export function predict(model: HarnessModel, split: SplitArrays, batchSize = 256): Predictions {
  const n = splitSize(split);
  const chunks: { logits: Float32Array; out: number; q?: Float32Array[]; ti?: Int32Array; tw?: Float32Array; k?: number; e?: number; cfg?: Uint8Array; b: number }[] = [];
  for (const batch of splitBatches(split, batchSize)) {
    const idx = batch.index;
    const c = tf.tidy(() => {
      const out = model.forward(batch, { ...EVAL, losses: 'none' });
      const res: (typeof chunks)[number] = { logits: out.logits.dataSync() as Float32Array, out: out.logits.shape[1] as number, b: idx.length };
      if (out.quality) {
        const q = out.quality.dataSync() as Float32Array;
        res.q = Array.from({ length: out.quality.shape[0] }, (_, m) => q.slice(m * idx.length, (m + 1) * idx.length));
      }
      if (out.routing) {
        res.ti = Int32Array.from(out.routing.topIndices.dataSync());
        res.tw = Float32Array.from(out.routing.topWeights.dataSync());
        res.k = out.routing.topIndices.shape[1] as number;
        res.e = out.routing.gate.shape[1] as number;
        if (out.routing.config) res.cfg = Uint8Array.from(out.routing.config.dataSync());
      }
      return res;
    });
    batch.dispose();
    chunks.push(c);
  }
  const outDim = chunks[0]?.out ?? 1;
  const logits = new Float32Array(n * outDim);
  let off = 0;
  for (const c of chunks) {
    logits.set(c.logits, off * outDim);
    off += c.b;
  }
  const res: Predictions = { logits, outDim };
  if (chunks[0]?.q) {
    const m = chunks[0].q.length;
    res.quality = Array.from({ length: m }, (_, k) => {
      const a = new Float32Array(n);
      let o2 = 0;
      for (const c of chunks) {
        a.set(c.q![k], o2);
        o2 += c.b;
      }
      return a;
    });
  }
  if (chunks[0]?.ti) {
    const k = chunks[0].k!;
    res.k = k;
    res.numExperts = chunks[0].e;
    res.topIndices = new Int32Array(n * k);
    res.topWeights = new Float32Array(n * k);
    let o3 = 0;
    for (const c of chunks) {
      res.topIndices.set(c.ti!, o3 * k);
      res.topWeights.set(c.tw!, o3 * k);
      o3 += c.b;
    }
    if (chunks[0].cfg) {
      const m = chunks[0].cfg.length / chunks[0].b;
      res.config = new Uint8Array(n * m);
      let o4 = 0;
      for (const c of chunks) {
        res.config.set(c.cfg!, o4 * m);
        o4 += c.b;
      }
    }
  }
  return res;
}
