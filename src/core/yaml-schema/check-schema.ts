// Shared by every YAML document the tool reads (codebook, published figures): validate against
// the shipped JSON Schema and turn Ajv's errors into sentences with a path a person can find
// (`indices[2].items[4]`), a line number, and "did you mean" for misspelt keys.

import type { ErrorObject, ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import { COMPILED_VALIDATORS } from './compiled-validators.js';
import { GbvError, type Location } from '../../errors.js';
import { didYouMean, listChoices } from '../text/did-you-mean.js';
import { requireLazily } from '../../lazy-require.js';

export type YamlPath = (string | number)[];

/** Finds the line and column of a YAML path, so messages can point into the file. */
export type LocateYamlPath = (path: YamlPath) => { line: number; col: number } | undefined;

export interface Problem {
  path: YamlPath;
  message: string;
}

const compiled = new WeakMap<object, ValidateFunction>();

/** `indices[2].items[4]` from `['indices', 2, 'items', 4]`. */
export function formatYamlPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${part}` : part;
  }
  return text || '(top level)';
}

/** The path formatYamlPath wrote (`indices[2].items[4]`) as its keys and indexes again. */
export function parseYamlPath(text: string): YamlPath {
  return [...text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] !== undefined ? Number(match[2]) : match[1]!));
}

/** Ajv itself is loaded only here: the shipped schemas never need it at run time. */
function compileSchema(schema: object): ValidateFunction {
  const { Ajv } = requireLazily('ajv') as typeof import('ajv');
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

/** Every way `data` breaks `schema`, as sentences; empty when it conforms. */
export function checkSchema(data: unknown, schema: object): Problem[] {
  let validate = compiled.get(schema);
  if (!validate) {
    // The shipped schemas come precompiled (bin/compile-schemas.mjs); any other is compiled here.
    const sha256 = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
    const precompiled = COMPILED_VALIDATORS.find((entry) => entry.sha256 === sha256)?.validate as ValidateFunction | undefined;
    validate = precompiled ?? compileSchema(schema);
    compiled.set(schema, validate);
  }
  if (validate(data)) return [];
  // An unknown key is usually a misspelt required one: name it first, with its suggestion.
  const errors = [...(validate.errors ?? [])].sort(
    (a, b) => Number(b.keyword === 'additionalProperties') - Number(a.keyword === 'additionalProperties'),
  );
  return errors.map((error) => describeSchemaError(error, schema));
}

/** Throws one GbvError listing every problem: the first as the message, the rest as details. */
export function throwProblems(problems: readonly Problem[], file: string, locate: LocateYamlPath, code: string, hint: string): never {
  const lines = problems.map((problem) => {
    const at = locate(problem.path);
    const where: Location = { file, path: formatYamlPath(problem.path), ...(at ?? {}) };
    return { where, message: problem.message };
  });
  const [first, ...rest] = lines;
  const more = problems.length - 1;
  throw new GbvError(code, more === 0 ? first!.message : `${first!.message} (and ${more} more problem${more > 1 ? 's' : ''}, below)`, {
    location: first!.where,
    details: rest.map((line) => `${line.where.line !== undefined ? `line ${line.where.line}: ` : ''}${line.where.path}: ${line.message}`),
    hint,
  });
}

function pathFromPointer(pointer: string): YamlPath {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

type SchemaNode = { properties?: Record<string, SchemaNode>; items?: SchemaNode; $ref?: string };

function knownKeysAt(schema: object, path: YamlPath): string[] {
  // Walk the schema alongside the path to list the keys allowed where an unknown key appeared.
  const root = schema as SchemaNode & { definitions?: Record<string, SchemaNode> };
  const resolve = (node: SchemaNode | undefined): SchemaNode | undefined =>
    node?.$ref ? root.definitions?.[node.$ref.replace('#/definitions/', '')] : node;
  let node: SchemaNode | undefined = root;
  for (const part of path) {
    node = resolve(node);
    node = typeof part === 'number' ? node?.items : node?.properties?.[part];
  }
  return Object.keys(resolve(node)?.properties ?? {}).filter((key) => key !== '$schema');
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  array: 'a list',
  object: 'a mapping',
};

function describeSchemaError(error: ErrorObject, schema: object): Problem {
  const path = pathFromPointer(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = knownKeysAt(schema, path);
      if (known.length === 0) return { path: [...path, key], message: `unknown key "${key}"` };
      const guess = didYouMean(key, known);
      return {
        path: [...path, key],
        message: `unknown key "${key}"${guess ? ` (did you mean "${guess}"?)` : ''}; allowed keys are ${listChoices(known)}`,
      };
    }
    case 'required':
      return { path, message: `"${String(params.missingProperty)}" is required` };
    case 'type':
      return { path, message: `must be ${String(params.type).split(',').map((t) => TYPE_WORDS[t] ?? t).join(' or ')}` };
    case 'enum':
      return { path, message: `must be one of ${listChoices((params.allowedValues as unknown[]).map(String))}` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)} (the only version there is)` };
    case 'minItems':
      return { path, message: `must list at least ${String(params.limit)} entr${params.limit === 1 ? 'y' : 'ies'}` };
    case 'minLength':
      return { path, message: 'must not be empty' };
    case 'uniqueItems':
      return { path: [...path, Number(params.i)], message: `repeats entry ${Number(params.j)} of the list` };
    case 'pattern':
      return { path, message: 'must start with a letter and use only letters, digits and _' };
    case 'exclusiveMinimum':
      return { path, message: `must be greater than ${String(params.limit)}` };
    case 'minimum':
      return { path, message: `must be at least ${String(params.limit)}` };
    case 'maximum':
      return { path, message: `must be at most ${String(params.limit)}` };
    default:
      return { path, message: error.message ?? 'is not valid' };
  }
}
