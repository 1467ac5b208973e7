#!/usr/bin/env bash
# Issue 21: the audio-visual digit task (FSDD recordings paired with MNIST digits of the same
# class, speaker-independent split) under our default protocol: each modality alone, early,
# late and quality-weighted late fusion and UMQ; clean, noise, missing, hetero-mixed and conflict;
# three seeds. Audio: MFCC frames at a 20 ms hop, the first 64 frames (1.28 s) kept. MODELS and OUT
# (a folder under runs/) run other models, e.g. the field's methods: MODELS=tmc,etmc,ecml,etf,qmf,pdf OUT=av-digits-field.
source "$(dirname "$0")/common.sh"
AV="--dataset av-digits --data $DATA/fsdd --hop-length 160 --max-frames 64"
umq sweep $AV --models "${MODELS:-unimodal:audio,unimodal:image,early-fusion,late-fusion,late-fusion-q,umq}" \
  --protocols clean,noise,missing,hetero-mixed,conflict --rates 0.5 --seeds "${SEEDS:-1,2,3}" \
  --workers "$WORKERS" --out "$ROOT/runs/${OUT:-av-digits}" "$@"
