#!/usr/bin/env bash
# Issue 17: options of UMQ beyond the paper, each one row, screened on VALIDATION accuracy (the
# conflict and hetero-mixed settings validate on the same corruption as they test; clean on the
# clean split), three seeds, Handwritten and CUB. Test numbers of these runs are not used to
# choose anything; the choice is made by `umq search` with k-fold cross-validation afterwards.
source "$(dirname "$0")/common.sh"
CUB="--dataset mat --data $DATA/multiview/cub_googlenet_doc2vec_c10.mat"
SEEDS=${SEEDS:-1,2,3}
variant() { # label, --set value
  local label=$1 sets=$2
  for ds in ${DATASETS:-handwritten cub}; do
    case $ds in handwritten) D=$HW ;; cub) D=$CUB ;; esac
    umq sweep $D --models umq --protocols clean,conflict,hetero-mixed --seeds "$SEEDS" --workers "$WORKERS" \
      --label "$label" ${sets:+--set "$sets"} --out "$ROOT/runs/umqopt-$ds-$label"
  done
}
for v in ${VARIANTS:-default consensus1 consensus2 gate fused consensus1-gate consensus1-fused}; do
  case $v in
    default) variant default "" ;;
    consensus1) variant consensus1 "quality.consensus=1" ;;
    consensus2) variant consensus2 "quality.consensus=2" ;;
    gate) variant gate "lateFusion.mix=gate" ;;
    fused) variant fused "lossWeights.fusedPath=0.5" ;;
    consensus1-gate) variant consensus1-gate "quality.consensus=1,lateFusion.mix=gate" ;;
    consensus1-fused) variant consensus1-fused "quality.consensus=1,lossWeights.fusedPath=0.5" ;;
    learned) variant learned "lateFusion.weighting=learned" ;;
  esac
done
