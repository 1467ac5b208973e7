/**
 * `@umq/datasets` as Node resolves it (the `node` export condition): the browser-safe main
 * entry plus the file loaders of `@umq/datasets/node`.
 *
 * @packageDocumentation
 */
export * from './index';
export * from './node';
