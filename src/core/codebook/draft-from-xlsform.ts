// `gbv-impact init --from-xlsform FORM.xlsx`: a draft codebook from the form itself (the survey
// and choices sheets of an XLSForm, as KoboToolbox, ODK and SurveyCTO use). A select_one whose
// list has 3 to 7 whole-number choices is a Likert item (codes of 90 and above, or below 0, are
// missing codes, not scale points); each group of such items is one index, named by the
// group's label; a select_one with two choices and a cohort-like name is the cohort. Labels come
// from `label::Spanish (es)`-style columns in the language asked for.

import type { LocalizedText } from './codebook.js';
import { indexId, type DraftCodebook, type DraftIndex } from './draft-codebook.js';

export interface XlsFormSheets {
  survey: string[][];
  choices: string[][];
  settings?: string[][];
}

const COHORT_NAMES = /grupo|cohort|capacit|train|tratamiento|treat|condici|arm|recib|taller|curso/i;
const TREATED_VALUES = /capacit|train|trat|treat|^s[ií]$|^yes$|^1$|interven|recib/i;

/** Column positions by name, case-insensitive; label columns by language. */
function columnsOf(header: readonly string[]) {
  const lower = header.map((h) => h.trim().toLowerCase());
  const find = (name: string) => lower.indexOf(name);
  const label = (language: 'es' | 'en'): number => {
    const names = language === 'es' ? ['spanish', 'español', 'espanol', 'es'] : ['english', 'inglés', 'ingles', 'en'];
    const at = lower.findIndex((h) => {
      const match = /^label::\s*(.+)$/.exec(h);
      if (!match) return false;
      const tag = match[1]!.trim();
      return names.some((n) => tag === n || tag.startsWith(`${n} `) || tag.endsWith(`(${language})`));
    });
    return at >= 0 ? at : find('label');
  };
  return { find, label };
}

interface Choice {
  name: string;
  label: LocalizedText;
}

