#!/usr/bin/env bash
# Interleaved A/B of the training step: an earlier commit (a git worktree that shares this
# checkout's installed packages, with @umq/* linked to its own sources) against the working tree,
# alternating, so that machine load hits both sides alike. Prints one line per run:
# round, encoder workers, side, median ms/step, min, CPU ms/step, peak RSS MB, final loss, load.
#
#   tools/bench/umq/ab.sh <commit> [config=sequence] [rounds=2] [workers="0 2"]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
OLD=${1:?usage: ab.sh <commit> [config] [rounds] [workers]}
CONFIG=${2:-sequence}
ROUNDS=${3:-2}
WORKERS=${4:-"0 2"}
WT=${TMPDIR:-/tmp}/umq-ab-$(git -C "$ROOT" rev-parse --short "$OLD")
if [ ! -d "$WT" ]; then
  git -C "$ROOT" worktree add -f "$WT" "$OLD" -q
  mkdir -p "$WT/node_modules/@umq"
  for e in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do
    b=$(basename "$e"); [ "$b" = "@umq" ] || ln -s "$e" "$WT/node_modules/$b"
  done
  for p in "$WT"/packages/*; do ln -s "$p" "$WT/node_modules/@umq/$(basename "$p")"; done
fi
for round in $(seq 1 "$ROUNDS"); do
  for w in $WORKERS; do
    for side in before after; do
      dir=$ROOT; [ $side = before ] && dir=$WT
      line=$(cd "$dir" && node --conditions=@umq/source --import tsx tools/bench/umq/ts-step.ts "$CONFIG" --runs 30 --leak-steps 0 --encoder-workers "$w" 2>/dev/null | grep '^{' | tail -1)
      echo "round $round workers $w $side $(echo "$line" | node -e "const d=JSON.parse(require('fs').readFileSync(0,'utf8'));console.log([d.trainMs,d.trainMinMs,d.trainCpuMs,d.peakRssMB].map((v)=>v.toFixed(1)).join(' '),d.finalLoss)") load $(cut -d' ' -f1 /proc/loadavg)"
    done
  done
done
