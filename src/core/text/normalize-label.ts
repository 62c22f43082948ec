// The key `label_matching: loose` compares answers by: case, accents and spacing do not count,
// so "De acuerdo", "de acuerdo", "DE  ACUERDO" and "De Acuerdo " are one label, "Sí" matches
// "Si", "NS / NR" matches "NS/NR" and a typographic apostrophe matches a straight one. Letters
// that differ otherwise still differ ("Deacuerdo" is not "De acuerdo").

export function normalizeLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u00b4`]/g, "'")
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}
