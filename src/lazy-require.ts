// Loads a CommonJS dependency when a run first needs it, not when the program starts. An
// `import` would load and run Ajv (only needed for a schema that is not precompiled, so never
// for the shipped ones) and Handlebars (only for Markdown, HTML and PDF reports) on every run:
// about 70 ms of a 0.4 s start-up, measured with the 2020 sample.

import { createRequire } from 'node:module';

export const requireLazily = createRequire(import.meta.url);
