#!/usr/bin/env node
// generate.mjs: seeded generator of samples/mexico-2020/survey.csv.
//
// WHAT THIS IS. A SYNTHETIC reconstruction of the officer survey behind the 2020 UNODC impact
// assessment of police training on gender-based violence in Mexico. The microdata were never
// published; every row here is invented. Nothing in the file describes a real person.
//
// TAKEN FROM THE SOURCE (UNODC press release, July 2020): 1,816 officers surveyed, 716 untrained
// (control) and 1,100 trained; 25 states; the three index names; and the published differences
// trained - control, read as index points on 0-100: communication +4, victim_response +16.54,
// awareness +8.6. The composite (+28.14, "aggregate of the three") is NOT a target: the
// components sum to 29.14, and the sample is left to show whatever the data give.
// INVENTED: the item wording (codebook.yaml), which states/municipalities appear, who was trained
// where, age, sex, seniority, rank, the latent-trait model, item parameters and all missingness.
//
// MODEL. Officers are drawn into 25 states x 2-4 municipalities. Training was delivered by
// municipality: each municipality has a training propensity, and the nTreated officers with the
// highest (propensity + logistic noise) are trained, so counts are exact and the trained share
// is clustered. Each officer has one latent trait per index (correlated r = 0.4 across indices)
// = state random effect (ICC ~4% on the latent scale) + individual part + small covariate effects
// + shift[index] if trained. Each item = loading * trait + intercept + N(0,1) noise, cut at fixed
// thresholds into 1-5; reverse-coded items use -loading, so a high-trait officer answers 1-2.
// Then cells are blanked or coded 98 / 99 / NS/NR (a few % of cells), ~1.5% of officers skip most
// of one index, and rows are shuffled. All randomness comes from seeded sfc32 streams (seeded via
// splitmix32), drawn BEFORE the treatment shifts are applied, so changing a shift changes answers
// but never which random numbers are used.
//
// CALIBRATION (default sample only). For each index, the shift is found by bisection so that the
// difference of mean index scores (scored exactly as STATISTICS.md s2-s3: missing codes and
// blanks missing, r = (x-1)/4*100, reversed r = 100 - r, score = mean of answered items if
// answered/k >= 0.5 - 1e-9) is the attainable value closest to the published one, and at most
// 0.004 away, hence rounds to it (the shift is set mid-way along the flat stretch giving that
// value). The treated mean is monotone in the shift and moves in steps below 0.008 (one answer of
// one officer crossing a threshold), so bisection always lands. Should it ever fail, a second
// parameter is stepped deterministically (the treated spread: 1 +/- 0.002, +/- 0.004, ...) and
// bisection rerun. The results are asserted; the script exits 1 if a target is missed. Other
// sizes/seeds (--rows, --seed, or generateSurveyCsv) skip calibration and reuse the default
// sample's calibrated parameters.
//
// Usage: node samples/mexico-2020/generate.mjs [OUT_PATH] [--rows N] [--seed S]
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEFAULTS = Object.freeze({ seed: 2020, nControl: 716, nTreated: 1100 });
const TARGETS = { communication: 4.0, victim_response: 16.54, awareness: 8.6 };
const TOL = 0.004;                       // |achieved - target| <= TOL  =>  rounds to target
const MISSING = ['', '98', '99', 'NS/NR'];
const SCALE_MIN = 1, SCALE_MAX = 5, MIN_SHARE = 0.5;
const THRESHOLDS = [-1.6, -0.55, 0.45, 1.5];   // latent cut points between answers 1|2|3|4|5
const P_CELL_MISSING = 0.022, P_PARTIAL = 0.015;
const CARGOS = ['Policía', 'Policía Tercero', 'Policía Segundo', 'Policía Primero', 'Suboficial', 'Oficial'];
const STATES = [
  ['Aguascalientes', ['Aguascalientes', 'Jesús María', 'Calvillo']],
  ['Baja California', ['Tijuana', 'Mexicali', 'Ensenada', 'Playas de Rosarito']],
  ['Baja California Sur', ['La Paz', 'Los Cabos']],
  ['Campeche', ['Campeche', 'Carmen', 'Champotón']],
  ['Chiapas', ['Tuxtla Gutiérrez', 'Tapachula', 'San Cristóbal de las Casas']],
  ['Chihuahua', ['Chihuahua', 'Juárez', 'Cuauhtémoc', 'Delicias']],
  ['Coahuila', ['Saltillo', 'Torreón', 'Monclova', 'Piedras Negras']],
  ['Colima', ['Colima', 'Manzanillo', 'Tecomán']],
  ['Durango', ['Durango', 'Gómez Palacio', 'Lerdo']],
  ['Guanajuato', ['León', 'Irapuato', 'Celaya', 'Guanajuato']],
  ['Guerrero', ['Acapulco de Juárez', 'Chilpancingo de los Bravo', 'Iguala de la Independencia']],
  ['Hidalgo', ['Pachuca de Soto', 'Tulancingo de Bravo', 'Tizayuca']],
  ['Jalisco', ['Guadalajara', 'Zapopan', 'San Pedro Tlaquepaque', 'Puerto Vallarta']],
  ['Estado de México', ['Ecatepec de Morelos', 'Nezahualcóyotl', 'Toluca', 'Naucalpan de Juárez']],
  ['Michoacán', ['Morelia', 'Uruapan', 'Zamora']],
  ['Morelos', ['Cuernavaca', 'Jiutepec', 'Cuautla']],
  ['Nuevo León', ['Monterrey', 'Guadalupe', 'Apodaca', 'San Nicolás de los Garza']],
  ['Oaxaca', ['Oaxaca de Juárez', 'Salina Cruz', 'Juchitán de Zaragoza']],
  ['Puebla', ['Puebla', 'Tehuacán', 'San Andrés Cholula']],
  ['Querétaro', ['Querétaro', 'San Juan del Río', 'Corregidora']],
  ['Quintana Roo', ['Benito Juárez', 'Othón P. Blanco', 'Solidaridad']],
  ['San Luis Potosí', ['San Luis Potosí', 'Soledad de Graciano Sánchez', 'Ciudad Valles']],
  ['Sonora', ['Hermosillo', 'Cajeme', 'Nogales']],
  ['Tabasco', ['Centro', 'Cárdenas', 'Comalcalco']],
  ['Yucatán', ['Mérida', 'Valladolid', 'Progreso']],
];
// [column, loading, intercept, reverse-coded]; loadings/intercepts are invented.
const INDICES = [
  { id: 'communication', items: [['com_1', 1.0, 0.6, false], ['com_2', 0.7, 0.1, false],
    ['com_3', 1.0, 0.7, false], ['com_4', 0.8, -0.6, true], ['com_5', 0.9, 0.4, false]] },
  { id: 'victim_response', items: [['ate_1', 1.0, 0.3, false], ['ate_2', 1.0, 0.2, false],
    ['ate_3', 0.9, 0.5, false], ['ate_4', 1.0, 0.1, false], ['ate_5', 0.8, -0.3, true],
    ['ate_6', 0.9, 0.4, false]] },
  { id: 'awareness', items: [['sen_1', 1.0, 0.6, false], ['sen_2', 1.0, -0.9, true],
    ['sen_3', 0.9, 0.4, false], ['sen_4', 0.8, 0.2, true], ['sen_5', 0.9, 0.7, false],
    ['sen_6', 1.0, -1.0, true]] },
];

