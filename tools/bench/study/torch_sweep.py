"""Benchmark (not a test): the study sweep of `npm run bench -- --study`, driven by the PyTorch
reference (/work/shared/reference: umq_torch.py's UMQ and QualityLateFusion, protocols.py's
corruptions, imported, never copied). Handwritten (six views; the file's 1,600 / 400 split, 10 %
of the training rows carved out for validation), the models and protocols and seeds of the
project's sweep (the training rows' corruption drawn afresh every epoch, as the spec and the
project's sweep do), the same epochs (fixed: no early stopping), batch, learning rate and weight
decay; jobs spread over `processes` processes of one thread each, as `umq sweep --workers N`
spreads them. Prints one JSON line: wall seconds, mean test accuracy, peak RSS of a process.

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 \
    /usr/bin/python3 tools/bench/study/torch_sweep.py '<json args>'
"""
import json
import os
import resource
import sys
import time
from multiprocessing import get_context

REF = os.environ.get('UMQ_REFERENCE', os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'shared', 'reference'))
sys.path.insert(0, REF)


def job(args):
    import numpy as np
    import scipy.io
    import torch
    from umq_torch import UMQ, UMQConfig, QualityLateFusion
    from protocols import hetero_mixed, standardize_fit, standardize_apply

    a, model_name, protocol, seed = args
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    m = scipy.io.loadmat(a['data'])
    views = sorted({k.split('_')[0] for k in m if k.startswith('x')})
    xtr = [m[f'{v}_train'].astype(np.float32) for v in views]
    xte = [m[f'{v}_test'].astype(np.float32) for v in views]
    ytr, yte = m['gt_train'].ravel().astype(np.int64) - 1, m['gt_test'].ravel().astype(np.int64) - 1
    rng = np.random.default_rng(seed)
    perm = rng.permutation(len(ytr))
    nv = len(ytr) // 10
    va, tr = perm[:nv], perm[nv:]
    splits = {'train': ([x[tr] for x in xtr], ytr[tr]), 'valid': ([x[va] for x in xtr], ytr[va]), 'test': (xte, yte)}
    stats = standardize_fit(splits['train'][0])
    splits = {k: (standardize_apply(xs, stats), y) for k, (xs, y) in splits.items()}
    clean_train = splits['train'][0]
    if protocol == 'hetero-mixed':
        splits = {k: (hetero_mixed(xs, seed * 10 + i)[0], y) for i, (k, (xs, y)) in enumerate(splits.items())}
    dims = [x.shape[1] for x in splits['train'][0]]
    C = int(ytr.max()) + 1
    if model_name == 'umq':
        model = UMQ(UMQConfig(dims=dims, out_dim=C, task='multiclass', d=a['d'], dropout=a['dropout'], q_task_grad=False, lam_uni=1.0))
    else:
        model = QualityLateFusion(dims, a['d'], C, 'multiclass', dropout=a['dropout'], weighting='estimated')
    opt = torch.optim.AdamW(model.parameters(), lr=a['lr'], weight_decay=a['weightDecay'])
    tensors = {k: ([torch.from_numpy(np.ascontiguousarray(x)) for x in xs], torch.from_numpy(y)) for k, (xs, y) in splits.items()}
    xs, y = tensors['train']
    n = len(y)
    g = torch.Generator().manual_seed(seed)

    def logits_of(split):
        model.eval()
        with torch.no_grad():
            bx = tensors[split][0]
            return model(bx, None, compute_losses=False)['logits']

    for epoch in range(a['epochs']):
        if protocol == 'hetero-mixed' and epoch > 0:
            # the training corruption is drawn afresh every epoch (protocols-and-metrics.md), as umq sweep does
            xs = [torch.from_numpy(np.ascontiguousarray(x)) for x in hetero_mixed(clean_train, seed * 10 + 100 + epoch)[0]]
        model.train()
        order = torch.randperm(n, generator=g)
        for s in range(0, n, a['batchSize']):
            idx = order[s:s + a['batchSize']]
            opt.zero_grad(set_to_none=True)
            out = model([x[idx] for x in xs], y[idx])
            out['loss'].backward()
            opt.step()
        logits_of('valid')  # the project's trainer validates every epoch
    acc = float((logits_of('test').argmax(1) == tensors['test'][1]).float().mean())
    return acc, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    a = json.loads(sys.argv[1])
    jobs = [(a, mdl, p, s) for mdl in a['models'] for p in a['protocols'] for s in a['seeds']]
    t0 = time.perf_counter()
    with get_context('spawn').Pool(a['processes']) as pool:
        out = pool.map(job, jobs, chunksize=1)
    seconds = time.perf_counter() - t0
    print(json.dumps({'side': 'torch', 'seconds': seconds, 'runs': len(jobs), 'accuracy': sum(o[0] for o in out) / len(out), 'peakRssMB': max(o[1] for o in out)}))


if __name__ == '__main__':
    main()
