import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedFrameSet, readFeatureCache, writeFeatureCache } from './feature-cache';

const set = { lengths: Int32Array.of(2, 0, 3), values: Float32Array.from({ length: 5 * 4 }, (_, i) => i / 3), dim: 4 };

describe('feature cache files', () => {
  it('round-trips a frame set and refuses every damaged or foreign file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'umq-fc-')), 'sub', 'k.feat');
    writeFeatureCache(file, 'key-1', set);
    const back = readFeatureCache(file, 'key-1', 3, 4);
    expect('miss' in back).toBe(false);
    if ('miss' in back) return;
    expect(Array.from(back.lengths)).toEqual([2, 0, 3]);
    expect(Array.from(back.values)).toEqual(Array.from(set.values));
    expect(readFeatureCache(file, 'key-2', 3, 4)).toEqual({ miss: 'the file holds another key' });
    expect(readFeatureCache(file, 'key-1', 4, 4)).toMatchObject({ miss: expect.stringMatching(/corrupt cache file \(header fields\)/) });
    expect(readFeatureCache(join(file, 'nope'), 'key-1', 3, 4)).toEqual({ miss: 'no cache file' });
    const good = readFileSync(file);
    const damaged: [string, Buffer, RegExp][] = [
      ['every truncation', good, /corrupt/],
      ['flipped value bit', (() => { const b = Buffer.from(good); b[b.length - 1]! ^= 1; return b; })(), /checksum mismatch/],
      ['header length past the end', (() => { const b = Buffer.from(good); b.writeUInt32LE(1 << 30, 8); return b; })(), /header length/],
      ['header not JSON', (() => { const b = Buffer.from(good); b[12] = 0x7b + 1; return b; })(), /not JSON/],
      ['wrong magic', (() => { const b = Buffer.from(good); b[0] = 0; return b; })(), /magic/],
    ];
    for (const [what, bytes, re] of damaged) {
      if (what === 'every truncation') {
        for (let n = 0; n < good.length; n += 7) {
          writeFileSync(file, good.subarray(0, n));
          expect(readFeatureCache(file, 'key-1', 3, 4), `${n} bytes`).toHaveProperty('miss');
        }
        continue;
      }
      writeFileSync(file, bytes);
      const r = readFeatureCache(file, 'key-1', 3, 4);
      expect('miss' in r && r.miss, what).toMatch(re);
    }
  });
  it('cachedFrameSet computes once per identity and never with cacheDir false', () => {
    const dir = mkdtempSync(join(tmpdir(), 'umq-fc-'));
    let calls = 0;
    const compute = (): typeof set => (calls++, set);
    cachedFrameSet(dir, 'ns', { a: 1 }, { count: 3, dim: 4 }, compute);
    cachedFrameSet(dir, 'ns', { a: 1 }, { count: 3, dim: 4 }, compute);
    expect(calls).toBe(1);
    cachedFrameSet(dir, 'ns', { a: 2 }, { count: 3, dim: 4 }, compute);
    expect(calls).toBe(2);
    cachedFrameSet(false, 'ns', { a: 1 }, { count: 3, dim: 4 }, compute);
    expect(calls).toBe(3);
  });
});
