"""dualgrad's benchmarks, side by side with the peers a user would otherwise choose.

    python benchmarks/run.py [--workloads W1,W1b,W3,W4,W5,W6,W7,W8,W9,W10] [--quick] [--json out.json]
                             [--rounds N] [--cpu N]

Each workload (see benchmarks/README.md) runs for every system in its own
processes with its own interpreter (worker.py), one after the other on the same
single CPU, in rounds that take turns through the systems.  Inputs are generated
here from a fixed seed and handed to every process in one .npz file, and each
process returns a fingerprint of its result: rows that should agree and do not
are reported as MISMATCH and make the command exit with status 1, as do errors.
A peer whose virtual environment or package is missing is reported as
"not installed" and is not an error.

Peer interpreters: $DUALGRAD_BENCH_VENV_<SYSTEM> (TORCH, JAX, FOLX, AUTOGRAD,
MINDSPORE) names a virtual environment; defaults are under /work/peers.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
SEED = 20261125
TOLERANCE = 1e-6  # relative, float64: far above rounding, far below any real bug
TIMEOUT = 1800  # seconds per process, a generous bound: the slowest takes under a minute


# ---------------------------------------------------------------------------
# Systems: which interpreter runs each workloads/with_<system>.py

def _venv_python(system, default):
    venv = os.environ.get(f"DUALGRAD_BENCH_VENV_{system.upper()}", default)
    return os.path.join(venv, "bin", "python")


def systems():
    jax_venv = os.environ.get("DUALGRAD_BENCH_VENV_JAX", "/work/peers/venv-jax")
    return {
        "numpy": sys.executable,
        "dualgrad": sys.executable,
        "torch": _venv_python("torch", "/work/peers/venv-torch"),
        "jax": _venv_python("jax", jax_venv),
        # folx and autograd are installed beside JAX unless told otherwise.
        "folx": _venv_python("folx", jax_venv),
        "autograd": _venv_python("autograd", jax_venv),
        "mindspore": _venv_python("mindspore", "/work/peers/venv-mindspore"),
    }


# ---------------------------------------------------------------------------
# Workloads: inputs, and which systems run them (in table order)

def _mlp_weights(rng, widths, prefix=""):
    """Weights scaled by 1/sqrt(fan-in), so tanh stays out of saturation."""
    data = {}
    for i, (m, n) in enumerate(zip(widths, widths[1:]), 1):
        data[f"{prefix}W{i}"] = rng.standard_normal((m, n)) / np.sqrt(m)
        data[f"{prefix}b{i}"] = 0.1 * rng.standard_normal(n)
    return data


def _w1(rng):
    return {"x": rng.uniform(-1.0, 1.0, 10)}


def _w1b(rng):
    return {k: rng.standard_normal(10**6) for k in "abcd"}


def _w3(rng):
    widths = (8, 64, 64, 1)
    return {"X": rng.standard_normal((256, 8)), "y": rng.standard_normal((256, 1)),
            **_mlp_weights(rng, widths), **_mlp_weights(rng, widths, prefix="v")}


def _w4(n):
    def make(rng):
        x = rng.uniform(0.0, 1.0, (n, 2))
        f = -2.0 * np.pi**2 * np.sin(np.pi * x[:, 0]) * np.sin(np.pi * x[:, 1])
        return {"x": x, "f": f, **_mlp_weights(rng, (2, 32, 32, 1))}
    return make


def _w6(rng):
    return {"x": rng.uniform(-1.0, 1.0, (512, 1)), **_mlp_weights(rng, (1, 128, 128, 128, 1))}


def _w8(rng):
    return {"x": rng.uniform(-1.0, 1.0, (512, 2)), **_mlp_weights(rng, (2, 128, 128, 128, 1))}


def _w5(d):
    def make(rng):
        return {"x": rng.standard_normal((512, d)), **_mlp_weights(rng, (d, 128, 128, 128, 1))}
    return make


BASELINE = None  # a Target's denominator: the NumPy baseline row


class Target:
    """A ratio BENCHMARKS.md sets a bound on: one row's call over another's."""

    def __init__(self, text, numerator, denominator, bound, field="median"):
        self.text = text
        self.numerator = numerator  # (row label, call name)
        self.denominator = denominator  # the same, or BASELINE
        self.bound = bound
        self.field = field  # "median" time, or "peak_rss_increase"


class Case:
    """One table: a workload (W4) at one size (N=512)."""

    def __init__(self, workload, title, inputs, systems, table, targets=(), memory=False,
                 per_call=None):
        self.workload = workload
        self.name = title.split(" — ")[0]
        self.title = title
        self.inputs = inputs
        self.systems = systems
        self.table = table  # "ratio": one time per row; "hvp": gradient and HVP per row
        self.targets = targets
        self.memory = memory
        self.per_call = per_call  # (header, divisor) for a per-primitive column


def cases():
    w1 = ["numpy", "dualgrad", "torch", "autograd", "mindspore", "jax"]
    w4 = ["numpy", "dualgrad", "jax", "torch", "autograd"]
    w5 = ["numpy", "dualgrad", "folx", "jax", "torch", "autograd"]
    core, api = ("dualgrad core (Tape)", "grad"), ("dualgrad API (grad)", "grad")
    hvp = "dualgrad hvp (forward over reverse)"
    dg_w4 = ("dualgrad laplacian in value_and_grad", "step")
    dg_w5 = ("dualgrad laplacian", "laplacian")
    w4_targets = [Target("dualgrad / JAX jit", dg_w4,
                         ("JAX jit (vmap of trace of hessian)", "step"), 1.0)]
    w5_targets = [Target("dualgrad / folx", dg_w5, ("folx forward Laplacian (jit)", "laplacian"),
                         1.0)]
    return [
        Case("W1", "W1 — gradient of y = sin(y)*0.9 + x, 100 times, then sum; float64[10]",
             _w1, w1, "ratio",
             [Target("dualgrad core / NumPy forward", core, BASELINE, 1.5),
              Target("dualgrad API / NumPy forward", api, BASELINE, 1.5),
              Target("dualgrad API / dualgrad core", api, core, 1.1)],
             per_call=("per primitive", 300)),
        Case("W1b", "W1b — tanh of a HyperDual (and a Dual) of float64[10^6]",
             _w1b, ["numpy", "dualgrad"], "ratio",
             [Target("HyperDual tanh / np.tanh", ("dualgrad HyperDual tanh (fused)", "tanh"),
                     BASELINE, 2.0)]),
        Case("W3", "W3 — Hessian-vector product, MLP 8-64-64-1 tanh, MSE over batch 256",
             _w3, ["numpy", "dualgrad", "torch", "jax", "autograd"], "hvp",
             [Target("dualgrad HVP / dualgrad gradient", (hvp, "hvp"), (hvp, "grad"), 1.7),
              Target("dualgrad gradient / PyTorch gradient", (hvp, "grad"),
                     ("PyTorch double backward", "grad"), 1.0)]),
        Case("W4", "W4 N=512 — PINN step: Poisson residual loss + gradient, MLP 2-32-32-1",
             _w4(512), w4, "ratio", w4_targets),
        Case("W4", "W4 N=4096 — PINN step: Poisson residual loss + gradient, MLP 2-32-32-1",
             _w4(4096), w4, "ratio", w4_targets + [
                 Target("dualgrad / PyTorch peak memory", dg_w4,
                        ("PyTorch nested autograd.grad(create_graph=True)", "step"), 1.0,
                        field="peak_rss_increase")], memory=True),
        Case("W5", "W5 D=2 — exact Laplacian of MLP 2-128-128-128-1 tanh at N=512",
             _w5(2), w5, "ratio", w5_targets),
        Case("W5", "W5 D=8 — exact Laplacian of MLP 8-128-128-128-1 tanh at N=512",
             _w5(8), w5, "ratio", w5_targets),
        # dualgrad's own workloads (BENCHMARKS.md sets no target): a beam PINN's
        # operator, and a training step on it
        Case("W6", "W6 — fourth derivative u_xxxx of MLP 1-128-128-128-1 tanh at N=512",
             _w6, ["numpy", "dualgrad", "jax", "torch", "autograd"], "ratio"),
        Case("W7", "W7 — PINN step on W6: loss mean((u_xxxx - 1)^2) + gradient w.r.t. weights",
             _w6, ["numpy", "dualgrad", "jax", "torch"], "ratio"),
        # and a plate's: the biharmonic operator on the plane
        Case("W8", "W8 — biharmonic Δ²u of MLP 2-128-128-128-1 tanh at N=512",
             _w8, ["numpy", "dualgrad", "jax", "torch"], "ratio"),
        Case("W9", "W9 — PINN step on W8: loss mean((Δ²u - 1)^2) + gradient w.r.t. weights",
             _w8, ["numpy", "dualgrad", "jax", "torch"], "ratio"),
        # and the Jacobian a Gauss-Newton or Levenberg-Marquardt PINN solver needs
        Case("W10", "W10 — Jacobian of W4's residuals Δu - f w.r.t. its 1185 weights at N=128",
             _w4(128), ["numpy", "dualgrad", "jax", "torch"], "ratio"),
    ]


# ---------------------------------------------------------------------------
# Running the workers

def _environment(system, memory):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if system == "dualgrad":
        env["PYTHONPATH"] = REPO  # the in-place build: the repository's dualgrad/
    if memory:
        # A fixed threshold stops glibc from raising it after each free, which would
        # keep freed large arrays resident and hide them from the next peak.
        env["MALLOC_MMAP_THRESHOLD_"] = "131072"
    return env


def run_worker(system, python, case, inputs, workdir, cpu, quick, memory=False):
    if not os.path.exists(python):
        return {"system": system, "status": f"not installed (no interpreter {python})"}
    out = os.path.join(workdir, f"{system}-{case.name.replace(' ', '')}"
                                f"{'-memory' if memory else ''}.json")
    command = [python, os.path.join(HERE, "worker.py"), system, case.workload, inputs, out]
    command += ["--quick"] * quick + ["--memory"] * memory
    try:
        # Pinned from the start, so that no framework sizes its thread pools for two
        # cores; cwd: frameworks drop files (MindSpore's rank_0/) where they run.
        proc = subprocess.run(command, cwd=workdir, env=_environment(system, memory),
                              capture_output=True, text=True, timeout=TIMEOUT,
                              preexec_fn=lambda: os.sched_setaffinity(0, {cpu}))
    except subprocess.TimeoutExpired:
        return {"system": system, "status": f"ERROR: timed out after {TIMEOUT} s"}
    if proc.returncode != 0 or not os.path.exists(out):
        tail = "\n".join(proc.stderr.strip().splitlines()[-12:])
        return {"system": system, "status": f"ERROR: exit status {proc.returncode}\n{tail}"}
    with open(out) as f:
        return json.load(f)


def _merge(rounds):
    """One system's results over several rounds: every call's repeats pooled.

    The repeats keep their order, so two calls of one process stay paired
    repeat by repeat; checks, loop sizes and first calls are the first round's.
    """
    merged = rounds[0]
    for other in rounds[1:]:
        for row, more in zip(merged["rows"], other["rows"]):
            for name, call in row["calls"].items():
                if "times" in call and "times" in more["calls"][name]:
                    call["times"] += more["calls"][name]["times"]
    for row in merged["rows"]:
        for call in row["calls"].values():
            if "times" in call:
                t = call["times"]
                call.update(median=statistics.median(t), min=min(t), max=max(t),
                            repeats=len(t))
    return merged


def run_case(case, interpreters, workdir, cpu, quick, rounds, progress):
    """Every system of the case, round after round, then peak memory where asked.

    Rounds take turns through the systems, so that a slow spell of this shared
    machine, or an unlucky heap layout of one process (glibc's trimming made
    the same NumPy forward cost 1.6 ms in one process and 2.1 ms in the next),
    weighs on one round of each system instead of on one system.
    """
    inputs = os.path.join(workdir, f"{case.name.replace(' ', '')}.npz")
    np.savez(inputs, **case.inputs(np.random.default_rng(SEED)))
    per_system = {system: [] for system in case.systems}
    for r in range(rounds):
        for system in case.systems:
            if per_system[system] and per_system[system][0]["status"] != "ok":
                continue  # not installed, unavailable or broken: once is enough
            progress(f"{case.name}: {system}, round {r + 1}/{rounds}")
            per_system[system].append(
                run_worker(system, interpreters[system], case, inputs, workdir, cpu, quick))
    results = []
    for system, rounds_run in per_system.items():
        failed = [res for res in rounds_run if res["status"] != "ok"]
        result = failed[0] if failed else _merge(rounds_run)
        if case.memory and result["status"] == "ok":
            progress(f"{case.name}: {system}, peak memory")
            memory = run_worker(system, interpreters[system], case, inputs, workdir, cpu,
                                quick, memory=True)
            result["memory_status"] = memory["status"]
            for row, mrow in zip(result["rows"], memory.get("rows", [])):
                for name, m in mrow["calls"].items():
                    if "error" in m:
                        m = {"memory_error": m["error"]}
                    row["calls"][name].update(m)
        results.append(result)
    return {"case": case.name, "title": case.title, "systems": results,
            "checks": compare(results)}


# ---------------------------------------------------------------------------
# Checks: every row reporting a quantity must agree with a reference row

def _deviation(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    if a.shape != b.shape:
        return float("inf")
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


def compare(results):
    """{row label: {quantity: (deviation, reference label) or error text}}.

    The reference is the first row that is not dualgrad's (a peer or a NumPy
    oracle), so dualgrad is always judged against someone else.
    """
    reported = {}
    for result in results:
        for row in result.get("rows", []):
            for quantity, value in row["checks"].items():
                reported.setdefault(quantity, []).append((result["system"], row["label"], value))
    verdicts = {}
    for quantity, entries in reported.items():
        good = [e for e in entries if isinstance(e[2], list)]
        peers = [e for e in good if e[0] != "dualgrad"] or good
        for system, label, value in entries:
            verdict = verdicts.setdefault(label, {})
            if not isinstance(value, list):
                verdict[quantity] = f"ERROR computing the check:\n{value['error']}"
            elif len(good) < 2:
                verdict[quantity] = None  # nobody to compare with
            else:
                # The reference row itself is checked against the next one, a peer if any.
                ref = next(e for e in peers + good if e[1] != label)
                verdict[quantity] = (_deviation(value, ref[2]), ref[1])
    return verdicts


# ---------------------------------------------------------------------------
# Tables

def _time(t):
    if t is None:
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if t >= scale:
            return f"{t / scale:.3g} {unit}"
    return f"{t * 1e9:.3g} ns"


def _mib(n):
    return "—" if n is None else f"{n / 2**20:.1f} MiB"


def ratio(a, b, same_process, field="median"):
    """a / b for two calls' results, or None.

    Calls of one process were timed in turns, so their ratio is the median of
    the ratios at each repeat; across processes it is the ratio of medians.
    """
    if field == "median" and same_process and "times" in a and "times" in b:
        return statistics.median(x / y for x, y in zip(a["times"], b["times"]))
    if a.get(field) is not None and b.get(field):
        return a[field] / b[field]
    return None


def _ratio_text(r):
    return "—" if r is None else f"{r:.2f}"


def _cell(call):
    """A call's median time, or why there is none."""
    if "unavailable" in call:
        return call["unavailable"]
    if "error" in call:
        return "ERROR (below)"
    return _time(call.get("median"))


