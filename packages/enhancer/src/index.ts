/**
 * Modality decoupling, baseline representation and quality enhancer (UMQ Eq 2-8, 22).
 *
 * @packageDocumentation
 */
export {};
