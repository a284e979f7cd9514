"""numpy/pandas counterparts of benches/vector.rs; prints `name seconds` per operation.

The arrays are built with the same arithmetic as the porpoise script. Each operation is the
median of 3 runs on prepared data; `process: gen + sum(x*y)` times a fresh python3 process
that imports numpy, generates the data and sums (median of 3).
"""
import statistics
import subprocess
import sys
import time

import numpy as np
import pandas as pd

GEN = """
import numpy as np
n = 10000000
i = np.arange(n, dtype=np.int32)
x = (i.astype(np.int64) * 7919 % 1000003) * 0.001
y = (i.astype(np.int64) * 104729 % 999983) * 0.001
v = (i.astype(np.int64) * 7919 % 1000003).astype(np.int32)
"""


def timed(f):
    times = []
    for _ in range(3):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    t = time.perf_counter()
    scope = {}
    exec(GEN, scope)
    print(f"generate {time.perf_counter() - t:.6f}")
    x, y, v = scope["x"], scope["y"], scope["v"]
    n = len(v)
    ops = [
        ("sum(x*y)", lambda: np.sum(x * y)),
        ("mavg(x,20)", lambda: pd.Series(x).rolling(20).mean().to_numpy()),
        ("cumsum(x)", lambda: np.cumsum(x)),
        ("sort(v)", lambda: np.sort(v)),
        ("distinct(v)", lambda: pd.unique(v)),
        ("groups(v)", lambda: pd.Series(np.arange(n, dtype=np.int32)).groupby(v).indices),
    ]
    for name, f in ops:
        print(f"{name} {timed(f):.6f}")
    code = GEN + "\nprint(np.sum(x * y))\n"
    times = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    print(f"process: gen + sum(x*y) {statistics.median(times):.6f}")


if __name__ == "__main__":
    main()
