// The answer sets a codebook can switch on instead of typing them: five-point agreement labels
// in Spanish and English (`likert_labels`) and the usual "no answer" codes
// (`common_missing_codes`). The label variants are the ones survey platforms and field teams
// actually use: KoboToolbox and ODK forms written by hand, Google Forms, Qualtrics' default
// five-point scale ("Somewhat agree"), Spanish questionnaires that say "Muy de acuerdo".

import type { CellCode } from './codebook.js';

/** Label → position on a five-point scale, 0 for the lowest (the codebook adds scale.min). */
export const LIKERT_LABELS: Record<'es' | 'en', Record<string, number>> = {
  es: {
    'Totalmente en desacuerdo': 0,
    'Muy en desacuerdo': 0,
    'Completamente en desacuerdo': 0,
    'En desacuerdo': 1,
    'Algo en desacuerdo': 1,
    'Ni de acuerdo ni en desacuerdo': 2,
    'Ni de acuerdo, ni en desacuerdo': 2,
    'Ni en acuerdo ni en desacuerdo': 2,
    'Neutral': 2,
    'Indiferente': 2,
    'De acuerdo': 3,
    'Algo de acuerdo': 3,
    'Totalmente de acuerdo': 4,
    'Muy de acuerdo': 4,
    'Completamente de acuerdo': 4,
  },
  en: {
    'Strongly disagree': 0,
    'Disagree': 1,
    'Somewhat disagree': 1,
    'Neither agree nor disagree': 2,
    'Neither agree or disagree': 2,
    'Neutral': 2,
    'Agree': 3,
    'Somewhat agree': 3,
    'Strongly agree': 4,
  },
};

/** What `common_missing_codes: true` adds to `missing_codes`. */
export const COMMON_MISSING_CODES: readonly CellCode[] = [
  'NS/NR',
  'NS',
  'NR',
  'No sabe',
  'No responde',
  'No sabe/No responde',
  'No sabe / No responde',
  'No aplica',
  'Prefiere no responder',
  "Don't know",
  'Refused',
  'Prefer not to say',
  'N/A',
  98,
  99,
];