def _check_cell(verdict):
    if not verdict:
        return "—"
    if any(isinstance(v, str) for v in verdict.values()):
        return "ERROR (below)"
    measured = [v for v in verdict.values() if v is not None]
    if not measured:
        return "unchecked"
    worst = max(measured)
    mark = "ok" if worst[0] <= TOLERANCE else "MISMATCH"
    return f"{mark} {worst[0]:.0e}"


def _print_table(header, lines):
    """Aligned columns; a line of two cells (a system that gave no rows, and why)
    runs across the table instead."""
    full = [header] + [r for r in lines if len(r) > 2]
    widths = [max(len(r[i]) for r in full) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths]] + lines:
        if len(r) == 2:
            print(f"  {r[0]:<{widths[0]}}  {r[1]}")
        else:
            print("  " + "  ".join(f"{c:<{w}}" for c, w in zip(r, widths)).rstrip())


def _rows(result):
    return [(r["label"], r["calls"]) for r in result.get("rows", [])]


def render(case, outcome):
    """Print one case's table, its targets and every problem found; return the problems."""
    print(f"\n{case.title}")
    verdicts = outcome["checks"]
    baseline = next((next(iter(c.values())) for result in outcome["systems"]
                     if result["system"] == "numpy" for _, c in _rows(result)[:1]), {})
    header, lines = ["system"], []
    if case.table == "hvp":
        header += ["gradient", "HVP", "HVP / grad", "grad ratio", "runs (grad; HVP)", "check"]
    else:
        header += ["time"] + ([case.per_call[0]] if case.per_call else []) + ["ratio"]
        header += ["peak RSS +", "held after"] * case.memory + ["runs", "first call", "check"]
    for result in outcome["systems"]:
        if result["status"] != "ok":
            lines.append([result["system"], result["status"].splitlines()[0]])
        for label, c in _rows(result):
            if case.table == "hvp":
                # The baseline row has no gradient: its forward stands in that column.
                g, h = c.get("grad", next(iter(c.values()))), c.get("hvp", {})
                runs = "; ".join(f"{x['repeats']}×{x['loop']}" for x in (g, h) if "median" in x)
                lines.append([label, _cell(g), _cell(h) if h else "—",
                              _ratio_text(ratio(h, g, True)),
                              _ratio_text(ratio(g, baseline, result["system"] == "numpy")),
                              runs,
                              _check_cell(verdicts.get(label))])
                continue
            call = next(iter(c.values()))
            t = call.get("median")
            line = [label, _cell(call)]
            if case.per_call:
                line.append(_time(t / case.per_call[1]) if t else "—")
            line.append(_ratio_text(ratio(call, baseline, result["system"] == "numpy")))
            if case.memory:
                line += [_mib(call.get("peak_rss_increase")), _mib(call.get("rss_held_after"))]
            line += [f"{call['repeats']}×{call['loop']}" if t else "—",
                     _time(call.get("first_call")), _check_cell(verdicts.get(label))]
            lines.append(line)
    _print_table(header, lines)
    print("  time: median per call; runs: repeats × calls per timed loop")
    print(f"  {'grad ratio' if case.table == 'hvp' else 'ratio'}: to the NumPy baseline row; "
          "ratios within one system: medians of ratios paired repeat by repeat")
    _print_targets(case, outcome, baseline)
    return _problems(outcome)


