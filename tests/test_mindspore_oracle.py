"""Differential tests against real MindSpore, when it is installed.

MindSpore needs ``numpy<2``, so it lives in its own environment: point
``DUALGRAD_MINDSPORE_PYTHON`` at that environment's interpreter (this
machine's default is /work/peers/venv-mindspore/bin/python).  Without it these
tests are skipped; the rest of the suite never needs MindSpore.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import numpy as np
import pytest

ORACLE = pathlib.Path(__file__).resolve().parent / "oracle"
MINDSPORE_PYTHON = os.environ.get("DUALGRAD_MINDSPORE_PYTHON",
                                  "/work/peers/venv-mindspore/bin/python")

pytestmark = pytest.mark.skipif(not os.path.exists(MINDSPORE_PYTHON),
                                reason="MindSpore is not installed (set DUALGRAD_MINDSPORE_PYTHON)")


def run(python, framework):
    for attempt in range(2):
        # (in a scratch folder: MindSpore writes rank_0/ logs where it runs)
        proc = subprocess.run([python, str(ORACLE / "run_programs.py"), framework],
                              capture_output=True, text=True, timeout=600,
                              cwd=tempfile.gettempdir())
        # MindSpore 2.10 has once aborted ("double free or corruption") after
        # its graph compiler refused a program, and passed on the next run: a
        # death by signal is retried once, a failure of our own never.
        if proc.returncode >= 0 or framework != "mindspore":
            break
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def results():
    return run(MINDSPORE_PYTHON, "mindspore"), run(sys.executable, "dualgrad")


def same(expected, actual, path):
    """Structure exactly, strings exactly, numbers to float32 rounding."""
    assert expected.keys() == actual.keys(), f"{path}: {expected} vs {actual}"
    (kind, want), = expected.items()
    have = actual[kind]
    if kind in ("tuple", "list"):
        assert len(want) == len(have), f"{path}: length {len(have)}, MindSpore {len(want)}"
        for i, (w, h) in enumerate(zip(want, have)):
            same(w, h, f"{path}[{i}]")
    elif kind == "tensor":
        assert want["shape"] == have["shape"], f"{path}: shape {have['shape']} vs {want['shape']}"
        assert want["dtype"] == have["dtype"], f"{path}: dtype {have['dtype']} vs {want['dtype']}"
        np.testing.assert_allclose(have["values"], want["values"], rtol=2e-6, atol=1e-6,
                                   err_msg=path)
    elif kind == "number":
        assert np.isclose(have, want, rtol=2e-6), f"{path}: {have} vs {want}"
    else:
        assert want == have, f"{path}: {have!r} vs MindSpore {want!r}"


def test_the_oracle_runs_every_program_on_mindspore(results):
    expected, _ = results
    errors = {k: v["error"] for k, v in expected.items() if "error" in v}
    assert not errors, errors


def program_names():
    """The programs of programs.py, read without importing it (it imports mindspore)."""
    import ast
    tree = ast.parse((ORACLE / "programs.py").read_text())
    return sorted(node.name[len("program_"):] for node in tree.body
                  if isinstance(node, ast.FunctionDef) and node.name.startswith("program_"))


@pytest.mark.parametrize("name", program_names())
def test_dualgrad_gives_what_mindspore_gives(results, name):
    expected, actual = results
    assert "error" not in actual[name], actual[name]["error"]
    same(expected[name], actual[name], name)
