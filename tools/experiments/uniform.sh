#!/usr/bin/env bash
# Issue 6: UMQ vs early/late fusion under uniform corruption, 3 seeds.
source "$(dirname "$0")/common.sh"
umq sweep $HW --preset spec --models umq,early-fusion,late-fusion --protocols clean,noise,missing --rates 0.1,0.3,0.5,0.7 \
  --seeds 1,2,3 --epochs "${EPOCHS:-30}" --patience 6 --workers "$WORKERS" --out "$ROOT/runs/uniform-handwritten"
umq sweep $MOSI --preset spec --models umq,early-fusion,late-fusion --protocols clean,noise,missing --rates 0.1,0.3,0.5,0.7 \
  --seeds 1,2,3 --epochs "${EPOCHS:-20}" --patience 0 --workers "$WORKERS" --out "$ROOT/runs/uniform-mosi"
