#!/usr/bin/env bash
# Issue 9, second round: the late-fusion options (learned weights, head confidence, a loss on the
# fused path, encoder gradients from the heads only), the training budget and checkpoint
# selection, and a random search on Handwritten hetero-mixed with selection on validation only.
# Every row: Handwritten, hetero-mixed, seeds 1-3; compare with late-fusion-q of hetero.sh.
source "$(dirname "$0")/common.sh"
# every run above the vectorNorm block ran when the vector encoders still had LayerNorm: L pins it
L=encoders.vectorNorm=layer
run() { local label=$1; shift; umq sweep $HW --protocols hetero-mixed --seeds 1,2,3 --workers "$WORKERS" --label "$label" --out "$ROOT/runs/hw-hm-$label" "$@"; }
# one row per option (30 epochs, patience 6, best validation loss restored, as hetero.sh)
run lw-learned --models umq --epochs 30 --patience 6 --set lateFusion.weighting=learned,$L
run lw-learned+confidence --models umq --epochs 30 --patience 6 --set lateFusion.weighting=learned+confidence,$L
run lw-fused --models umq --epochs 30 --patience 6 --set lateFusion.weighting=learned,lossWeights.fusedPath=0.5,$L
run lw-enh --models umq --epochs 30 --patience 6 --set lateFusion.weighting=learned,enhancer.residual=true,enhancer.qualityWeightedKeys=true,$L
run lw-headsgrad --models umq --epochs 30 --patience 6 --set lateFusion.weighting=learned,encoders.gradients=heads,$L
# upper bounds with the true quality: today's default UMQ given 1 - r, and late fusion weighted by 1 - r
umq sweep $HW --protocols hetero-mixed --rates 1.0 --seeds 1,2,3 --set $L --workers "$WORKERS" --models umq-oracle --label robust --epochs 30 --patience 6 --out "$ROOT/runs/hw-hm-oracle-robust"
umq sweep $HW --protocols hetero-mixed --rates 1.0 --seeds 1,2,3 --workers "$WORKERS" --models late-fusion-oracle --epochs 30 --patience 6 --out "$ROOT/runs/hw-hm-lfo"
# budget and checkpoint selection, the same for UMQ and late-fusion-q
run lw-long --models umq --epochs 60 --patience 10 --set lateFusion.weighting=learned,$L
run lfq-long --models late-fusion-q --epochs 60 --patience 10
run lw-fixed30 --models umq --epochs 30 --patience 0 --set lateFusion.weighting=learned,$L
run lfq-fixed30 --models late-fusion-q --epochs 30 --patience 0
run lw-metric --models umq --epochs 30 --patience 10 --monitor metric --set lateFusion.weighting=learned,$L
run lfq-metric --models late-fusion-q --epochs 30 --patience 10 --monitor metric
run default-metric --models umq --epochs 30 --patience 10 --monitor metric --set $L
# random search over the options (tools/experiments/search-space-hetero.json), selected on validation (seed 100)
umq search $HW --settings hetero-mixed --trials 16 --search-seed 0 --search-seeds 100 --seeds 1,2,3 --epochs 30 --patience 6 --set $L --workers "$WORKERS" \
  --space "$ROOT/tools/experiments/search-space-hetero.json" --out "$ROOT/runs/search-handwritten-hetero"
# a second data set: CUB (two views), hetero-mixed and clean
CUB="--dataset mat --data $DATA/multiview/cub_googlenet_doc2vec_c10.mat"
umq sweep $CUB --models umq,early-fusion,late-fusion,late-fusion-q,late-fusion-oracle --protocols hetero-mixed,clean --rates 1.0 --seeds 1,2,3 --epochs 30 --patience 6 --set $L --workers "$WORKERS" --out "$ROOT/runs/hetero-cub"
umq sweep $CUB --models umq --protocols hetero-mixed,clean --rates 1.0 --seeds 1,2,3 --epochs 30 --patience 10 --monitor metric --label metric --set $L --workers "$WORKERS" --out "$ROOT/runs/hetero-cub-umq-metric"
umq sweep $CUB --models late-fusion,late-fusion-q --protocols hetero-mixed,clean --rates 1.0 --seeds 1,2,3 --epochs 30 --patience 10 --monitor metric --workers "$WORKERS" --out "$ROOT/runs/hetero-cub-lf-metric"
umq sweep $CUB --models umq --protocols hetero-mixed,clean --rates 1.0 --seeds 1,2,3 --epochs 30 --patience 6 --preset spec --label spec --set $L --workers "$WORKERS" --out "$ROOT/runs/hetero-cub-spec"
# CUB: the round-1 default (with LayerNorm) with one change each (exploratory)
for v in "drop03 $L --dropout 0.3" "wd01 $L --weight-decay 0.01" "d32 $L --d 32" "headsgrad encoders.gradients=heads,$L" "learned lateFusion.weighting=learned,$L" "nomoe useMoe=false,$L"; do
  set -- $v; label=$1; sets=$2; shift 2
  umq sweep $CUB --models umq --protocols hetero-mixed,clean --rates 1.0 --seeds 1,2,3 --epochs 30 --patience 6 --label "$label" --set "$sets" --workers "$WORKERS" --out "$ROOT/runs/cub-$label" "$@"
done
# encoders.vectorNorm=none (today's default) on the three data sets
umq sweep $HW --models umq --protocols hetero-mixed,clean --rates 1.0 --seeds 1,2,3 --epochs 30 --patience 6 --set encoders.vectorNorm=none --label nonorm --workers "$WORKERS" --out "$ROOT/runs/hw-nonorm"
umq sweep $MOSI --models umq --protocols hetero-mixed,clean --rates 1.0 --seeds 1,2,3 --epochs 20 --patience 0 --set encoders.vectorNorm=none --label nonorm --workers "$WORKERS" --out "$ROOT/runs/mosi-nonorm"
umq sweep $CUB --models umq --protocols hetero-mixed,clean --rates 1.0 --seeds 1,2,3 --epochs 30 --patience 6 --set encoders.vectorNorm=none --label nonorm --workers "$WORKERS" --out "$ROOT/runs/cub-nonorm"
