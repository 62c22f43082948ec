#!/usr/bin/env bash
# Regenerates test/fixtures/evaluation-*/expected-evaluation.json and, when
# samples/mexico-2020/survey.csv exists, test/reference/mexico-2020.expected-evaluation.json
# (subgroups by sexo), with the R reference implementation of STATISTICS.md §7-§11.
# Needs R with yaml, jsonlite, sandwich, clubSandwich, estimatr and psych.
# The evaluation fixtures' expected.json (§1-§6) comes from regenerate.sh, as for every fixture.
# Run from anywhere; paths are resolved from this script's location.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

Rscript -e 'cat(R.version.string, "\n"); for (p in c("yaml", "jsonlite", "sandwich", "clubSandwich", "estimatr", "psych")) cat(p, as.character(packageVersion(p)), "\n")'

for dir in test/fixtures/evaluation-*/; do
  dir="${dir%/}"
  [ -f "$dir/survey.csv" ] && [ -f "$dir/codebook.yaml" ] || continue
  echo "reference-evaluation: $dir"
  Rscript test/reference/reference-evaluation.R "$dir" "$dir/expected-evaluation.json"
done

if [ -f samples/mexico-2020/survey.csv ]; then
  echo "reference-evaluation: samples/mexico-2020 --by sexo"
  Rscript test/reference/reference-evaluation.R samples/mexico-2020 test/reference/mexico-2020.expected-evaluation.json --by sexo
else
  echo "samples/mexico-2020/survey.csv not found: skipping the sample"
fi
