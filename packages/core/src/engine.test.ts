import { describe, it, expect } from 'vitest';
import { tf } from './tf';
import { initEngine as initBrowserEngine } from './engine-browser';
import { initEngine as initNodeEngine } from './node/engine';
import { currentEngine, requireEngine } from './engine';
import { EngineError, OptionError } from './errors';

// Both builds' engine selection, run in Node: the browser build finds neither WebGPU nor WebGL
// here, so its 'auto' must reach wasm, say what it passed over, and never pick cpu.
describe('initEngine', () => {
  it('node build: auto skips the absent tfjs-node packages, picks wasm and says why', async () => {
    const warnings: string[] = [];
    const info = await initNodeEngine({ warn: (m) => warnings.push(m) });
    expect(info).toMatchObject({ name: 'wasm', backend: 'wasm', platform: 'node', threads: 1 });
    expect(info.skipped.map((s) => s.engine)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(info.skipped[1]!.reason).toMatch(/@tensorflow\/tfjs-node, which is not installed: npm install/);
    expect(warnings).toEqual([]);
    expect(currentEngine()).toBe(info);
    expect(requireEngine()).toBe(info);
  });

  it('node build: a browser engine or an absent package asked for by name is an EngineError', async () => {
    await expect(initNodeEngine({ engine: 'webgl' })).rejects.toThrow(/'webgl' runs only in a browser/);
    await expect(initNodeEngine({ engine: 'tensorflow' })).rejects.toThrow(EngineError);
    await expect(initNodeEngine({ engine: 'gpu' as never })).rejects.toThrow(OptionError);
    expect(tf.getBackend()).toBe('wasm'); // a refused request leaves the engine as it was
  });

  it('browser build: auto passes over WebGPU and WebGL with reasons and picks wasm, never cpu', async () => {
    const warnings: string[] = [];
    const info = await initBrowserEngine({ warn: (m) => warnings.push(m) });
    expect(info).toMatchObject({ name: 'wasm', backend: 'wasm', platform: 'browser' });
    expect(info.skipped).toEqual([
      { engine: 'webgpu', reason: expect.stringMatching(/webgpu backend is not registered: `import '@tensorflow\/tfjs-backend-webgpu'`/) },
      { engine: 'webgl', reason: expect.stringMatching(/no WebGL here/) },
    ]);
    expect(warnings).toEqual([]);
  });

  it('browser build: tfjs-node engines are refused by name; cpu only by name, with a warning', async () => {
    await expect(initBrowserEngine({ engine: 'tensorflow-gpu' })).rejects.toThrow(/needs Node with @tensorflow\/tfjs-node-gpu/);
    const warnings: string[] = [];
    const cpu = await initBrowserEngine({ engine: 'cpu', warn: (m) => warnings.push(m) });
    expect(cpu).toMatchObject({ name: 'cpu', backend: 'cpu', skipped: [] });
    expect(warnings).toEqual([expect.stringMatching(/about 20x slower than wasm/)]);
    await initBrowserEngine({ engine: 'wasm' });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('checks wasmPaths before anything starts', async () => {
    await expect(initBrowserEngine({ wasmPaths: '' })).rejects.toThrow(OptionError);
    await expect(initBrowserEngine({ wasmPaths: { 'tfjs-backend-wasm.wasm': '/a.wasm' } as never })).rejects.toThrow(/an object naming a URL for each of/);
  });
});
