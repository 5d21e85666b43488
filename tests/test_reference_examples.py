"""The reference document's examples print exactly what MindSpore 2.10 printed."""
import pathlib
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples" / "reference"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))


def test_every_reference_example_is_here():
    assert len(SCRIPTS) == 6


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_reference_example_prints_what_mindspore_printed(script):
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=120, cwd=EXAMPLES)
    assert run.returncode == 0, run.stderr
    printed = "\n".join(line for line in run.stdout.splitlines() if line.strip())
    expected = script.with_suffix(".expected").read_text().strip()
    assert printed == expected
