"""Every example in dualgrad's docstrings runs and prints what it says."""
import doctest
import importlib
import pkgutil

import numpy as np
import pytest

import dualgrad

MODULES = sorted(m.name for m in pkgutil.walk_packages(dualgrad.__path__, "dualgrad."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    state = np.random.get_state()
    try:
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=False)
    finally:
        np.random.set_state(state)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_the_docstring_examples_are_found():
    found = sum(len(t.examples) for name in MODULES
                for t in doctest.DocTestFinder().find(importlib.import_module(name)))
    assert found > 200
