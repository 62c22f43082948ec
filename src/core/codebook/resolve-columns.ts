// Which header of the file each codebook name stands for. Exports rarely use the short names a
// codebook wants: KoboToolbox writes "grp_sens/sen_1", ODK Central "grp_sens-sen_1", LimeSurvey
// "SEN[SQ001]", Google Forms the whole question. `read.columns` names the header outright;
// `read.strip_group_prefix` lets a name match a header that ends in it after a group path. An
// exact header always wins, so a plain CSV reads as it always did.

import type { Codebook } from './codebook.js';
import { referencedColumns } from './codebook.js';
import { didYouMean } from '../text/did-you-mean.js';

const GROUP_SEPARATORS = ['/', '-', '.', ':'];

export interface ColumnResolution {
  /** The header with every resolved column renamed to its codebook name. */
  header: string[];
  /** Codebook name → the header as the file has it, for the names that were mapped. */
  renamed: Map<string, string>;
  /** Names that could not be resolved as the codebook asks: path and message. */
  problems: { path: string; message: string }[];
}

/** `extraNames`: names given on the command line (--cluster, --by) that may need a prefix too. */
export function resolveColumns(codebook: Codebook, header: readonly string[], surveyFile: string, extraNames: readonly string[] = []): ColumnResolution {
  const renamed = new Map<string, string>();
  const problems: { path: string; message: string }[] = [];
  const out = [...header];
  const exact = new Set(header);
  const { columns, stripGroupPrefix } = codebook.read;

  for (const [name, target] of columns) {
    const at = header.indexOf(target);
    if (at < 0) {
      const guess = didYouMean(target, header);
      problems.push({ path: `read.columns.${name}`, message: `"${target}" is not a column of ${surveyFile}${guess ? ` (did you mean "${guess}"?)` : ''}` });
      continue;
    }
    out[at] = name;
    if (target !== name) renamed.set(name, target);
  }

  if (stripGroupPrefix) {
    const names = new Set([...referencedColumns(codebook).map((ref) => ref.column), ...extraNames]);
    for (const name of names) {
      if (exact.has(name) || columns.has(name)) continue;
      const candidates = header
        .map((h, i) => ({ h, i }))
        .filter(({ h }) => h.length > name.length && h.endsWith(name) && GROUP_SEPARATORS.includes(h[h.length - name.length - 1]!));
      if (candidates.length === 1) {
        out[candidates[0]!.i] = name;
        renamed.set(name, candidates[0]!.h);
      } else if (candidates.length > 1) {
        problems.push({
          path: `read.strip_group_prefix`,
          message: `"${name}" could be any of ${candidates.map((c) => `"${c.h}"`).join(', ')}; name the one you mean in read.columns`,
        });
      }
    }
  }
  return { header: out, renamed, problems };
}
