#!/usr/bin/env bash
# Regenerates every test/fixtures/*/expected.json and, when samples/mexico-2020/survey.csv
# exists, test/reference/mexico-2020.expected.json, with the R reference implementation.
# Needs R with the packages yaml and jsonlite (selfcheck.R also needs sandwich).
# Run from anywhere; paths are resolved from this script's location.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

Rscript -e 'cat(R.version.string, "| yaml", as.character(packageVersion("yaml")), "| jsonlite", as.character(packageVersion("jsonlite")), "\n")'

for dir in test/fixtures/*/; do
  dir="${dir%/}"
  [ -f "$dir/survey.csv" ] && [ -f "$dir/codebook.yaml" ] || continue
  echo "reference: $dir"
  Rscript test/reference/reference.R "$dir" "$dir/expected.json"
done

if [ -f samples/mexico-2020/survey.csv ]; then
  echo "reference: samples/mexico-2020"
  Rscript test/reference/reference.R samples/mexico-2020 test/reference/mexico-2020.expected.json
  Rscript test/reference/selfcheck.R samples/mexico-2020
else
  echo "samples/mexico-2020/survey.csv not found: skipping the sample"
fi
