import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav } from './wav';
import { formatError } from '../formats/fixtures.test-util';
import { golden, maxAbsDiff, wavFixture } from './golden.test-util';
import { sharedDataFile } from '../../../../tools/testing/shared-data';

describe('decodeWav against torchaudio.load (normalize=True, mean of channels)', () => {
  const formats: Record<string, [string, number, number]> = {
    'pcm_u8_mono.wav': ['pcm', 8, 1],
    'pcm_s16_mono.wav': ['pcm', 16, 1],
    'pcm_s16_stereo.wav': ['pcm', 16, 2],
    'pcm_s24_mono.wav': ['pcm', 24, 1],
    'pcm_s32_mono.wav': ['pcm', 32, 1],
    'float32_mono.wav': ['float', 32, 1],
    'float64_stereo.wav': ['float', 64, 2],
    'extensible_s24_stereo_list.wav': ['pcm', 24, 2],
    'pcm_s16_16k.wav': ['pcm', 16, 1],
    'float32_44k1.wav': ['float', 32, 1],
  };
  for (const [name, [encoding, bits, channels]] of Object.entries(formats)) {
    it(`${name}: ${encoding} ${bits}-bit, ${channels} channel(s)`, () => {
      const g = golden.wav[name]!;
      const wav = decodeWav(wavFixture(name), name);
      expect({ rate: wav.sampleRate, channels: wav.channels, bits: wav.bitsPerSample, encoding: wav.encoding }).toEqual({ rate: g.sampleRate, channels: g.channels, bits, encoding });
      // Integer PCM is exact up to the float32 rounding of the result (2^-24 relative); the
      // stereo means round once more.
      expect(maxAbsDiff(wav.samples, g.samples)).toBeLessThan(1e-7);
    });
  }
});

const fsdd = sharedDataFile('fsdd', 'recordings');
describe.skipIf(!fsdd)('decodeWav on real FSDD recordings', () => {
  for (const [name, g] of Object.entries(golden.real)) {
    it(`${name}: length, first samples, sum and energy as torchaudio`, () => {
      const wav = decodeWav(new Uint8Array(readFileSync(join(fsdd!, name))), name);
      expect(wav.sampleRate).toBe(8000);
      expect(wav.samples.length).toBe(g.length);
      expect(Array.from(wav.samples.subarray(0, 16))).toEqual(g.head); // 16-bit PCM / 32768 is exact
      let s = 0;
      let s2 = 0;
      for (const v of wav.samples) {
        s += v;
        s2 += v * v;
      }
      expect(s).toBeCloseTo(g.sum, 9);
      expect(s2).toBeCloseTo(g.sumSq, 9);
    });
  }
});