def _print_targets(case, outcome, baseline):
    found = {(label, name): (result["system"], call)
             for result in outcome["systems"] for label, c in _rows(result)
             for name, call in c.items()}
    missing = (None, {})
    for target in case.targets:
        system, num = found.get(target.numerator, missing)
        den_system, den = (("numpy", baseline) if target.denominator is BASELINE
                           else found.get(target.denominator, missing))
        r = ratio(num, den, system == den_system, target.field)
        verdict = "" if r is None else (" met" if r <= target.bound else " NOT met")
        print(f"  {target.text}: {_ratio_text(r)}  (target <= {target.bound}){verdict}")


def _problems(outcome):
    problems = []
    for result in outcome["systems"]:
        if result["status"].startswith("ERROR"):
            problems.append(f"{result['system']}: {result['status']}")
        if result.get("memory_status", "ok").startswith("ERROR"):
            problems.append(f"{result['system']} (memory): {result['memory_status']}")
        for label, c in _rows(result):
            problems += [f"{label} [{name}]: ERROR\n{x['error']}"
                         for name, x in c.items() if "error" in x]
            problems += [f"{label} [{name}] (memory): ERROR\n{x['memory_error']}"
                         for name, x in c.items() if "memory_error" in x]
    for label, verdict in outcome["checks"].items():
        for quantity, v in verdict.items():
            if isinstance(v, str):
                problems.append(f"{label} [{quantity}]: {v}")
            elif v is not None and v[0] > TOLERANCE:
                problems.append(f"{label} [{quantity}]: MISMATCH, relative deviation "
                                f"{v[0]:.2e} from {v[1]} (tolerance {TOLERANCE:g})")
    for p in problems:
        print("  !!! " + p.replace("\n", "\n      "))
    return problems


