"""What a workload returns to the worker, and helpers every system shares.

Only the standard library and NumPy: this module is imported by every
interpreter (system Python, and the peers' virtual environments, one of which
still has NumPy 1.26).
"""
import numpy as np


class Unavailable(Exception):
    """A dualgrad feature the workload needs does not exist yet (reported, not failed)."""


class Row:
    """One line of a results table: a system (or a variant of it) on one workload.

    ``calls`` maps a name to a zero-argument callable that does the timed work
    and returns its result; the first one is the row's main time (for W3 the
    rows carry both ``grad`` and ``hvp``).  ``checks`` maps a quantity name to a
    callable that recomputes it untimed and returns a short vector of floats
    (see ``summary``); run.py compares rows that report the same quantity.
    """

    def __init__(self, label, calls, checks=None):
        self.label = label
        self.calls = calls
        self.checks = checks or {}


def summary(*arrays):
    """A short fingerprint of results: each array's first 4 entries and its sum.

    The first entries catch a wrong element, the sum catches the rest; both are
    compared with a relative tolerance far above float64 rounding.
    """
    out = []
    for a in arrays:
        flat = np.asarray(a, dtype=np.float64).ravel()
        out.extend(flat[:4].tolist())
        out.append(float(flat.sum()))
    return out


def mlp_params(data, prefix=""):
    """The MLP's weights in layer order [W1, b1, W2, b2, ...], the same for every system.

    ``prefix="v"`` gives W3's direction, stored under vW1, vb1, ...
    """
    n = sum(1 for k in data if k.startswith(prefix + "W") and k[len(prefix) + 1:].isdigit())
    params = []
    for i in range(1, n + 1):
        params += [data[f"{prefix}W{i}"], data[f"{prefix}b{i}"]]
    return params


def unavailable(what):
    """A stand-in for a dualgrad function that is not written yet."""
    def call(*args, **kwargs):
        raise Unavailable(f"{what} not available yet")
    return call
