#!/usr/bin/env bash
# Issue 9: heterogeneous quality. The improved UMQ ('robust': the quality-weighted late-fusion
# path and corruption-supervised quality) runs as labelled UMQ rows in a second sweep folder.
source "$(dirname "$0")/common.sh"
for ds in handwritten mosi; do
  if [ "$ds" = handwritten ]; then D=$HW; E="--epochs ${EPOCHS:-30} --patience 6"; else D=$MOSI; E="--epochs ${EPOCHS:-20} --patience 0"; fi
  umq sweep $D --preset spec --models umq,umq-oracle,early-fusion,late-fusion,late-fusion-q --protocols hetero-mixed,hetero-noise --rates 1.0 \
    --seeds 1,2,3 $E --workers "$WORKERS" --out "$ROOT/runs/hetero-$ds"
  umq sweep $D --models umq --protocols hetero-mixed,hetero-noise,clean --rates 1.0 --seeds 1,2,3 $E --workers "$WORKERS" \
    --set "${ROBUST:-lateFusion={},quality.supervision=rank+corruption,encoders.vectorNorm=layer}" --label robust --out "$ROOT/runs/hetero-$ds-robust"
  # today's default UMQ (no --set) and its true-quality bound, for the issue's table
  umq sweep $D --models umq,umq-oracle --protocols hetero-mixed,hetero-noise,clean --rates 1.0 --seeds 1,2,3 $E --workers "$WORKERS" \
    --label current --out "$ROOT/runs/hetero-$ds-current"
done
# one row per added option (issue 9: every option has its ablation row), Handwritten hetero-mixed
umq sweep $HW --models umq --protocols hetero-mixed --seeds 1,2,3 --epochs "${EPOCHS:-30}" --patience 6 --workers "$WORKERS" \
  --set "lateFusion={},quality.supervision=rank,encoders.vectorNorm=layer" --label late-path --out "$ROOT/runs/hetero-handwritten-late-path"
umq sweep $HW --models umq --protocols hetero-mixed --seeds 1,2,3 --epochs "${EPOCHS:-30}" --patience 6 --workers "$WORKERS" \
  --set "lateFusion=null,quality.supervision=rank+corruption,encoders.vectorNorm=layer" --label q-supervised --out "$ROOT/runs/hetero-handwritten-qsup"
# ten seeds of today's default against the late-fusion family, for a tighter estimate of the gap (session 5)
umq sweep $HW --models umq,umq-oracle,late-fusion,late-fusion-q,late-fusion-oracle --protocols hetero-mixed --seeds 1,2,3,4,5,6,7,8,9,10 \
  --epochs "${EPOCHS:-30}" --patience 6 --workers "$WORKERS" --label s5 --out "$ROOT/runs/hetero-handwritten-s5-10seeds"
