// One-off scaffold of the packages (kept for adding packages later).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
const pkgs = {
  core: { desc: 'UMQ core: tfjs engine selection, fast differentiable ops, seeded randomness, named errors, safetensors state IO.', deps: { '@tensorflow/tfjs': '4.22.0', '@tensorflow/tfjs-backend-wasm': '4.22.0' } },
  corruptions: { desc: 'Seeded noise and missing-modality corruption protocols (UMQ, CIDer) that return their masks.', deps: { '@umq/core': '0.1.0' } },
  metrics: { desc: 'Multimodal sentiment and classification metrics: Acc7/5/3/2, F1, MAE, Corr, AUILC, mean ± std over seeds.', deps: {} },
  datasets: { desc: 'Loaders for multimodal feature datasets (MOSI CSV, MAT, MMSA pickles, CSD, npz), batching and a synthetic generator.', deps: { '@umq/core': '0.1.0' } },
  quality: { desc: 'Modality quality estimator and its rank-guided losses (UMQ Eq 1, 16-21).', deps: { '@umq/core': '0.1.0' } },
  enhancer: { desc: 'Modality decoupling, baseline representation and quality enhancer (UMQ Eq 2-8, 22).', deps: { '@umq/core': '0.1.0' } },
  evidential: { desc: 'Evidential multi-view fusion for tfjs: Dirichlet opinions, the reduced Dempster rule (TMC), evidence averaging (ECML/RCML), trust discounting, the evidential loss with annealed KL and the conflictive-consistency loss.', deps: { '@umq/core': '0.1.0' } },
  moe: { desc: 'Mixture of experts for tfjs: top-k routing, noisy gating, sparse dispatch, routing losses (UMQ Eq 10-14, Shazeer, Switch, z-loss).', deps: { '@umq/core': '0.1.0' } },
  model: { desc: 'The UMQ model assembled from its parts, baselines, trainer, evaluation protocols and the `umq` CLI.', deps: { '@umq/core': '0.1.0', '@umq/corruptions': '0.1.0', '@umq/metrics': '0.1.0', '@umq/datasets': '0.1.0', '@umq/quality': '0.1.0', '@umq/enhancer': '0.1.0', '@umq/moe': '0.1.0', '@umq/evidential': '0.1.0' } },
};
for (const [name, { desc, deps }] of Object.entries(pkgs)) {
  const dir = `packages/${name}`;
  mkdirSync(`${dir}/src`, { recursive: true });
  const pkg = {
    name: `@umq/${name}`,
    version: '0.1.0',
    description: desc,
    license: 'MIT',
    type: 'module',
    sideEffects: name === 'core' ? ['./src/backend.ts', './dist/*'] : false,
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.ts',
    exports: {
      '.': {
        '@umq/source': './src/index.ts',
        import: { types: './dist/index.d.ts', default: './dist/index.js' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
      './package.json': './package.json',
    },
    files: ['dist', 'src', '!src/**/*.test.ts', 'README.md', 'CHANGELOG.md'],
    scripts: {
      build: 'tsup',
      test: 'vitest run',
      typecheck: 'tsc -p tsconfig.json --noEmit',
    },
    dependencies: deps,
    engines: { node: '>=20.19' },
    keywords: ['multimodal', 'tensorflow', 'tfjs', 'robustness', 'umq'],
    publishConfig: { access: 'public' },
  };
  if (name === 'core') {
    pkg.peerDependencies = { '@tensorflow/tfjs-node': '4.22.0', '@tensorflow/tfjs-node-gpu': '4.22.0' };
    pkg.peerDependenciesMeta = { '@tensorflow/tfjs-node': { optional: true }, '@tensorflow/tfjs-node-gpu': { optional: true } };
  }
  if (!existsSync(`${dir}/package.json`)) writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + '\n');
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['src', 'test', '*.config.ts'] }, null, 2) + '\n');
  writeFileSync(`${dir}/tsconfig.build.json`, JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { customConditions: [], rootDir: 'src' }, include: ['src'], exclude: ['src/**/*.test.ts'] }, null, 2) + '\n');
  writeFileSync(`${dir}/tsup.config.ts`, `import { packageBuild } from '../../tools/build/tsup';\n\nexport default packageBuild(${name === 'model' ? "{ entry: ['src/index.ts', 'src/cli/main.ts'] }" : ''});\n`);
  writeFileSync(`${dir}/vitest.config.ts`, `import { packageTest } from '../../tools/build/vitest';\n\nexport default packageTest();\n`);
  if (!existsSync(`${dir}/src/index.ts`)) writeFileSync(`${dir}/src/index.ts`, `/**\n * ${desc}\n *\n * @packageDocumentation\n */\nexport {};\n`);
  if (!existsSync(`${dir}/README.md`)) writeFileSync(`${dir}/README.md`, `# @umq/${name}\n\n${desc}\n`);
}
