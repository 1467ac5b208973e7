#!/usr/bin/env bash
# Shared settings of the experiment scripts.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATA=${UMQ_SHARED_DATA:-$ROOT/../shared/data}
WORKERS=${WORKERS:-2}
HW="--dataset mat --data $DATA/multiview/handwritten_6views.mat"
MOSI="--dataset mosi-utterance --data $DATA/cmu-mosi-utterance"
umq() { node --conditions=@umq/source --import tsx "$ROOT/packages/model/src/cli/main.ts" "$@"; }
