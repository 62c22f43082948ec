// A DraftCodebook → YAML a person can read and finish: every guess carries a "CHECK" comment,
// suggestions the tool could not be sure of are left commented out, and the header says what
// to do next. The output must validate against schema/codebook.schema.json as it is written
// (test/core/codebook/draft.test.ts checks it), so the user can run validate at once.

import type { DraftCodebook } from './draft-codebook.js';

/** A YAML scalar: plain when that is unambiguous, else a JSON (double-quoted) string. */
function scalar(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const plain = /^[\p{L}_][\p{L}\p{N}_ .()-]*$/u.test(value) && !/^(?:y|n|yes|no|on|off|true|false|null|~)$/i.test(value) && value.trim() === value && !value.includes(' #') && !value.includes(': ');
  return plain ? value : JSON.stringify(value);
}
const list = (values: readonly (string | number)[]) => `[${values.map(scalar).join(', ')}]`;
const localized = (text: { en: string; es: string }) => `{en: ${scalar(text.en)}, es: ${scalar(text.es)}}`;

export function draftToYaml(draft: DraftCodebook, schemaPath: string): string {
  const out: string[] = [];
  out.push(`# yaml-language-server: $schema=${schemaPath}`);
  out.push('#');
  out.push(`# Draft codebook written by \`gbv-impact init\` from ${draft.source}.`);
  out.push('# It is a guess from the column names and the answers seen. Before you analyse, check every');
  out.push('# line marked CHECK: the cohort column and which value is the trained group, the scale, how');
  out.push('# the items are grouped into indices (and the names of the indices in both languages), and');
  out.push('# which items are reverse-coded (agreeing is the worse answer: add them under `reverse:`).');
  out.push('# Then run `gbv-impact validate SURVEY --codebook THIS_FILE` to see what still does not fit.');
  out.push('codebook_version: 1');
  out.push(`title: ${localized(draft.title)}   # CHECK: the instrument's name in English and Spanish`);
  out.push(`language: ${draft.language}`);
  if (draft.respondentId) out.push(`respondent_id: ${scalar(draft.respondentId.column)}   # CHECK: ${draft.respondentId.note}`);
  else out.push('# respondent_id: ...   # CHECK: no column looked like a respondent id');
  out.push(`cohort:   # CHECK: ${draft.cohort.note}`);
  out.push(`  column: ${scalar(draft.cohort.column)}`);
  out.push(`  treated: ${scalar(draft.cohort.treated)}`);
  out.push(`  control: ${scalar(draft.cohort.control)}`);
  out.push(`scale: {min: ${draft.scale.min}, max: ${draft.scale.max}}   # CHECK: ${draft.scale.note}`);
  if (draft.missingCodes.length > 0) out.push(`missing_codes: ${list(draft.missingCodes)}   # CHECK: answers that mean "no answer"`);
  if (draft.likertLabels.length > 0) {
    const example = draft.likertLabels[0] === 'en' ? '"Agree" is 4' : '"De acuerdo" is 4';
    out.push(`likert_labels: ${list(draft.likertLabels)}   # the answers are agreement labels (${example})`);
  }
  if (draft.commonMissingCodes) out.push('common_missing_codes: true   # "NS/NR", "No sabe", "No responde", 98, 99 ...');
  if (draft.labelMatching) out.push(`label_matching: ${draft.labelMatching}   # the labels come in more than one spelling (case, accents)`);
  if (draft.leadingNumber) out.push('leading_number: true   # the answers start with their number ("4 - De acuerdo")');
  if (draft.valueLabels.length > 0) {
    out.push('value_labels:   # the choice labels of the form, for an export with labels instead of numbers');
    for (const [label, value] of draft.valueLabels) out.push(`  ${scalar(label)}: ${value}`);
  }
  const { read } = draft;
  if (read.headerRows || read.stripGroupPrefix || (read.columns && read.columns.length > 0)) {
    out.push('read:');
    if (read.headerRows) out.push(`  header_rows: ${read.headerRows.rows}   # ${read.headerRows.note}`);
    if (read.stripGroupPrefix) out.push(`  strip_group_prefix: true   # ${read.stripGroupPrefix}`);
    if (read.columns && read.columns.length > 0) {
      out.push('  columns:   # the names used below → the headers of the file');
      for (const [name, header] of read.columns) out.push(`    ${scalar(name)}: ${scalar(header)}`);
    }
  }
  out.push('indices:');
  for (const index of draft.indices) {
    out.push(`  - id: ${index.id}   # CHECK: ${index.note ?? 'a short name for this index'}`);
    out.push(`    label: ${localized(index.label)}`);
    out.push(`    items: ${list(index.items)}`);
    out.push('    # reverse: []   # CHECK: items of this index where agreeing is the worse answer');
  }
  if (draft.itemText.length > 0) {
    out.push('item_text:');
    for (const [item, text] of draft.itemText) out.push(`  ${scalar(item)}: ${localized(text)}`);
  }
  if (draft.covariates.length > 0 || draft.weights) {
    out.push('');
    out.push('# Background columns for the balance table and the adjusted comparison (uncomment to use):');
    if (draft.covariates.length > 0) out.push(`# covariates: ${list(draft.covariates)}`);
    if (draft.weights) out.push(`# weights: ${scalar(draft.weights)}`);
  }
  if (draft.skipped.length > 0) {
    out.push('');
    out.push('# Columns left out:');
    const byWhy = new Map<string, string[]>();
    for (const { column, why } of draft.skipped) byWhy.set(why, [...(byWhy.get(why) ?? []), column]);
    for (const [why, columns] of byWhy) out.push(`#   ${why}: ${columns.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
