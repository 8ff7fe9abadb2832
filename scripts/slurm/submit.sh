#!/usr/bin/env bash
# Submits a sweep as a Slurm job array plus a merge job that runs after it (docs/scale.md). From the repository root:
#   scripts/slurm/submit.sh SWEEP.json OUT_DIR [SHARDS]
# SHARDS defaults to the number of cells (one cell per task); extra sbatch options go in SBATCH_OPTIONS, e.g.
#   SBATCH_OPTIONS="--partition=cpu --account=lab" scripts/slurm/submit.sh examples/tiny-sweep.json /shared/tiny
# Prints the two job ids: array, merge.
set -euo pipefail
cd "$(dirname "$0")/../.."
SPEC=${1:?usage: submit.sh SWEEP.json OUT_DIR [SHARDS]}
OUT=${2:?usage: submit.sh SWEEP.json OUT_DIR [SHARDS]}
CELLS=$(node_modules/.bin/tsx cli/sweep.ts --spec "$SPEC" --plan | sed -n 's/^cells: //p')
SHARDS=${3:-$CELLS}
if [ "$SHARDS" -gt "$CELLS" ]; then SHARDS=$CELLS; fi
# shellcheck disable=SC2086 # SBATCH_OPTIONS is a list of options
ARRAY=$(sbatch --parsable ${SBATCH_OPTIONS:-} --array=0-$((SHARDS - 1)) scripts/slurm/sweep-array.sbatch "$SPEC" "$OUT")
ARRAY=${ARRAY%%;*} # --parsable prints "id;cluster" on multi-cluster setups
# shellcheck disable=SC2086
MERGE=$(sbatch --parsable ${SBATCH_OPTIONS:-} --dependency=afterany:"$ARRAY" scripts/slurm/sweep-merge.sbatch "$OUT")
echo "$ARRAY ${MERGE%%;*}"
