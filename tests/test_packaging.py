"""The source distribution carries every source the build compiles from, and
nothing the build generates (MANIFEST.in).

setup.py lists the sdist's files (egg_info writes SOURCES.txt) without
building anything; it imports Cython, which the test extra installs.
"""
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def sdist_files(tmp_path_factory):
    if not (ROOT / "setup.py").exists():
        pytest.skip("not run from a source checkout")
    egg_base = tmp_path_factory.mktemp("egg_info")
    subprocess.run([sys.executable, "setup.py", "-q", "egg_info", "--egg-base", str(egg_base)],
                   cwd=ROOT, check=True, capture_output=True)
    sources, = egg_base.glob("*.egg-info/SOURCES.txt")
    return set(sources.read_text().split())


def test_the_sdist_has_every_build_source(sdist_files):
    package = ROOT / "dualgrad"
    needed = {f"dualgrad/{p.name}" for pattern in ("*.pyx.tp", "*.pxd", "*.h", "*.pyi")
              for p in package.glob(pattern)}
    templates = {p.name[:-3] for p in package.glob("*.pyx.tp")}
    needed |= {f"dualgrad/{p.name}" for p in package.glob("*.pyx") if p.name not in templates}
    needed |= {"setup.py", "pyproject.toml", "README.md", "dualgrad/_table.py"}
    assert len(needed) > 10
    missing = needed - sdist_files
    assert not missing, f"the sdist lacks {sorted(missing)}"


def test_the_sdist_has_no_build_output(sdist_files):
    generated = {f for f in sdist_files
                 if f.endswith((".c", ".cpp", ".so")) or f == "dualgrad/_elementwise.pyx"}
    assert not generated, f"the sdist would ship generated files: {sorted(generated)}"


def test_every_subpackage_is_packaged(sdist_files):
    inits = {p.relative_to(ROOT).as_posix() for p in (ROOT / "dualgrad").rglob("__init__.py")}
    assert "dualgrad/common/__init__.py" in inits
    missing = inits - sdist_files
    assert not missing, f"pyproject.toml's packages lack {sorted(missing)}"