export function draftFromXlsForm(form: XlsFormSheets, source: string, language: 'es' | 'en'): DraftCodebook {
  const [surveyHeader = [], ...surveyRows] = form.survey;
  const [choicesHeader = [], ...choiceRows] = form.choices;
  const s = columnsOf(surveyHeader);
  const c = columnsOf(choicesHeader);
  const [typeAt, nameAt] = [s.find('type'), s.find('name')];
  const [listAt, choiceNameAt] = [c.find('list_name') >= 0 ? c.find('list_name') : c.find('list name'), c.find('name')];
  if (typeAt < 0 || nameAt < 0 || listAt < 0 || choiceNameAt < 0) {
    throw new Error('not-xlsform');
  }
  const text = (row: readonly string[], at: number) => (at >= 0 ? (row[at] ?? '').trim() : '');
  const localized = (row: readonly string[], columns: ReturnType<typeof columnsOf>, fallback: string): LocalizedText => {
    const es = text(row, columns.label('es')) || fallback;
    const en = text(row, columns.label('en')) || es;
    return { en, es };
  };

  const lists = new Map<string, Choice[]>();
  for (const row of choiceRows) {
    const list = text(row, listAt);
    const name = text(row, choiceNameAt);
    if (list === '' || name === '') continue;
    lists.set(list, [...(lists.get(list) ?? []), { name, label: localized(row, c, name) }]);
  }

  interface Item { name: string; list: string; group: { name: string; label: LocalizedText } | undefined; label: LocalizedText }
  const items: Item[] = [];
  const cohortCandidates: { name: string; choices: Choice[] }[] = [];
  const covariates: string[] = [];
  const skipped: { column: string; why: string }[] = [];
  const groups: { name: string; label: LocalizedText; repeat: boolean }[] = [];
  let anyGroup = false;
  let respondentId: string | undefined;
  for (const row of surveyRows) {
    const type = text(row, typeAt).replace(/\s+/g, ' ');
    const name = text(row, nameAt);
    const kind = type.toLowerCase();
    if (kind === 'begin group' || kind === 'begin_group' || kind === 'begin repeat' || kind === 'begin_repeat') {
      groups.push({ name, label: localized(row, s, name), repeat: kind.includes('repeat') });
      anyGroup = true;
      continue;
    }
    if (kind === 'end group' || kind === 'end_group' || kind === 'end repeat' || kind === 'end_repeat') {
      groups.pop();
      continue;
    }
    if (name === '') continue;
    if (groups.some((g) => g.repeat)) {
      skipped.push({ column: name, why: 'inside a repeat (one row per repetition, not per respondent)' });
      continue;
    }
    const select = /^select_one\s+(\S+)/i.exec(type);
    if (select) {
      const choices = lists.get(select[1]!) ?? [];
      const codes = choices.map((ch) => Number(ch.name));
      const scalePoints = choices.filter((ch, i) => /^-?\d+$/.test(ch.name) && codes[i]! >= 0 && codes[i]! < 90);
      if (scalePoints.length >= 3 && scalePoints.length <= 7 && choices.every((ch) => /^-?\d+$/.test(ch.name))) {
        const inner = groups.at(-1);
        items.push({ name, list: select[1]!, group: inner && { name: inner.name, label: inner.label }, label: localized(row, s, name) });
      } else {
        if (choices.length === 2) cohortCandidates.push({ name, choices });
        covariates.push(name);
      }
      continue;
    }
    if (/^(text|integer|barcode)$/i.test(kind) && respondentId === undefined && /^(folio|id|id_?encuesta|respondent_?id|cuestionario)$/i.test(name)) respondentId = name;
    else if (/^(integer|decimal)$/i.test(kind)) covariates.push(name);
    else if (!/^(note|calculate|start|end|today|deviceid|username|audit|begin|end)/i.test(kind)) skipped.push({ column: name, why: `type ${type}` });
  }
  if (items.length === 0) throw new Error('no-items');

  // The scale: the most common range among the items' lists; items on another scale are left out.
  const range = (list: string) => {
    const points = (lists.get(list) ?? []).map((ch) => Number(ch.name)).filter((n) => n >= 0 && n < 90);
    return `${Math.min(...points)}..${Math.max(...points)}`;
  };
  const tally = new Map<string, number>();
  for (const item of items) tally.set(range(item.list), (tally.get(range(item.list)) ?? 0) + 1);
  const [common] = [...tally].sort((a, b) => b[1] - a[1])[0]!;
  const [min, max] = common.split('..').map(Number) as [number, number];
  const onScale = items.filter((item) => range(item.list) === common);
  for (const item of items) if (range(item.list) !== common) skipped.push({ column: item.name, why: `a Likert item on another scale (${range(item.list).replace('..', '–')})` });

  const missing = new Set<number>();
  const labels = new Map<string, number | null>();
  for (const list of new Set(onScale.map((item) => item.list))) {
    for (const choice of lists.get(list) ?? []) {
      const code = Number(choice.name);
      if (code < 0 || code >= 90) {
        missing.add(code);
        continue;
      }
      const label = choice.label[language];
      const before = labels.get(label);
      labels.set(label, before === undefined || before === code ? code : null);
    }
  }

  const taken = new Set<string>();
  const byGroup = new Map<string, { label: LocalizedText; items: string[] }>();
  for (const item of onScale) {
    const key = item.group?.name ?? '';
    const entry = byGroup.get(key) ?? { label: item.group?.label ?? { en: 'Items', es: 'Reactivos' }, items: [] };
    entry.items.push(item.name);
    byGroup.set(key, entry);
  }
  const indices: DraftIndex[] = [...byGroup].map(([group, entry]) => ({
    id: indexId(group || 'items', taken),
    label: entry.label,
    items: entry.items,
    note: group ? `from the group "${group}"` : 'these items are in no group: split them into indices',
  }));

  const cohortPick = cohortCandidates.find((candidate) => COHORT_NAMES.test(candidate.name)) ?? cohortCandidates[0];
  let cohort: DraftCodebook['cohort'];
  if (cohortPick) {
    const [a, b] = cohortPick.choices as [Choice, Choice];
    const [treated, control] = TREATED_VALUES.test(a.name) || TREATED_VALUES.test(a.label.es) ? [a, b] : [b, a];
    cohort = {
      column: cohortPick.name,
      treated: treated.name,
      control: control.name,
      note: `which choice is the trained group? "${a.name}" (${a.label[language]}) or "${b.name}" (${b.label[language]}); an export with labels needs the labels here`,
    };
    const at = covariates.indexOf(cohortPick.name);
    if (at >= 0) covariates.splice(at, 1);
  } else {
    cohort = { column: covariates[0] ?? 'TODO_cohort_column', treated: 'TODO: value of the trained group', control: 'TODO: value of the control group', note: 'the form has no select_one with two choices: name the cohort column and its two values' };
  }

  const settingsTitle = (() => {
    const [header = [], row = []] = form.settings ?? [];
    const at = header.findIndex((h) => h.trim().toLowerCase() === 'form_title');
    return at >= 0 ? (row[at] ?? '').trim() : '';
  })();
  return {
    source,
    title: settingsTitle ? { en: settingsTitle, es: settingsTitle } : { en: 'TODO: title in English', es: 'TODO: título en español' },
    language,
    ...(respondentId ? { respondentId: { column: respondentId, note: 'the form asks for it and its name says it is an id' } } : {}),
    cohort,
    scale: { min, max, note: `the form's answer lists run from ${min} to ${max}` },
    missingCodes: [...missing].sort((a, b) => a - b),
    likertLabels: [],
    commonMissingCodes: false,
    valueLabels: [...labels].filter((entry): entry is [string, number] => entry[1] !== null && entry[0] !== ''),
    read: anyGroup ? { stripGroupPrefix: 'exports write grouped questions as "group/question" (KoboToolbox) or "group-question" (ODK Central)' } : {},
    indices,
    itemText: onScale.map((item) => [item.name, item.label] as [string, LocalizedText]),
    covariates,
    skipped,
  };
}
