"""Runs a command, prints one JSON line: its wall seconds and the peak RSS of the largest process
it started (ru_maxrss over the reaped descendants: the same measure for both sides of the study).

  /usr/bin/python3 tools/bench/study/measure.py <command> [args...]
"""
import json
import resource
import subprocess
import sys
import time

t0 = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
seconds = time.perf_counter() - t0
print(json.dumps({'status': r.returncode, 'seconds': seconds, 'peakRssMB': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  'stdout': r.stdout[-4000:], 'stderr': r.stderr[-2000:]}))
