#!/usr/bin/env python3
"""OpenBLAS's cblas_sgemm (through numpy's float32 matmul) on this machine, for the GEMM comparison.

  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 peers/sgemm_openblas.py 1024 1024 1024
Prints one JSON line: the best and the median of 30 calls after 5 warm-up calls (compare with JMH's
sample mode, -bm sample, which reports the minimum p0.00 and the median p0.50).
"""
import json
import os
import sys
import time

import numpy as np

m, n, k = (int(v) for v in (sys.argv[1:4] if len(sys.argv) >= 4 else (1024, 1024, 1024)))
rng = np.random.default_rng(1)
a = (rng.random((m, k), dtype=np.float32) - 0.5)
b = (rng.random((k, n), dtype=np.float32) - 0.5)
c = np.empty((m, n), dtype=np.float32)
for _ in range(5):
    np.matmul(a, b, out=c)
times = []
for _ in range(30):
    t0 = time.perf_counter()
    np.matmul(a, b, out=c)
    times.append(time.perf_counter() - t0)
times.sort()
best = times[0]
median = times[len(times) // 2]
print(json.dumps({"peer": "openblas", "shape": f"{m}x{n}x{k} NN", "threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0")),
                  "us": round(best * 1e6, 1), "gflops": round(2 * m * n * k / best / 1e9, 1),
                  "median_us": round(median * 1e6, 1), "median_gflops": round(2 * m * n * k / median / 1e9, 1)}))
