#!/usr/bin/env bash
# The lab's own Phase 3 report (docs/results/phase3.{md,html}) for the pretrained p = 113 model, made by the lab's CLI:
#   bash scripts/make-phase3.sh            # the four architectures, 5 seeds each (~8 min of one core each)
#   bash scripts/make-phase3.sh --all      # also the sweep (question 2) and every stabiliser with its controls (question 5), ~2 h more
# Runs whose report.json exists are kept; delete a folder to run it again. Only report.json and the tables are
# committed (docs/results/.gitignore keeps the SAE weights out).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=public/pretrained/transformer
OUT=docs/results
run() { # architecture, spec
  [ -f "$OUT/phase3-runs/$1/report.json" ] && return
  npm run -s experiment -- --spec "examples/$2.json" --transformer "$MODEL" --out "$OUT/phase3-runs/$1" --quiet
}
run topk phase1-topk & run relu phase2-relu & wait
run batchtopk phase3-batchtopk & run jumprelu phase3-jumprelu & wait
extra=()
stab() { # folder, methods: one comparison process; the folders are merged into one table below
  [ -f "$OUT/phase3-stabilise/$1/stabilise.json" ] && return
  npm run -s stabilise -- --spec examples/phase1-topk.json --transformer "$MODEL" --methods "$2" --out "$OUT/phase3-stabilise/$1" > /dev/null
}
if [ "${1:-}" = "--all" ]; then
  [ -f "$OUT/phase3-sweep/results.json" ] || npm run -s sweep -- --spec examples/phase3-sweep.json --transformer "$MODEL" --out "$OUT/phase3-sweep" --quiet &
  stab dataInit dataInit & wait
  stab consistency-twoStage-alignment consistency,twoStage,alignment & stab fourierInit-tiedInit fourierInit,tiedInit & wait
  # mutual needs groups of 2, so 6 seeds (3 groups): its own comparison, beside the table (docs/results/stabilisers.md)
  [ -f "$OUT/phase3-stabilise-mutual/stabilise.json" ] || npm run -s stabilise -- --spec examples/phase3-stabilise-mutual.json --transformer "$MODEL" --out "$OUT/phase3-stabilise-mutual" > /dev/null
fi
parts=("$OUT"/phase3-stabilise/*/stabilise.json)
if [ "${#parts[@]}" -gt 1 ]; then
  npm run -s stabilise -- --merge "$(IFS=,; echo "${parts[*]%/stabilise.json}")" --out "$OUT/phase3-stabilise" > /dev/null
elif [ -f "${parts[0]}" ]; then cp "${parts[0]}" "${parts[0]%/stabilise.json}/stabilise.md" "$OUT/phase3-stabilise/"; fi
[ -f "$OUT/phase3-sweep/results.json" ] && extra+=(--sweep "$OUT/phase3-sweep/results.json")
[ -f "$OUT/phase3-stabilise/stabilise.json" ] && extra+=(--stabilisers "$OUT/phase3-stabilise/stabilise.json")
npm run -s report -- "$OUT"/phase3-runs/{topk,relu,batchtopk,jumprelu} --out "$OUT/phase3.html" --md "$OUT/phase3.md" "${extra[@]}"
