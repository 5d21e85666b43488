"""Run one system's rows of one workload in this interpreter; write the results as JSON.

Started by run.py, one process per (system, workload), with the system's own
Python:  python worker.py SYSTEM WORKLOAD INPUTS.npz OUT.json [--quick] [--memory]

run.py pins the process to one CPU; here every thread pool is set to one
thread before NumPy or a framework is imported.
"""
import os
import sys

_THREADS = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
            # Recognised by jaxlib 0.10 but not sufficient on its own: its CPU runtime
            # still used both cores for a large matmul, hence run.py's CPU pinning.
            "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"}
os.environ.update(_THREADS)

import argparse  # noqa: E402  (the environment above must be set before any import)
import gc  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

import numpy as np  # noqa: E402

from workloads.common import Unavailable  # noqa: E402  (this script's folder is on sys.path)


def _loop(fn, n):
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return time.perf_counter() - start


def _calibrate(fn, min_loop):
    """(first call's time, loop size n): n calls last at least ``min_loop`` seconds.

    The first call holds JIT compilation and caches being filled, so it is
    reported apart; the second finishes the warm-up and gives the estimate.
    """
    start = time.perf_counter()
    fn()
    first = time.perf_counter() - start
    start = time.perf_counter()
    fn()
    n = max(1, math.ceil(min_loop / max(time.perf_counter() - start, 1e-7)))
    while _loop(fn, n) < min_loop:
        n *= 2
    return first, n


def measure(calls, min_loop, repeats):
    """Time every call of this process in turns, repeat after repeat.

    ``calls`` maps a key to a callable.  Taking turns means that two calls of
    one process (dualgrad's API and core, a gradient and its HVP) see the same
    state of the machine, so the ratio of their times at each repeat is
    sharper than a ratio of medians; run.py reports the median of those paired
    ratios.  The garbage collector stays on, as it is for a user, but each loop
    starts from a collected heap.  Returns key -> timing dict, or
    {"unavailable"|"error": text}.
    """
    out, plans = {}, {}
    for key, fn in calls.items():
        try:
            plans[key] = _calibrate(fn, min_loop)
        except Unavailable as e:
            out[key] = {"unavailable": str(e)}
        except Exception:
            out[key] = {"error": traceback.format_exc(limit=4)}
    times = {key: [] for key in plans}
    for _ in range(repeats):
        for key, (_, n) in plans.items():
            gc.collect()
            times[key].append(_loop(calls[key], n) / n)
    for key, (first, n) in plans.items():
        t = times[key]
        out[key] = {"median": statistics.median(t), "min": min(t), "max": max(t), "times": t,
                    "repeats": repeats, "loop": n, "first_call": first}
    return out


def _status_kb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{field} missing from /proc/self/status")


def memory_use(fn, release_caches):
    """Resident memory one warm call needs at its peak, and holds after it (bytes; Linux).

    Writing 5 to clear_refs resets the kernel's high-water mark (VmHWM) to the
    current RSS, so VmHWM after the call minus VmRSS before it is the call's
    peak, whatever allocator the system uses.  Caches a system keeps between
    calls are emptied first (its module's ``release_caches``), so that they
    count.  run.py starts this measurement in its own process with glibc's mmap
    threshold fixed, so that freed large arrays really leave the process
    instead of being reused unseen.
    """
    fn()
    fn()
    release_caches()
    gc.collect()
    before = _status_kb("VmRSS")
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    result = fn()
    peak = _status_kb("VmHWM")
    del result
    gc.collect()
    return {"peak_rss_increase": (peak - before) * 1024,
            "rss_held_after": (_status_kb("VmRSS") - before) * 1024}


def checks(row):
    out = {}
    for name, check in row.checks.items():
        try:
            out[name] = check()
        except Unavailable:
            pass
        except Exception:
            out[name] = {"error": traceback.format_exc(limit=4)}
    return out


def memory(row, release_caches):
    out = {}
    for name, fn in row.calls.items():
        try:
            out[name] = memory_use(fn, release_caches)
        except Unavailable as e:
            out[name] = {"unavailable": str(e)}
        except Exception:
            out[name] = {"error": traceback.format_exc(limit=4)}
    return out


def run(rows, quick):
    """Every row's calls, timed in turns, and every row's checks."""
    calls = {(i, name): fn for i, row in enumerate(rows) for name, fn in row.calls.items()}
    timed = measure(calls, 0.01 if quick else 0.05, 3 if quick else 7)
    return [{"label": row.label, "checks": checks(row),
             "calls": {name: timed[(i, name)] for name in row.calls}}
            for i, row in enumerate(rows)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("system")
    parser.add_argument("workload")
    parser.add_argument("inputs")
    parser.add_argument("out")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()

    result = {"system": args.system, "python": sys.executable}
    try:
        module = importlib.import_module(f"workloads.with_{args.system}")
    except ModuleNotFoundError as e:
        if (e.name or "").startswith("workloads"):
            raise
        result["status"] = f"not installed ({e})"
    else:
        with np.load(args.inputs) as f:
            data = {k: f[k] for k in f.files}
        try:
            rows = getattr(module, args.workload)(data)
        except Unavailable as e:
            result["status"] = str(e)
        else:
            if args.memory:
                release = getattr(module, "release_caches", lambda: None)
                result["rows"] = [{"label": row.label, "calls": memory(row, release),
                                   "checks": {}} for row in rows]
            else:
                result["rows"] = run(rows, args.quick)
            result["status"] = "ok"
    with open(args.out, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
