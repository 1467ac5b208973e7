"""Benchmark (not a test), PyTorch side: the reference UMQ (/work/shared/reference/umq_torch.py,
imported, never copied) with the same shapes and options as tools/bench/umq/ts-step.ts.
Prints one JSON line. Normally run by tools/bench/run.mjs:

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 \
    /usr/bin/python3 tools/bench/umq/torch_step.py '<json args>'
"""
import gc
import json
import os
import resource
import statistics
import sys
import time

REF = os.environ.get('UMQ_REFERENCE', os.path.join(os.path.dirname(__file__), '..', '..', '..', '..', 'shared', 'reference'))
if not os.path.exists(os.path.join(REF, 'umq_torch.py')):
    print(json.dumps({'side': 'torch', 'error': f'reference implementation not found at {os.path.abspath(REF)} (set UMQ_REFERENCE)'}))
    sys.exit(0)
sys.path.insert(0, REF)

import torch  # noqa: E402
from umq_torch import UMQ, UMQConfig  # noqa: E402

a = json.loads(sys.argv[1])
cfg, mp, threads = a['config'], a['model'], a.get('threads', 2)
runs, warmup, leak_steps = a.get('runs', 30), a.get('warmup', 5), a.get('leakSteps', 200)
torch.set_num_threads(threads)
torch.manual_seed(1)
B, T, dims, kind = cfg['B'], cfg['T'], cfg['dims'], cfg['kind']
model = UMQ(UMQConfig(dims=dims, kinds=[kind] * len(dims), out_dim=1, task='binary', d=mp['d'], dropout=mp['dropout'],
                      n_layers=mp['layers'], n_heads=mp['heads'], ff_mult=mp['ffMult'], n_experts=mp['numExperts'],
                      top_k=mp['topK'], q_task_grad=False, lam_uni=1.0))
opt = torch.optim.AdamW(model.parameters(), lr=mp['lr'], weight_decay=mp['weightDecay'])


def valid_length(i):
    return 1 if T == 1 else min(T, 20 + (i * 7) % 31)


def make_batch(b):
    g = torch.Generator().manual_seed(1)
    if kind == 'sequence':
        xs = [torch.randn(b, T, D, generator=g) for D in dims]
        m = torch.zeros(b, T, dtype=torch.bool)
        for i in range(b):
            m[i, :valid_length(i)] = True
        masks = [m] * len(dims)
    else:
        xs = [torch.randn(b, D, generator=g) for D in dims]
        masks = None
    y = torch.tensor([1.0 if (i * 5) % 3 == 0 else 0.0 for i in range(b)])
    return xs, masks, y


xs, masks, y = make_batch(B)


def step():
    model.train()
    opt.zero_grad(set_to_none=True)
    out = model(xs, y, masks=masks)
    out['loss'].backward()
    opt.step()
    return out['loss'].item()


for _ in range(warmup):
    step()
with torch.profiler.profile(with_flops=True) as prof:
    step()
flops = sum(e.flops for e in prof.key_averages() if e.flops)
times, cpu = [], []
for _ in range(runs):
    c0, t0 = time.process_time(), time.perf_counter()
    loss = step()
    times.append((time.perf_counter() - t0) * 1e3)
    cpu.append((time.process_time() - c0) * 1e3)


def infer(b, warm, n):
    bx, bm, _ = (xs, masks, y) if b == B else make_batch(b)
    model.eval()
    ts = []
    with torch.no_grad():
        for _ in range(warm + n):
            t0 = time.perf_counter()
            model(bx, None, masks=bm, compute_losses=False)['logits'].sum().item()
            ts.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ts[warm:])


# batch 1: the median of 100 calls after 20 (cold: what the first requests see), then of 500
# after 1,000 more (steady: a served model); batch 64: of 10 after 3 (as ts-step.ts)
infer1_cold = infer(1, 20, 100)
infer1 = infer(1, 1000, 500)
infer64 = infer(64, 3, 10)


def live_tensors():
    gc.collect()
    return sum(1 for o in gc.get_objects() if torch.is_tensor(o))


before = live_tensors()
for _ in range(leak_steps):
    step()
after = live_tensors()
n = 1024
A, Bm = torch.randn(n, n), torch.randn(n, n)
mt = []
for _ in range(7):
    t0 = time.perf_counter()
    torch.mm(A, Bm)
    mt.append(time.perf_counter() - t0)
train_ms = statistics.median(times)
print(json.dumps({
    'side': 'torch', 'config': a['name'],
    'engine': f'PyTorch {torch.__version__} CPU, {threads} threads, OPENBLAS_NUM_THREADS={os.environ.get("OPENBLAS_NUM_THREADS")}',
    'trainMs': train_ms, 'trainMinMs': min(times), 'trainCpuMs': statistics.median(cpu), 'infer1Ms': infer1, 'infer1ColdMs': infer1_cold, 'infer64Ms': infer64,
    'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'tensorsAfter': after, 'leakedAfterSteps': after - before,
    'leakSteps': leak_steps, 'stepGflop': flops / 1e9, 'stepGflops': flops / (train_ms * 1e6),
    'peakGflops': 2 * n ** 3 / (statistics.median(mt[2:]) * 1e9), 'finalLoss': loss,
    'params': sum(p.numel() for p in model.parameters()),
}))
