"""The type stubs of the compiled modules cover what those modules export."""
import ast
import importlib
import pathlib

import pytest

import dualgrad

PACKAGE = pathlib.Path(dualgrad.__file__).resolve().parent
COMPILED = ["_core", "_tensor", "_elementwise", "_memory"]


def stub_names(module):
    tree = ast.parse((PACKAGE / f"{module}.pyi").read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names, tree


def test_the_package_is_marked_typed():
    assert (PACKAGE / "py.typed").exists()


@pytest.mark.parametrize("module", COMPILED)
def test_every_public_class_and_function_has_a_stub(module):
    mod = importlib.import_module(f"dualgrad.{module}")
    names, _ = stub_names(module)
    public = {n for n, v in vars(mod).items() if not n.startswith("_")
              and getattr(v, "__module__", None) == mod.__name__
              and (isinstance(v, type) or callable(v))}
    if module == "_elementwise":
        # The table's primitives are instances, typed by the stub's __getattr__.
        public = {n for n in public if not isinstance(vars(mod)[n], dualgrad._core.Primitive)}
    missing = public - names
    assert not missing, f"dualgrad/{module}.pyi lacks {sorted(missing)}"


@pytest.mark.parametrize("module", COMPILED)
def test_stubbed_names_exist(module):
    mod = importlib.import_module(f"dualgrad.{module}")
    names, _ = stub_names(module)
    absent = {n for n in names if n != "__getattr__" and not hasattr(mod, n)}
    assert not absent, f"dualgrad/{module}.pyi declares names the module lacks: {absent}"