# ---------------------------------------------------------------------------

def _machine():
    model = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f
                         if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": model, "cpus": os.cpu_count(), "platform": platform.platform(),
            "python": platform.python_version(), "numpy": np.__version__}


def main():
    all_cases = cases()
    names = sorted({c.workload for c in all_cases})
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workloads", default=",".join(names),
                        help=f"comma-separated, from {','.join(names)} (default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="3 repeats of >= 10 ms loops instead of 7 of >= 50 ms (smoke test)")
    parser.add_argument("--rounds", type=int,
                        help="processes per system, taking turns (default 3; 1 with --quick)")
    parser.add_argument("--json", metavar="PATH", help="also write every measurement here")
    parser.add_argument("--cpu", type=int, default=max(os.sched_getaffinity(0)),
                        help="the CPU every process is pinned to (default: the last one)")
    args = parser.parse_args()
    rounds = args.rounds or (1 if args.quick else 3)
    if rounds < 1:
        parser.error("--rounds: expected at least 1")
    wanted = args.workloads.split(",")
    unknown = set(wanted) - set(names)
    if unknown:
        parser.error(f"--workloads: unknown {', '.join(sorted(unknown))}; choose from "
                     f"{', '.join(names)}")

    interpreters = systems()
    report = {"date": datetime.datetime.now().isoformat(timespec="seconds"),
              "machine": _machine(), "cpu_pinned": args.cpu, "quick": args.quick,
              "rounds": rounds,
              "interpreters": interpreters, "cases": []}
    print(f"dualgrad benchmarks, {report['date']}, {report['machine']['cpu']}, "
          f"every process pinned to CPU {args.cpu}, one thread, {rounds} round(s)"
          f"{', QUICK (smoke test, few repeats)' if args.quick else ''}")
    problems = []
    with tempfile.TemporaryDirectory(prefix="dualgrad-bench-") as workdir:
        for case in all_cases:
            if case.workload not in wanted:
                continue
            outcome = run_case(case, interpreters, workdir, args.cpu, args.quick, rounds,
                               lambda msg: print(f"  … {msg}", file=sys.stderr, flush=True))
            problems += render(case, outcome)
            report["cases"].append(outcome)
            sys.stdout.flush()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=1)
    if problems:
        print(f"\n{len(problems)} problem(s): see the lines marked !!! above")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
