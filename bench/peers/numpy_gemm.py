#!/usr/bin/env python3
"""Peer figures for `rlhf4j bench gemm`: NumPy's float32 matmul (OpenBLAS) on the same shapes.

Run with the thread count pinned, and without OPENBLAS_CORETYPE so OpenBLAS detects the core:
  env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 python3 bench/peers/numpy_gemm.py 1
Prints lines in the same format as the Java benchmark, with peer=numpy appended.
"""
import statistics
import sys
import time

import numpy as np

SHAPES = [(768, 768, 768), (1024, 3072, 768), (64, 50257, 768)]


def main():
    threads = sys.argv[1] if len(sys.argv) > 1 else "?"
    rng = np.random.default_rng(1)
    for m, n, k in SHAPES:
        a = rng.standard_normal((m, k), dtype=np.float32)
        b = rng.standard_normal((k, n), dtype=np.float32)
        c = np.empty((m, n), dtype=np.float32)
        warm_until = time.perf_counter() + 1.0
        while time.perf_counter() < warm_until:
            np.matmul(a, b, out=c)
        times = []
        for _ in range(9):
            t0 = time.perf_counter()
            np.matmul(a, b, out=c)
            times.append(time.perf_counter() - t0)
        gflops = 2.0 * m * n * k / statistics.median(times) / 1e9
        print(f"gemm M={m} N={n} K={k} threads={threads} gflops={gflops:.1f} peer=numpy")


if __name__ == "__main__":
    main()
