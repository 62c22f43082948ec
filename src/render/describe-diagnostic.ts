// Data-quality and review findings in the report's language. Core writes each diagnostic's
// message in English (stable text for logs and JSON) with its variable parts in `params`; the
// reports word them here, with index labels instead of ids and counts that agree with their nouns.

import type { Language } from '../core/codebook/codebook.js';
import { describeRows, type Diagnostic } from '../core/diagnostics.js';
import { ADJUSTMENT_PROBLEMS } from '../core/evaluate/evaluate.js';
import { whyUnscored } from '../core/scoring/row-diagnostics.js';

const SPANISH_ROWS = { one: 'fila', many: 'filas', and: 'y', more: 'más' };

/** "1 persona no tiene" / "9 personas no tienen": the count with the phrase that agrees with it. */
function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

type Params = Record<string, string | number>;
type Wording = (p: Params, d: Diagnostic, label: (id: string) => string) => string;

/** A number as the tables print it, with a minus sign (−), not a hyphen. */
const minus = (value: string | number | undefined): string => String(value).replace(/^-/, '−');

/** Each index of CLUSTER_VALUE_MISSING by its label, with its clustered difference and rows. */
const clustered = (p: Params, label: (id: string) => string, phrase: (estimate: string, n: string) => string): string => {
  const estimates = String(p.estimates).split(',');
  const ns = String(p.ns).split(',');
  return String(p.indices)
    .split(',')
    .map((id, k) => `“${label(id)}” ${phrase(estimates[k]!, ns[k]!)}`)
    .join(', ');
};

const SPANISH: Record<string, Wording> = {
  NO_SCORE: (p, _d, label) => {
    const why = [
      ...(Number(p.below) > 0 ? [`${plural(Number(p.below), 'respondió', 'respondieron')} menos del ${String(p.share)}% de sus ${String(p.items)} reactivos`] : []),
      ...(Number(p.none) > 0 ? [`${plural(Number(p.none), 'no respondió', 'no respondieron')} ninguno`] : []),
    ].join(' y ');
    return Number(p.scored) === 0
      ? `nadie tiene puntaje en “${label(String(p.index))}”, así que no se puede comparar: ${why}`
      : `${plural(Number(p.count), 'persona no tiene', 'personas no tienen')} puntaje en “${label(String(p.index))}”: ${why}`;
  },
  OUT_OF_SCALE: (p, d, label) =>
    `${plural(Number(p.count), 'respuesta está', 'respuestas están')} fuera de la escala ${String(p.min)}–${String(p.max)} (${String(p.values)}) ` +
    `en el índice “${label(String(p.index))}”; ${Number(p.count) === 1 ? 'se trata como faltante' : 'se tratan como faltantes'} (${describeRows(d.rows ?? [], SPANISH_ROWS)})`,
  OTHER_COHORT: (p, d) => {
    const excluded = Number(p.count) === 1 ? 'se excluyó' : 'se excluyeron';
    return p.value === ''
      ? `${plural(Number(p.count), 'fila no tiene', 'filas no tienen')} valor de grupo; ${excluded} (${describeRows(d.rows ?? [], SPANISH_ROWS)})`
      : `${plural(Number(p.count), 'fila tiene', 'filas tienen')} el grupo “${String(p.value)}”, que no es ni el valor de capacitados “${String(p.treated)}” ni el de control “${String(p.control)}”; ${excluded} (${describeRows(d.rows ?? [], SPANISH_ROWS)})`;
  },
  LOW_ALPHA: (p, _d, label) =>
    `el alfa de Cronbach de “${label(String(p.index))}” es ${minus(p.alpha)}, menor que ${String(p.threshold)}: sus reactivos quizá no miden lo mismo y su puntaje tiene mucho ruido`,
  REVERSE_CODING_SUSPECT: (p, _d, label) =>
    `el reactivo “${String(p.item)}” se correlaciona negativamente (r = ${minus(p.r)}) con el resto de “${label(String(p.index))}”: ` +
    (Number(p.declared) === 1 ? '¿se marcó como inverso por error?' : '¿es un reactivo inverso que no se declaró en reverse?'),
  FEW_CLUSTERS: (p) =>
    `${Number(p.clusters) === 1 ? 'solo hay 1 conglomerado' : `solo hay ${String(p.clusters)} conglomerados`} en “${String(p.column)}”: con menos de ${String(p.threshold)}, ` +
    'la inferencia robusta por conglomerados es frágil; la corrección CR2 ayuda, pero los intervalos pueden seguir siendo demasiado estrechos',
  CLUSTER_UNAVAILABLE: (p, _d, label) =>
    `no hay inferencia robusta por conglomerados para “${label(String(p.index))}”: se necesitan al menos ${String(p.min)} conglomerados con policías capacitados, ` +
    `${String(p.min)} con policías sin capacitar y puntajes que varíen; su intervalo y su p son los de Welch`,
  NO_INFERENCE: (p, _d, label) =>
    `no hay intervalo ni valor p para “${label(String(p.index))}”: una prueba necesita al menos 2 personas con puntaje en cada grupo y puntajes que varíen, ` +
    `y tiene ${plural(Number(p.treated), 'persona capacitada', 'personas capacitadas')} y ${Number(p.control)} sin capacitar`,
  CLUSTER_VALUE_MISSING: (p, d, label) =>
    `${plural(Number(p.count), 'fila no tiene', 'filas no tienen')} valor en “${String(p.column)}” (${describeRows(d.rows ?? [], SPANISH_ROWS)}): ` +
    'la inferencia robusta por conglomerados las deja fuera, así que el intervalo y el valor p corresponden a la diferencia de las filas con conglomerado, no a la que se muestra: ' +
    clustered(p, label, (estimate, n) => `${estimate} en ${n} filas`),
  WEIGHT_UNUSABLE: (p) =>
    `${plural(Number(p.count), 'fila tiene', 'filas tienen')} un ponderador vacío, no numérico, cero o negativo en “${String(p.column)}”; ` +
    'se excluyen solo de la comparación ponderada',
  IMBALANCE: (p) =>
    `los grupos difieren en ${String(p.covariates)} (diferencia estandarizada mayor que ${String(p.threshold)}); si esas características también influyen en las respuestas, ` +
    'la diferencia sin ajuste mezcla el efecto de la capacitación con el de quiénes se capacitaron: consulte la diferencia ajustada',
  ADJUSTMENT_UNAVAILABLE: (p, _d, label) => {
    const reasons: Record<string, string> = {
      'one-cohort': 'solo un grupo tiene filas con todas las covariables',
      'treated-collinear': 'las covariables ya determinan quién se capacitó (por ejemplo, capacitación a estados completos con el estado como covariable), así que no se puede separar la capacitación de ellas',
      'too-few-rows': 'hay menos filas que parámetros en el modelo',
      'leverage-one': 'una sola persona decide por sí misma el coeficiente de la capacitación (por ejemplo, el único policía capacitado de una categoría de covariable), así que el error estándar HC2 queda indefinido; agrupe las categorías poco frecuentes',
      'perfect-fit': 'las covariables explican exactamente los puntajes',
    };
    return `no hay diferencia ajustada por covariables para “${label(String(p.index))}”: ${reasons[String(p.reason)] ?? String(p.reason)}`;
  },
  ANDERSON_UNAVAILABLE: () =>
    'no hay índice resumen de Anderson: los subíndices están perfectamente correlacionados en los casos completos y su covarianza no se puede invertir',
  ENCODING_GUESSED: () =>
    'el archivo no es UTF-8 válido, así que se leyó como Windows-1252, la codificación que usa Excel en español para «CSV»',
  INCOMPLETE_RESPONSE: (p, d) =>
    `${plural(Number(p.count), 'respuesta incompleta se excluyó', 'respuestas incompletas se excluyeron')} ` +
    `(${p.values === '' ? `“${String(p.column)}” está vacío` : `“${String(p.column)}” no es ${String(p.values)}`}; ${describeRows(d.rows ?? [], SPANISH_ROWS)})`,
};

