#!/usr/bin/env bash
# Issue 9: small data, many classes: ten training samples per class of Handwritten (validation:
# 16 per class carved before subsampling). UMQ with today's defaults and with the spec's.
source "$(dirname "$0")/common.sh"
umq sweep $HW --train-per-class 10 --models umq,late-fusion,early-fusion --protocols clean --seeds 1,2,3 \
  --epochs "${EPOCHS:-100}" --patience 15 --workers "$WORKERS" --out "$ROOT/runs/small-handwritten"
umq sweep $HW --train-per-class 10 --models umq --preset spec --label spec --protocols clean --seeds 1,2,3 \
  --epochs "${EPOCHS:-100}" --patience 15 --workers "$WORKERS" --out "$ROOT/runs/small-handwritten-spec"
