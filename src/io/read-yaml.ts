// YAML text → data, with syntax errors reported at their line and column, and a way to find
// the line of any path so that schema errors can point into the file too.

import { LineCounter, parseDocument, isNode } from 'yaml';
import { GbvError } from '../errors.js';
import type { LocateYamlPath } from '../core/yaml-schema/check-schema.js';

export interface YamlDocument {
  data: unknown;
  locate: LocateYamlPath;
}

export function parseYaml(text: string, file: string): YamlDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    const at = error.linePos?.[0];
    const firstLine = error.message.split('\n')[0] ?? error.message;
    throw new GbvError('YAML_SYNTAX', `this is not valid YAML: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`, {
      location: { file, ...(at ? { line: at.line, col: at.col } : {}) },
      hint: 'check the indentation (spaces, not tabs) and that text with a colon is in quotes',
    });
  }
  const locate: LocateYamlPath = (path) => {
    // Walk up until a node exists (an unknown or missing key has no node of its own).
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]);
    }
    return undefined;
  };
  return { data: doc.toJS(), locate };
}
