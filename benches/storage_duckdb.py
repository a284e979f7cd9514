"""DuckDB counterpart of benches/storage.rs: the same 10,000,000 rows (same arithmetic),
inserted into a file database from one Python process in 10 batches of 1,000,000 rows, then
the same group-by query (median of 3). Prints rows/s, MB/s and the query time.

Usage: python3 benches/storage_duckdb.py [rows]
"""
import os
import statistics
import sys
import tempfile
import time

import duckdb
import numpy as np
import pandas as pd

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
BATCHES = 10
PER_DAY = 100_000


def batch(lo, hi):
    i = np.arange(lo, hi, dtype=np.int64)
    return pd.DataFrame(
        {
            "date": (np.datetime64("2020-01-01") + (i // PER_DAY).astype("timedelta64[D]")),
            "id": (i * 7919 % 1000).astype(np.int32),
            "v1": (i * 7919 % 1_000_003) * 0.001,
            "v2": (i * 104_729 % 999_983) * 0.001,
            "v3": i * 0.5,
        }
    )


def main():
    path = os.path.join(tempfile.mkdtemp(prefix="duckdb-bench-"), "bench.duckdb")
    con = duckdb.connect(path)
    con.execute(
        "CREATE TABLE pt(date DATE, id INTEGER, v1 DOUBLE, v2 DOUBLE, v3 DOUBLE)"
    )
    per = ROWS // BATCHES
    spent = 0.0
    for b in range(BATCHES):
        df = batch(b * per, (b + 1) * per)
        t = time.perf_counter()
        con.execute(
            "INSERT INTO pt SELECT CAST(date AS DATE), id, v1, v2, v3 FROM df"
        )
        con.execute("CHECKPOINT")
        spent += time.perf_counter() - t
    raw_mb = ROWS * (4 + 4 + 3 * 8) / 1e6
    print(
        f"duckdb {duckdb.__version__} ingest {ROWS} rows: {spent:.2f} s, "
        f"{ROWS / spent:.0f} rows/s, {raw_mb / spent:.0f} MB/s of raw data"
    )
    q = (
        "SELECT id, avg(v1), max(v2) FROM pt "
        "WHERE date BETWEEN DATE '2020-01-21' AND DATE '2020-03-10' GROUP BY id"
    )
    times = []
    for _ in range(3):
        t = time.perf_counter()
        r = con.execute(q).fetchall()
        times.append(time.perf_counter() - t)
    print(
        f"duckdb query (50 of 100 days, group by id): "
        f"{statistics.median(times) * 1e3:.1f} ms median of 3, {len(r)} groups"
    )
    con.close()
    os.remove(path)


if __name__ == "__main__":
    main()