/** English wording where the core message names an index by id: reports use its label. */
const ENGLISH: Record<string, Wording> = {
  NO_INFERENCE: (p, _d, label) =>
    `no interval or p for “${label(String(p.index))}”: a test needs at least 2 respondents with a score in each cohort and scores that vary, and it has ${Number(p.treated)} trained and ${Number(p.control)} untrained`,
  CLUSTER_VALUE_MISSING: (p, d, label) =>
    `${plural(Number(p.count), 'row has', 'rows have')} no value in “${String(p.column)}” (${describeRows(d.rows ?? [])}): cluster-robust inference leaves them out, ` +
    'so the interval and p are about the difference of the rows with a cluster, not the one shown: ' +
    clustered(p, label, (estimate, n) => `${estimate} on ${n} rows`),
  NO_SCORE: (p, _d, label) => {
    const why = whyUnscored(Number(p.below), Number(p.none), Number(p.share), Number(p.items));
    return Number(p.scored) === 0
      ? `no respondent has a score on “${label(String(p.index))}”, so it cannot be compared: ${why}`
      : `${plural(Number(p.count), 'respondent has', 'respondents have')} no score on “${label(String(p.index))}”: ${why}`;
  },
  OUT_OF_SCALE: (p, d, label) =>
    `${plural(Number(p.count), 'answer is', 'answers are')} outside the scale ${String(p.min)}–${String(p.max)} (${String(p.values)}) ` +
    `in “${label(String(p.index))}”; treated as missing (${describeRows(d.rows ?? [])})`,
  LOW_ALPHA: (p, _d, label) =>
    `Cronbach’s alpha of “${label(String(p.index))}” is ${minus(p.alpha)}, below ${String(p.threshold)}: its items may not measure one thing, and its score is noisy`,
  REVERSE_CODING_SUSPECT: (p, _d, label) =>
    `item “${String(p.item)}” correlates negatively (r = ${minus(p.r)}) with the rest of “${label(String(p.index))}”: ` +
    (Number(p.declared) === 1 ? 'was it marked reverse-coded by mistake?' : 'is it reverse-coded but not declared in reverse?'),
  CLUSTER_UNAVAILABLE: (p, _d, label) =>
    `no cluster-robust inference for “${label(String(p.index))}”: it needs at least ${String(p.min)} clusters with trained and ${String(p.min)} with untrained officers, and scores that vary; its interval and p are Welch’s`,
  ADJUSTMENT_UNAVAILABLE: (p, _d, label) =>
    `no covariate-adjusted difference for “${label(String(p.index))}”: ${ADJUSTMENT_PROBLEMS[String(p.reason) as keyof typeof ADJUSTMENT_PROBLEMS] ?? String(p.reason)}`,
};

export function describeDiagnostic(d: Diagnostic, language: Language, label: (id: string) => string): string {
  const wording = (language === 'es' ? SPANISH : ENGLISH)[d.code];
  return wording && d.params ? wording(d.params, d, label) : d.message;
}
