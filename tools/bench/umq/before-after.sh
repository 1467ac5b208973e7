#!/usr/bin/env bash
# Seeded `umq train` runs whose final training loss and test predictions are compared between two
# checkouts (issue 15: before and after the redesign): Handwritten and MOSI-utterance, serial and
# with 2 encoder workers (split by modalities, by rows), 6 epochs. Prints one line per run:
# data set, runner, the last epoch's L_total (repr), an md5 prefix of predictions.jsonl.
#
#   tools/bench/umq/before-after.sh <checkout> <out-dir>   # run once per checkout, then diff the outputs
set -euo pipefail
REPO=$(cd "${1:?usage: before-after.sh <checkout> <out-dir>}" && pwd); OUT=${2:?usage: before-after.sh <checkout> <out-dir>}
DATA=${UMQ_SHARED_DATA:-$REPO/../shared/data}
mkdir -p "$OUT"
umq() { (cd "$REPO" && node --conditions=@umq/source --import tsx packages/model/src/cli/main.ts "$@"); }
for ds in hw mosi; do
  if [ $ds = hw ]; then D="--dataset mat --data $DATA/multiview/handwritten_6views.mat"; else D="--dataset mosi-utterance --data $DATA/cmu-mosi-utterance"; fi
  for mode in serial modalities rows; do
    W=""; [ $mode != serial ] && W="--encoder-workers 2 --encoder-split $mode"
    rm -rf "$OUT/$ds-$mode"
    umq train $D --seed 1 --epochs 6 --patience 0 $W --out "$OUT/$ds-$mode" > "$OUT/$ds-$mode.log" 2>&1 || { echo "FAIL $ds $mode"; tail -5 "$OUT/$ds-$mode.log"; continue; }
    echo "$ds $mode: $(tail -1 "$OUT/$ds-$mode/train.jsonl" | python3 -c 'import sys,json; r=json.loads(sys.stdin.read()); print(repr(r["train"]["L_total"]))') $(md5sum < "$OUT/$ds-$mode/predictions.jsonl" | cut -c1-12)"
  done
done
