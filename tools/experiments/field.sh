#!/usr/bin/env bash
# The field's methods against UMQ and the late-fusion family, our default protocol (scaling
# fitted on train, validation selection, 50 epochs at most, early stopping), issues 16 and 17:
# every model, clean / conflict / hetero-mixed / missing 0.5, five seeds, on the shared data sets.
source "$(dirname "$0")/common.sh"
CUB="--dataset mat --data $DATA/multiview/cub_googlenet_doc2vec_c10.mat"
MODELS=${MODELS:-tmc,etmc,ecml,etf,qmf,pdf,early-fusion,late-fusion,late-fusion-q,umq}
SEEDS=${SEEDS:-1,2,3,4,5}
OUT=${OUT:-field} # runs/$OUT-<data set>; extra arguments go to umq sweep (e.g. --label x --set ...)
# MOSI-utterance's validation split leaks (its features were trained on the train split: see the
# data README), so it trains for a fixed budget instead of early stopping.
for ds in ${DATASETS:-handwritten cub mosi}; do
  case $ds in handwritten) D=$HW ;; cub) D=$CUB ;; mosi) D="$MOSI --epochs 20 --patience 0" ;; esac
  umq sweep $D --models "$MODELS" --protocols clean,conflict,hetero-mixed,missing --rates 0.5 --seeds "$SEEDS" \
    --workers "$WORKERS" --out "$ROOT/runs/$OUT-$ds" "$@"
done
