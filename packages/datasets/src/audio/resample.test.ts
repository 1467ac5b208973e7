import { describe, it, expect } from 'vitest';
import { OptionError } from '@umq/core';
import { resample } from './resample';
import { decodeWav } from './wav';
import { golden, maxAbsDiff, wavFixture } from './golden.test-util';

describe('resample against torchaudio.functional.resample (sinc_interpolation, width 6, rolloff 0.99, float64)', () => {
  for (const [name, g] of Object.entries(golden.resample)) {
    it(`${name}: ${g.from} Hz -> ${g.to} Hz`, () => {
      const wav = decodeWav(wavFixture(name), name);
      expect(wav.sampleRate).toBe(g.from);
      const y = resample(wav.samples, g.from, g.to);
      expect(y.length).toBe(g.samples.length); // ceil(to * n / from)
      // Same taps in float64; the result is stored as float32 (|y| < 1: rounding < 6e-8).
      // Measured max 3.0e-8 on both files.
      expect(maxAbsDiff(y, g.samples)).toBeLessThan(1e-7);
    });
  }
  it('returns a copy at equal rates and rejects non-integer rates', () => {
    const x = Float32Array.of(1, 2, 3);
    const y = resample(x, 8000, 8000);
    expect(Array.from(y)).toEqual([1, 2, 3]);
    expect(y).not.toBe(x);
    expect(() => resample(x, 8000.5, 8000)).toThrow(OptionError);
    expect(() => resample(x, 8000, 0)).toThrow(/positive integer rate/);
    expect(() => resample(x, 16000, 8000, { rolloff: 1.5 })).toThrow(/rolloff/);
  });
  it('keeps a low tone and its level when downsampling 16 kHz -> 8 kHz', () => {
    const x = Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * 300 * i) / 16000));
    const y = resample(x, 16000, 8000);
    expect(y.length).toBe(8000);
    let err = 0;
    for (let i = 200; i < 7800; i++) err = Math.max(err, Math.abs(y[i]! - Math.sin((2 * Math.PI * 300 * i) / 8000)));
    expect(err).toBeLessThan(1e-3);
  });
});
