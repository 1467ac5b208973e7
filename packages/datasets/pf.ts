import { RealFft } from './src/audio/fft';
import { AudioFeaturizer } from './src/audio/features';
import { PowerSpectrogram } from './src/audio/spectrogram';
const N = 132750; const fft = new RealFft(256); const x = new Float64Array(256).map(() => Math.random()); const out = new Float64Array(129);
for (let rep = 0; rep < 2; rep++) {
let t = performance.now(); for (let i = 0; i < N; i++) fft.power(x, out); console.log('fft', Math.round(performance.now() - t));
const sig = new Float32Array(N * 80).map(() => Math.random() - 0.5);
t = performance.now(); new PowerSpectrogram({ nFft: 256, winLength: 200, hopLength: 80, center: true }).compute(sig); console.log('stft', Math.round(performance.now() - t));
t = performance.now(); new AudioFeaturizer({}, 8000).compute(sig); console.log('mfcc', Math.round(performance.now() - t));
}
