// Types for the tests that import bin/compile-schemas.mjs.
export function compiledValidatorsSource(): string;
