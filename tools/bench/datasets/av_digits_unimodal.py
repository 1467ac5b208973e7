"""Logistic regression per modality on dumped av-digits features (see av-digits-unimodal.ts).

Standardised features (fitted on train), scikit-learn LogisticRegression (lbfgs, C=1,
max_iter 2000), trained on the training split, accuracy on the test split."""
import sys
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")
tag = sys.argv[1]
audio, image, ys = (np.load(f"{tag}_{k}.npy") for k in ("audio", "image", "y"))
y, split = ys[:, 0].astype(int), ys[:, 1].astype(int)
tr, te = split == 0, split == 2


def acc(x):
    sc = StandardScaler().fit(x[tr])
    clf = LogisticRegression(max_iter=2000).fit(sc.transform(x[tr]), y[tr])
    return clf.score(sc.transform(x[te]), y[te])


print(f"audio {acc(audio):.3f}  image {acc(image):.3f}  both {acc(np.hstack([audio, image])):.3f}")
