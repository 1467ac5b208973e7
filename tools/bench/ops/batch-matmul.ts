/**
 * Benchmark (not a test): candidate batched matMuls for attention shapes on the active engine.
 * Forward + backward of sum(batchMatMul(a, b)), median of 10 after 3 warm-ups, in
 * process CPU time (steadier than wall clock on a shared machine).
 *
 *   node --conditions=@umq/source --import tsx tools/bench/ops/batch-matmul.ts
 */
import { initEngine, tf, batchMatMul, setSimdKernels } from '@umq/core';

type BMM = (a: tf.Tensor3D, b: tf.Tensor3D, ta: boolean, tb: boolean) => tf.Tensor3D;

const candidates: Record<string, BMM> = {
  'tf.matMul (stock, flags)': (a, b, ta, tb) => tf.matMul(a, b, ta, tb),
  'tf.matMul (explicit transpose)': (a, b, ta, tb) =>
    tf.matMul(ta ? tf.transpose(a, [0, 2, 1]) : a, tb ? tf.transpose(b, [0, 2, 1]) : b),
  'unstack + rank-2 matMul + stack': (a, b, ta, tb) => {
    const as = tf.unstack(ta ? tf.transpose(a, [0, 2, 1]) : a) as tf.Tensor2D[];
    const bs = tf.unstack(tb ? tf.transpose(b, [0, 2, 1]) : b) as tf.Tensor2D[];
    return tf.stack(as.map((x, i) => tf.matMul(x, bs[i]))) as tf.Tensor3D;
  },
  'broadcast mul + sum': (a, b, ta, tb) => {
    const A = ta ? tf.transpose(a, [0, 2, 1]) : a; // [G, n, k]
    const B = tb ? b : tf.transpose(b, [0, 2, 1]); // [G, m, k]
    return tf.sum(tf.mul(tf.expandDims(A, 2), tf.expandDims(B, 1)), -1) as tf.Tensor3D;
  },
  'umq batchMatMul, tfjs kernels (group loop on wasm)': (a, b, ta, tb) => {
    const previous = setSimdKernels('never');
    try {
      return batchMatMul(a, b, ta, tb);
    } finally {
      setSimdKernels(previous);
    }
  },
  'umq batchMatMul, SIMD kernel (default)': (a, b, ta, tb) => batchMatMul(a, b, ta, tb),
};

function median(v: number[]): number {
  const s = [...v].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const engine = await initEngine();
  console.log(`engine ${engine.name} simd=${engine.simd} threads=${engine.threads}`);
  const shapes: [string, [number, number, number], [number, number, number], boolean, boolean][] = [
    ['scores QK^T  G=256 n=50 k=25 m=50', [256, 50, 25], [256, 50, 25], false, true],
    ['context P V  G=256 n=50 k=50 m=25', [256, 50, 50], [256, 50, 25], false, false],
    ['scores QK^T  G=256 n=50 k=100 m=50', [256, 50, 100], [256, 50, 100], false, true],
    // Small groups: where the group loop stops paying (GROUP_LOOP_MIN_WORK = n·k·m).
    ['small       G=256 n=16 k=16 m=16', [256, 16, 16], [256, 16, 16], false, false],
    ['medium      G=256 n=32 k=32 m=32', [256, 32, 32], [256, 32, 32], false, false],
    ['tiny        G=256 n=8 k=8 m=8', [256, 8, 8], [256, 8, 8], false, false],
  ];
  for (const [label, sa, sb, ta, tb] of shapes) {
    const a = tf.randomNormal(sa, 0, 1, 'float32', 1) as tf.Tensor3D;
    const b = tf.randomNormal(sb, 0, 1, 'float32', 2) as tf.Tensor3D;
    console.log(`\n${label} (transposeA=${ta}, transposeB=${tb}): ms CPU forward+backward`);
    for (const [name, f] of Object.entries(candidates)) {
      const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(f(x as tf.Tensor3D, y as tf.Tensor3D, ta, tb)));
      const run = (): void => {
        const out = g([a, b]);
        out.forEach((t) => t.dataSync());
        tf.dispose(out);
      };
      const times: number[] = [];
      try {
        for (let i = 0; i < 3; i++) run();
        for (let i = 0; i < 10; i++) {
          const c0 = process.cpuUsage();
          run();
          const c = process.cpuUsage(c0);
          times.push((c.user + c.system) / 1000);
        }
        console.log(`  ${name.padEnd(34)} ${median(times).toFixed(1)}`);
      } catch (e) {
        console.log(`  ${name.padEnd(34)} FAILED: ${(e as Error).message.slice(0, 80)}`);
      }
    }
    tf.dispose([a, b]);
  }
}

void main();
