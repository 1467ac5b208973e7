/**
 * The one tfjs instance shared by every `@umq/*` package. Import `tf` from `@umq/core`, never
 * from `@tensorflow/tfjs` directly, so all packages see the engine {@link initEngine} chose.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };
