import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OptionError } from '@umq/core';
import { AudioFeaturizer, resolveAudioFeatureOptions, type AudioFeatureOptions } from './features';
import { decodeWav } from './wav';
import { golden } from './golden.test-util';
import { sharedDataFile } from '../../../../tools/testing/shared-data';

/**
 * Tolerances against torchaudio 0.13 in float64 (tools/fixtures/datasets/make_audio_golden.py).
 * - log-mel: absolute 1e-5 on ln(mel + 1e-6), i.e. a relative error of 1e-5 on the mel energy.
 *   Both sides compute in float64 (torchaudio's filterbank is built in float32, 2^-24 relative);
 *   what is left is the float32 storage of our frames (|log-mel| <= 14: half an ulp is 4.8e-7).
 *   Measured max 4.8e-7 on all three option sets.
 * - MFCC: absolute 2e-5. The coefficients reach |c| ~ 90 (c0 = sqrt(nMels) * mean log-mel), where
 *   half a float32 ulp is 3.8e-6; measured max 2.7e-6.
 */
const LOG_MEL_TOL = 1e-5;
const MFCC_TOL = 2e-5;

const fsdd = sharedDataFile('fsdd', 'recordings');
describe.skipIf(!fsdd)('AudioFeaturizer against torchaudio MelSpectrogram / MFCC(log_mels=True) on FSDD recordings', () => {
  for (const [config, g] of Object.entries(golden.features)) {
    for (const type of ['log-mel', 'mfcc'] as const) {
      it(`${config} ${JSON.stringify(g.options)}: ${type}`, () => {
        const f = new AudioFeaturizer({ ...(g.options as AudioFeatureOptions), type }, 8000);
        let worst = 0;
        for (const [name, r] of Object.entries(g.recordings)) {
          const wav = decodeWav(new Uint8Array(readFileSync(join(fsdd!, name))), name);
          const { frames, values } = f.compute(wav.samples);
          expect(frames, name).toBe(r.frames);
          const want = type === 'mfcc' ? r.mfcc : r.logMel;
          r.at.forEach((t, k) => {
            want[k]!.forEach((v, j) => {
              worst = Math.max(worst, Math.abs(values[t * f.dim + j]! - v));
            });
          });
        }
        expect(worst).toBeLessThan(type === 'mfcc' ? MFCC_TOL : LOG_MEL_TOL);
      });
    }
  }
});

describe('AudioFeaturizer options', () => {
  it('fills documented defaults (25 ms / 10 ms at 8 kHz, 40 mels, 20 MFCCs)', () => {
    expect(resolveAudioFeatureOptions({}, 8000)).toEqual({
      type: 'mfcc', nFft: 256, winLength: 200, hopLength: 80, nMels: 40, nMfcc: 20, fMin: 0, fMax: 4000, melNorm: 'none', logOffset: 1e-6, center: true, sampleRate: 8000,
    });
  });
  it('frames a signal as torch.stft: 1 + floor(n / hop) centred, 1 + floor((n - nFft) / hop) not', () => {
    const x = new Float32Array(1000).map((_, i) => Math.sin(i / 3));
    expect(new AudioFeaturizer({}, 8000).compute(x).frames).toBe(13);
    expect(new AudioFeaturizer({ center: false }, 8000).compute(x).frames).toBe(10);
    expect(new AudioFeaturizer({ center: false }, 8000).compute(x.subarray(0, 100)).frames).toBe(0);
    // A signal shorter than the reflect padding is reflected repeatedly instead of failing.
    const short = new AudioFeaturizer({ type: 'log-mel' }, 8000).compute(x.subarray(0, 10));
    expect(short.frames).toBe(1);
    expect(short.values.every(Number.isFinite)).toBe(true);
  });
  it('silence gives ln(logOffset) in every band', () => {
    const { values } = new AudioFeaturizer({ type: 'log-mel', logOffset: 1e-3 }, 8000).compute(new Float32Array(800));
    for (const v of values) expect(v).toBeCloseTo(Math.log(1e-3), 5);
  });
  it('rejects bad options, naming them', () => {
    expect(() => new AudioFeaturizer({ winLength: 300, nFft: 256 }, 8000)).toThrow(/winLength` 300 is longer than `nFft` 256/);
    expect(() => new AudioFeaturizer({ nMfcc: 50 }, 8000)).toThrow(/nMfcc` 50 is more than `nMels` 40/);
    expect(() => new AudioFeaturizer({ fMax: 5000 }, 8000)).toThrow(OptionError);
    expect(() => new AudioFeaturizer({ hopLength: 0 }, 8000)).toThrow(/hopLength/);
    expect(() => new AudioFeaturizer({ type: 'spectrogram' as never }, 8000)).toThrow(/'mfcc' or 'log-mel'/);
    expect(() => new AudioFeaturizer({ melNorm: 'htk' as never }, 8000)).toThrow(/melNorm/);
  });
});
