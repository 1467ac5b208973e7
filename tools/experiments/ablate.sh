#!/usr/bin/env bash
# Issue 6: every Table-6 variant at noise 0.5 and missing 0.5 on MOSI-utterance, 3 seeds.
source "$(dirname "$0")/common.sh"
umq ablate $MOSI --preset spec --protocols noise,missing --rates 0.5 --seeds 1,2,3 --epochs "${EPOCHS:-20}" --patience 0 \
  --workers "$WORKERS" --out "$ROOT/runs/ablate-mosi"