describe('malformed WAV input -> DataFormatError naming the file', () => {
  const good = wavFixture('pcm_s16_mono.wav'); // 44-byte canonical header + 80 data bytes
  const edit = (fn: (b: Uint8Array, v: DataView) => void, bytes = good): Uint8Array => {
    const b = bytes.slice();
    fn(b, new DataView(b.buffer));
    return b;
  };
  const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
  const riff = (...chunks: Uint8Array[]): Uint8Array => {
    const body = chunks.reduce((n, c) => n + c.length, 4);
    const out = new Uint8Array(8 + body);
    const v = new DataView(out.buffer);
    out.set(ascii('RIFF'));
    v.setUint32(4, body, true);
    out.set(ascii('WAVE'), 8);
    let o = 12;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  };
  const fmtChunk = good.slice(12, 36);
  const dataChunk = good.slice(36);
  const zeroData = Uint8Array.from([...ascii('data'), 0, 0, 0, 0]);
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty file', new Uint8Array(0), /the file is empty/],
    ['too short for a header', good.subarray(0, 8), /not a WAV file: 8 bytes/],
    ['not RIFF', edit((b) => b.set(ascii('OggS'))), /not a WAV file: it starts with "OggS"/],
    ['RIFF but not WAVE', edit((b) => b.set(ascii('AVI '), 8)), /expected "RIFF" \.\.\. "WAVE"/],
    ['big-endian RIFX', edit((b) => b.set(ascii('RIFX'))), /big-endian WAV \(RIFX\)/],
    ['RF64', edit((b) => b.set(ascii('RF64'))), /64-bit WAV \(RF64\)/],
    ['truncated in the data', good.subarray(0, 100), /truncated: the RIFF header declares 124 bytes but the file has 100/],
    ['truncated, RIFF size patched to match', edit((_, v) => v.setUint32(4, 92, true), good.subarray(0, 100)), /chunk "data" declares 80 bytes but only 56 remain/],
    ['data chunk size larger than the file', edit((_, v) => v.setUint32(40, 1 << 30, true)), /chunk "data" declares 1073741824 bytes/],
    ['data size not a whole number of frames', riff(fmtChunk, Uint8Array.from([...ascii('data'), 3, 0, 0, 0, 1, 2, 3, 0])), /3 bytes, not a whole number of 2-byte frames/],
    ['fmt chunk too small', riff(Uint8Array.from([...ascii('fmt '), 12, 0, 0, 0, ...fmtChunk.subarray(8, 20)]), dataChunk), /'fmt ' chunk has 12 bytes, at least 16/],
    ['Microsoft ADPCM', edit((_, v) => v.setUint16(20, 2, true)), /unsupported WAV codec 0x0002 \(Microsoft ADPCM\).*ffmpeg/],
    ['mu-law', edit((_, v) => v.setUint16(20, 7, true)), /unsupported WAV codec 0x0007 \(mu-law\)/],
    ['MP3 in WAV', edit((_, v) => v.setUint16(20, 0x55, true)), /0x0055 \(MP3\)/],
    ['12-bit PCM', edit((_, v) => v.setUint16(34, 12, true)), /PCM WAV with 12 bits per sample is not supported/],
    ['16-bit float', edit((_, v) => { v.setUint16(20, 3, true); }), /float WAV with 16 bits per sample/],
    ['zero channels', edit((_, v) => v.setUint16(22, 0, true)), /declares 0 channels/],
    ['zero sample rate', edit((_, v) => v.setUint32(24, 0, true)), /sample rate of 0 Hz/],
    ['block align inconsistent', edit((_, v) => v.setUint16(32, 4, true)), /block align 4 does not match 1 channels x 16 bits/],
    ['zero-length recording', riff(fmtChunk, zeroData), /holds no samples \(a zero-length recording\)/],
    ['no data chunk', riff(fmtChunk), /no 'data' chunk/],
    ['no fmt chunk', riff(dataChunk), /the 'data' chunk comes before the 'fmt ' chunk/],
    ['two fmt chunks', riff(fmtChunk, fmtChunk, dataChunk), /a second 'fmt ' chunk/],
    ['extensible with an unknown sub-format', (() => {
      const f = new Uint8Array(8 + 40);
      const v = new DataView(f.buffer);
      f.set(ascii('fmt '));
      v.setUint32(4, 40, true);
      v.setUint16(8, 0xfffe, true);
      v.setUint16(10, 1, true);
      v.setUint32(12, 8000, true);
      v.setUint16(20, 2, true);
      v.setUint16(22, 16, true);
      v.setUint16(24, 22, true);
      f.set([1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x72], 32); // last byte wrong
      return riff(f, dataChunk);
    })(), /non-standard sub-format GUID/],
    ['NaN in a float file', (() => {
      const f = wavFixture('float32_mono.wav');
      const at = Buffer.from(f).indexOf('data') + 8 + 4 * 5; // sample 5
      return edit((_, v) => v.setFloat32(at, Number.NaN, true), f);
    })(), /frame 5 is NaN: float WAV samples must be finite/],
  ];
  for (const [name, bytes, re] of cases) {
    it(`${name}`, () => {
      const err = formatError(() => decodeWav(bytes, 'bad.wav'));
      expect(err.message).toMatch(/^bad\.wav: /);
      expect(err.file).toBe('bad.wav');
      expect(err.message).toMatch(re);
    });
  }
  it('every truncation of a valid file fails cleanly', () => {
    const ext = wavFixture('extensible_s24_stereo_list.wav');
    for (let n = 0; n < ext.length; n++) formatError(() => decodeWav(ext.subarray(0, n), 'cut.wav'));
  });
  it('every single-byte corruption of the header fails cleanly or decodes', () => {
    for (let i = 0; i < 44; i++) {
      for (const x of [0x00, 0xff, 0x80]) {
        const b = good.slice();
        b[i] = x;
        try {
          decodeWav(b, 'flip.wav');
        } catch (e) {
          expect((e as Error).name, `byte ${i} = ${x}`).toBe('DataFormatError');
        }
      }
    }
  });
});
