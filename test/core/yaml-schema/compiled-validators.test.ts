// The precompiled schema validators must be what bin/compile-schemas.mjs makes from the schemas
// as committed, and must judge documents exactly as Ajv compiling the schema at run time does.

import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMPILED_VALIDATORS } from '../../../src/core/yaml-schema/compiled-validators.js';
import { checkSchema } from '../../../src/core/yaml-schema/check-schema.js';
import { parseYaml } from '../../../src/io/read-yaml.js';

describe('compiled schema validators', () => {
  it('are up to date with schema/*.schema.json', async () => {
    const { compiledValidatorsSource } = await import('../../../bin/compile-schemas.mjs');
    expect(readFileSync('src/core/yaml-schema/compiled-validators.ts', 'utf8')).toBe(compiledValidatorsSource());
    expect(COMPILED_VALIDATORS).toHaveLength(2);
  });

  it('report what Ajv compiling the schema reports, on good and broken codebooks', () => {
    const schema = JSON.parse(readFileSync('schema/codebook.schema.json', 'utf8')) as object;
    const runtime = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const documents = [
      readFileSync('samples/mexico-2020/codebook.yaml', 'utf8'),
      'codebook_version: 2\ntitle: {en: T}\nindices: []\nitmes: 3\n',
      ...['composite-refers-to-itself', 'unknown-key-itmes', 'scale-min-above-max', 'top-level-is-a-list'].map((name) => readFileSync(`test/fixtures/bad/${name}.codebook.yaml`, 'utf8')),
    ];
    for (const text of documents) {
      const data = parseYaml(text, 'cb.yaml').data;
      runtime(data);
      const fromRuntime = (runtime.errors ?? []).length;
      expect(checkSchema(data, schema)).toHaveLength(fromRuntime);
      expect(checkSchema(data, JSON.parse(JSON.stringify(schema)) as object).map((p) => p.message)).toEqual(checkSchema(data, { ...schema, title: 'another schema: compiled at run time' }).map((p) => p.message));
    }
  });
});