// ---- seeded randomness -----------------------------------------------------------------------
function splitmix32(a) {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16); t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15; t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}
function sfc32(a, b, c, d) {
  return () => {
    const t0 = (a + b) | 0; a = b ^ (b >>> 9); b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11); d = (d + 1) | 0;
    const t = (t0 + d) | 0; c = (c + t) | 0;
    return (t >>> 0) / 4294967296;                      // uniform in [0, 1)
  };
}
/** Independent stream number `id` for `seed`. */
function stream(seed, id) {
  const sm = splitmix32((seed >>> 0) ^ Math.imul(id, 0x85ebca6b));
  const r = sfc32(sm(), sm(), sm(), sm());
  for (let i = 0; i < 15; i++) r();
  return r;
}
/** Standard normal deviate (Marsaglia polar method; log and sqrt only). */
function normal(r) {
  for (;;) {
    const u = 2 * r() - 1, v = 2 * r() - 1, s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const pick = (u, cuts) => cuts.filter((c) => u >= c).length;   // category of u given cut points

// ---- every random draw, independent of the treatment shifts ---------------------------------
function drawBase({ seed, nControl, nTreated }) {
  const N = nControl + nTreated;
  const rD = stream(seed, 1), rP = stream(seed, 2), rT = stream(seed, 3);
  const rI = stream(seed, 4), rM = stream(seed, 5), rS = stream(seed, 6);
  const munis = [];
  for (const [estado, names] of STATES) {
    const size = 0.5 + rD();                                   // state's share of the sample
    const fx = [0, 1, 2].map(() => 0.2 * normal(rD));          // state effects on the 3 traits
    const stateLogit = 0.7 * normal(rD);                       // how much the state took part
    for (const municipio of names) {
      munis.push({ estado, municipio, fx, w: (size * (0.4 + rD())) / names.length,
        logit: 0.45 + stateLogit + 0.9 * normal(rD) });
    }
  }
  const totalW = munis.reduce((s, m) => s + m.w, 0);
  const people = [];
  for (let i = 0; i < N; i++) {
    let u = rP() * totalW, m = 0;
    while (m < munis.length - 1 && u >= munis[m].w) u -= munis[m++].w;
    const q = clamp(rP(), 1e-12, 1 - 1e-12);
    people.push({ muni: munis[m], sel: munis[m].logit + Math.log(q / (1 - q)), treated: 0 });
  }
  [...people.keys()].sort((a, b) => people[b].sel - people[a].sel || a - b)
    .slice(0, nTreated).forEach((i) => { people[i].treated = 1; });
  for (const p of people) {                                     // covariates, mild imbalance
    p.sexo = rP() < (p.treated ? 0.27 : 0.23) ? 'Mujer' : 'Hombre';
    do p.edad = Math.round((p.treated ? 35.5 : 37) + 8.5 * normal(rP)); while (p.edad < 20 || p.edad > 60);
    p.antiguedad = Math.min(p.edad - 18, Math.floor((p.edad - 18 + 1) * rP() ** 1.4));
    const rank = p.antiguedad / 7 + 0.6 * normal(rP);
    p.cargo = CARGOS[pick(rank, [0.9, 1.6, 2.2, 2.7, 3.2])];
    const common = normal(rT);                                  // r = 0.4 across the 3 traits
    p.theta = p.muni.fx.map((fx, k) => fx + Math.sqrt(0.96) *
      (Math.sqrt(0.4) * common + Math.sqrt(0.6) * normal(rT)) +
      (p.sexo === 'Mujer' ? [0.05, 0.1, 0.2][k] : 0) + [0.01, 0.005, -0.005][k] * (p.antiguedad - 8));
    p.noise = INDICES.map((ix) => ix.items.map(() => normal(rI)));
    p.miss = INDICES.map((ix) => ix.items.map(() =>
      (rM() < P_CELL_MISSING ? MISSING[pick(rM(), [0.5, 0.75, 0.95])] : null)));
    if (rM() < P_PARTIAL) {                     // skips most of one index: 0, 1 or 2 answered
      const k = Math.floor(rM() * INDICES.length), u = rM();
      const keep = u < 0.2 ? 0 : u < 0.5 ? 1 : 2;
      const order = INDICES[k].items.map((_, j) => [rM(), j]).sort((a, b) => a[0] - b[0]);
      order.slice(keep).forEach(([, j]) => {
        p.miss[k][j] = MISSING[pick(rM(), [0.6, 0.8, 0.95])];
      });
    }
  }
  const perm = [...people.keys()];                                // deterministic shuffle
  for (let i = N - 1; i > 0; i--) {
    const j = Math.floor(rS() * (i + 1)); [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  return { people, order: perm.map((i) => people[i]) };
}

/** Item cells (strings) of index k for every person, given the treatment shift and spread. */
function renderIndex(people, k, { shift, spread }) {
  return people.map((p) => INDICES[k].items.map(([, load, icpt, rev], j) => {
    if (p.miss[k][j] !== null) return p.miss[k][j];
    const theta = p.treated ? shift + spread * p.theta[k] : p.theta[k];
    const y = (rev ? -load : load) * theta + icpt + p.noise[k][j];
    return String(1 + THRESHOLDS.filter((t) => y > t).length);
  }));
}

// ---- scoring, as STATISTICS.md s2-s3 with this codebook (no value labels are ever written) ---
function itemValue(c) {
  c = c.trim();
  if (c === '' || MISSING.includes(c)) return null;
  const x = Number(c);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(c) || MISSING.some((m) => m !== '' && Number(m) === x)) return null;
  return x >= SCALE_MIN && x <= SCALE_MAX ? x : null;
}
function scoreRows(cellRows, k) {
  const items = INDICES[k].items;
  return cellRows.map((cells) => {
    let sum = 0, a = 0;
    cells.forEach((c, j) => {
      const x = itemValue(c);
      if (x === null) return;
      const r = ((x - SCALE_MIN) / (SCALE_MAX - SCALE_MIN)) * 100;
      sum += items[j][3] ? 100 - r : r; a++;
    });
    return a >= 1 && a / items.length >= MIN_SHARE - 1e-9 ? sum / a : null;
  });
}
const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
function cohortMeans(people, scores) {
  const t = [], c = [];
  scores.forEach((s, i) => { if (s !== null) (people[i].treated ? t : c).push(s); });
  return { treated: mean(t), control: mean(c), nT: t.length, nC: c.length, diff: mean(t) - mean(c) };
}
const diffAt = (people, k, par) => cohortMeans(people, scoreRows(renderIndex(people, k, par), k)).diff;

// ---- calibration -----------------------------------------------------------------------------
// Bisection on the (monotone, step-shaped) diff(shift): find the attainable diff closest to the
// target, then return the MIDDLE of the shift interval that gives it, far from any step edge.
function bisect(people, k, target, spread) {
  const at = (shift) => ({ shift, d: diffAt(people, k, { shift, spread }) });
  const split = (a, b, goesLeft) => {         // shrink [a, b] onto the point where goesLeft flips
    for (let it = 0; it < 60 && b.shift - a.shift > 1e-12; it++) {
      const m = at((a.shift + b.shift) / 2);
      if (goesLeft(m)) b = m; else a = m;
    }
    return [a, b];
  };
  const bottom = at(-2), top = at(4);
  if (bottom.d > target || top.d < target) return null;
  const [lo, hi] = split(bottom, top, (m) => m.d >= target);
  const best = Math.abs(lo.d - target) <= Math.abs(hi.d - target) ? lo : hi;
  if (Math.abs(best.d - target) > TOL) return null;
  const left = split(best === lo ? bottom : lo, best, (m) => m.d >= best.d)[1];
  const right = split(best, best === hi ? top : hi, (m) => m.d > best.d)[0];
  return { shift: (left.shift + right.shift) / 2, spread };
}
function calibrate(people) {
  return INDICES.map((ix, k) => {
    for (let s = 0; s <= 50; s++) {                  // spread 1, 1.002, 0.998, 1.004, 0.996, ...
      const spread = 1 + 0.002 * Math.ceil(s / 2) * (s % 2 ? 1 : -1);
      const par = bisect(people, k, TARGETS[ix.id], spread);
      if (par) return par;
    }
    throw new Error(`calibration failed for ${ix.id}: no shift gives a difference rounding to ${TARGETS[ix.id]}`);
  });
}
let defaultParams = null;
function defaultCalibration() {
  if (!defaultParams) defaultParams = calibrate(drawBase(DEFAULTS).people);
  return defaultParams;
}

// ---- output ----------------------------------------------------------------------------------
const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV text plus per-index statistics. Calibrates (and checks) only the default sample. */
export function generateSample({ seed = DEFAULTS.seed, nControl = DEFAULTS.nControl, nTreated = DEFAULTS.nTreated } = {}) {
  if (!Number.isInteger(seed) || !Number.isInteger(nControl) || !Number.isInteger(nTreated) || nControl < 1 || nTreated < 1) {
    throw new Error('seed, nControl and nTreated must be integers, with nControl, nTreated >= 1');
  }
  const isDefault = seed === DEFAULTS.seed && nControl === DEFAULTS.nControl && nTreated === DEFAULTS.nTreated;
  const params = defaultCalibration();
  const { order } = drawBase({ seed, nControl, nTreated });
  const itemCells = INDICES.map((_, k) => renderIndex(order, k, params[k]));
  const scores = INDICES.map((_, k) => scoreRows(itemCells[k], k));
  const stats = INDICES.map((ix, k) => ({ id: ix.id, ...params[k], target: TARGETS[ix.id], ...cohortMeans(order, scores[k]) }));
  const complete = order.map((_, i) => scores.every((s) => s[i] !== null) ? scores.reduce((a, s) => a + s[i], 0) : null);
  const compositeCC = cohortMeans(order, complete);
  const bad = stats.filter((s) => (Math.round(s.diff * 100) / 100).toFixed(2) !== s.target.toFixed(2));
  if (isDefault && (bad.length || order.length !== 1816 || order.filter((p) => p.treated).length !== 1100)) {
    throw new Error(`calibration check failed: ${bad.map((s) => `${s.id} diff ${s.diff.toFixed(6)} does not round to ${s.target.toFixed(2)}`).join('; ') || 'row counts'}`);
  }
  const width = Math.max(4, String(order.length).length);
  const header = ['folio', 'grupo', 'estado', 'municipio', 'sexo', 'edad', 'antiguedad', 'cargo',
    ...INDICES.flatMap((ix) => ix.items.map((it) => it[0]))];
  const lines = [header.join(',')];
  order.forEach((p, i) => {
    const row = [`MX20-${String(i + 1).padStart(width, '0')}`, p.treated ? 'capacitado' : 'control',
      p.muni.estado, p.muni.municipio, p.sexo, String(p.edad), String(p.antiguedad), p.cargo,
      ...itemCells.flatMap((cells) => cells[i])];
    lines.push(row.map(csvField).join(','));
  });
  return { csv: lines.join('\n') + '\n', isDefault, stats, compositeCC, n: order.length,
    nTreated: order.filter((p) => p.treated).length };
}

/** CSV text of a sample of the shipped format. Pure: same arguments, same bytes. */
export function generateSurveyCsv(opts = {}) {
  return generateSample(opts).csv;
}

// ---- CLI -------------------------------------------------------------------------------------
function main(argv) {
  let out = join(dirname(fileURLToPath(import.meta.url)), 'survey.csv');
  let seed = DEFAULTS.seed, nControl = DEFAULTS.nControl, nTreated = DEFAULTS.nTreated;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rows' || a === '--seed') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || (a === '--rows' && v < 2)) throw new Error(`${a} needs an integer (rows >= 2)`);
      if (a === '--seed') seed = v;
      else { nControl = Math.max(1, Math.round((v * 716) / 1816)); nTreated = v - nControl; }
    } else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else out = a;
  }
  const r = generateSample({ seed, nControl, nTreated });
  const f = (x, d = 4) => x.toFixed(d);
  const log = (s) => process.stderr.write(s + '\n');
  log(`mexico-2020 sample: seed ${seed}, ${r.n} rows (${r.n - r.nTreated} control, ${r.nTreated} capacitado)` +
    (r.isDefault ? ', calibrated' : ', calibration skipped (default sample parameters reused)'));
  for (const s of r.stats) {
    log(`  ${s.id.padEnd(16)} shift ${f(s.shift, 6)} spread ${f(s.spread, 3)}  diff ${f(s.diff, 6)} (published ${f(s.target, 2)})` +
      `  control mean ${f(s.control, 2)}  treated mean ${f(s.treated, 2)}  valid n ${s.nC}/${s.nT}`);
  }
  const sumDiffs = r.stats.reduce((a, s) => a + s.diff, 0);
  log(`  sum of the three differences ${f(sumDiffs)}; composite (sum) on complete cases: diff ${f(r.compositeCC.diff)}` +
    ` (n ${r.compositeCC.nC}/${r.compositeCC.nT}); published composite 28.14 (not a target)`);
  writeFileSync(out, r.csv, 'utf8');
  log(`  wrote ${out}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try { main(process.argv.slice(2)); } catch (e) { process.stderr.write(`generate.mjs: ${e.message}\n`); process.exit(1); }
}
