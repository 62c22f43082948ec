// Every fixed string a reader sees, in English and in Spanish as a Mexican evaluator would
// write it. Templates and the terminal renderer take their words from here, never inline.

import type { Language } from '../core/codebook/codebook.js';

export const MESSAGES = {
  en: {
    locale: 'en-US',
    reportTitle: 'Training impact report',
    survey: 'Survey',
    codebook: 'Codebook',
    builtInCodebook: 'built-in (the 2020 Mexico instrument)',
    rowsLine: '{read} rows read, {analysed} analysed',
    dropped: 'left out: {empty} empty, {other} with another cohort value',
    trained: 'Trained',
    control: 'Control',
    index: 'Index',
    difference: 'Difference',
    ci95: '95% CI',
    diffWithCi: 'Difference [95% CI]',
    pctOfControl: '% of control',
    pWelch: 'p (Welch)',
    hedgesG: "Hedges' g",
    mean: 'Mean',
    sd: 'SD',
    n: 'n',
    results: 'Results by index',
    unitsNote:
      'Indices run from 0 to 100 (sums of indices from 0 to {sumMax}). Differences are trained minus control, in index points; % of control is the difference as a share of the control mean. p and the 95% CI come from Welch’s t test; g is Hedges’ g with the exact small-sample correction.',
    legend: 'green: improvement whose 95% CI excludes zero · red: decline whose CI excludes zero · plain: CI includes zero',
    compositeNote:
      '{label} is the {method} of {components}, computed only for respondents with every component ({n} rows). The {method} of the components’ own differences is {componentValue}.',
    methodSum: 'sum',
    methodMean: 'mean',
    association:
      'Trained and untrained officers were not assigned at random, so these differences show an association, not proof that the training caused them. No adjustment for covariates or clustering was made here.',
    reproduction: 'Published figures',
    reproductionOf: 'Checked against {file}',
    figure: 'Figure',
    metric: 'Metric',
    published: 'Published',
    reproduced: 'Reproduced',
    deviation: 'Deviation',
    tolerance: 'Tolerance',
    status: 'Status',
    status_ok: 'ok',
    status_miss: 'MISSED',
    status_source_inconsistent: 'source inconsistent',
    status_not_computable: 'not computable',
    inconsistencyHeading: 'Inconsistencies inside the published figures',
    compositeInconsistency:
      'The published difference for “{subject}” ({published}) is not the {method} of its published components ({parts} = {implied}): the source itself is off by {gap}.',
    totalInconsistency: 'The published total ({published}) is not the sum of the published cohorts ({parts} = {implied}).',
    reproductionPassed: 'Every published figure was reproduced within its tolerance.',
    reproductionPassedExplained:
      'Every published figure was reproduced, except where the source contradicts itself (see the note above).',
    reproductionFailed: '{count} published figure(s) were not reproduced within tolerance.',
    dataQuality: 'Data quality',
    noFindings: 'No data-quality findings.',
    severity_error: 'error',
    severity_warning: 'warning',
    severity_info: 'note',
    methods: 'Methods',
    methodsText:
      'Items are rescaled to 0–100 ((x − min)/(max − min) × 100), reverse-coded items as 100 minus that. An index is the mean of the answered items when at least the minimum share was answered. Missing codes, blanks and answers outside the scale count as missing.',
    toolVersion: 'Tool version',
    inputSha: 'Input sha256',
    codebookSha: 'Codebook sha256',
    generated: 'Generated',
    notComputable: 'n/a',
    and: 'and',
    yes: 'yes',
    no: 'no',
  },
  es: {
    locale: 'es-MX',
    reportTitle: 'Informe de impacto de la capacitación',
    survey: 'Encuesta',
    codebook: 'Libro de códigos',
    builtInCodebook: 'integrado (instrumento de México 2020)',
    rowsLine: '{read} filas leídas, {analysed} analizadas',
    dropped: 'excluidas: {empty} vacías, {other} con otro valor de grupo',
    trained: 'Capacitados',
    control: 'Control',
    index: 'Índice',
    difference: 'Diferencia',
    ci95: 'IC 95%',
    diffWithCi: 'Diferencia [IC 95%]',
    pctOfControl: '% del control',
    pWelch: 'p (Welch)',
    hedgesG: 'g de Hedges',
    mean: 'Media',
    sd: 'DE',
    n: 'n',
    results: 'Resultados por índice',
    unitsNote:
      'Los índices van de 0 a 100 (las sumas de índices, de 0 a {sumMax}). Las diferencias son capacitados menos control, en puntos del índice; el % del control expresa la diferencia respecto a la media del grupo control. La p y el IC 95% provienen de la prueba t de Welch; g es la g de Hedges con la corrección exacta para muestras pequeñas.',
    legend: 'verde: mejora cuyo IC 95% no incluye el cero · rojo: retroceso cuyo IC no incluye el cero · sin color: el IC incluye el cero',
    compositeNote:
      '{label} es la {method} de {components}; se calcula solo para quienes tienen todos los componentes ({n} filas). La {method} de las diferencias de cada componente es {componentValue}.',
    methodSum: 'suma',
    methodMean: 'media',
    association:
      'Los policías capacitados y los no capacitados no se asignaron al azar: estas diferencias muestran una asociación, no prueban que la capacitación las haya causado. Aquí no se ajustó por covariables ni por conglomerados.',
    reproduction: 'Cifras publicadas',
    reproductionOf: 'Comparadas con {file}',
    figure: 'Cifra',
    metric: 'Métrica',
    published: 'Publicada',
    reproduced: 'Reproducida',
    deviation: 'Desviación',
    tolerance: 'Tolerancia',
    status: 'Estado',
    status_ok: 'ok',
    status_miss: 'NO COINCIDE',
    status_source_inconsistent: 'fuente incoherente',
    status_not_computable: 'no calculable',
    inconsistencyHeading: 'Incoherencias dentro de las cifras publicadas',
    compositeInconsistency:
      'La diferencia publicada de “{subject}” ({published}) no es la {method} de sus componentes publicados ({parts} = {implied}): la propia fuente difiere en {gap}.',
    totalInconsistency: 'El total publicado ({published}) no es la suma de los grupos publicados ({parts} = {implied}).',
    reproductionPassed: 'Todas las cifras publicadas se reprodujeron dentro de su tolerancia.',
    reproductionPassedExplained:
      'Todas las cifras publicadas se reprodujeron, salvo donde la propia fuente se contradice (ver la nota anterior).',
    reproductionFailed: '{count} cifra(s) publicada(s) no se reprodujeron dentro de la tolerancia.',
    dataQuality: 'Calidad de los datos',
    noFindings: 'Sin observaciones sobre la calidad de los datos.',
    severity_error: 'error',
    severity_warning: 'aviso',
    severity_info: 'nota',
    methods: 'Métodos',
    methodsText:
      'Cada reactivo se reescala de 0 a 100 ((x − mín)/(máx − mín) × 100); los reactivos inversos, como 100 menos ese valor. Un índice es la media de los reactivos respondidos, siempre que se haya respondido al menos la proporción mínima. Los códigos de no respuesta, las celdas vacías y los valores fuera de la escala cuentan como faltantes.',
    toolVersion: 'Versión de la herramienta',
    inputSha: 'sha256 de la encuesta',
    codebookSha: 'sha256 del libro de códigos',
    generated: 'Fecha',
    notComputable: 'n/d',
    and: 'y',
    yes: 'sí',
    no: 'no',
  },
} as const;

export type MessageKey = keyof (typeof MESSAGES)['en'];
export type Messages = Record<MessageKey, string>;

export function messagesFor(language: Language): Messages {
  return MESSAGES[language];
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
