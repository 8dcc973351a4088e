#!/usr/bin/env bash
# The main job on the bundled example data: checks the bundled policies, then scores the example
# demands with the CAHC grid and prints a short summary (the scores go to build/scores.csv).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
policies=$(ls rules/*/*.yaml | grep -v 'tests\.yaml$')
build/cotation check $policies
build/cotation score rules/cahc/cahc.yaml examples/data/demands.csv --as-of 2025-06-01 -o build/scores.csv --summary
echo "scores written to build/scores.csv"
