#!/usr/bin/env node
// Builds dist/ with esbuild: one ESM bundle per entry, code-split so that `gbv-impact --version`
// loads commander alone and `analyze` loads the rest when it runs. Bundling matters for start-up:
// the exact t distribution comes from @stdlib, whose hundreds of small files cost more to
// resolve than to run. Type checking is `npm run typecheck` (tsc --noEmit).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli/main.ts'],
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // playwright-core (only for --format pdf) finds its own files through __dirname: load it
  // from node_modules as it ships.
  external: ['playwright-core'],
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: "import { createRequire as __gbvCreateRequire } from 'node:module'; const require = __gbvCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});
