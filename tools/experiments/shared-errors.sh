#!/usr/bin/env bash
# Which test samples each model gets wrong (issue 17's ceiling on Handwritten): `umq train` of the
# strongest models under clean data and the conflict protocol, each seed into its own folder with
# its predictions.jsonl; then shared-errors.ts lists the errors and the samples every run misses.
source "$(dirname "$0")/common.sh"
MODELS=${MODELS:-umq late-fusion-q qmf pdf late-fusion}
SEEDS=${SEEDS:-1 2 3 4 5}
OUT=${OUT:-$ROOT/runs/errors-handwritten} # $OUT/<setting>-<model>-<seed>/
MAT=${MAT:-$DATA/multiview/handwritten_6views.mat} # a MAT file with a fixed split (the neighbours are read from it)
for setting in ${SETTINGS:-clean conflict}; do
  for seed in $SEEDS; do
    for model in $MODELS; do
      dir=$OUT/$setting-$model-$seed
      [ -f "$dir/predictions.jsonl" ] && continue # resumable: a finished run is kept
      umq train --dataset mat --data "$MAT" --model "$model" --setting "$setting" --seed "$seed" --out "$dir"
    done
  done
done
node --conditions=@umq/source --import tsx "$ROOT/tools/experiments/shared-errors.ts" --mat "$MAT" "$OUT"/*/
