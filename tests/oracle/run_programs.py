"""Run tests/oracle/programs.py on MindSpore or dualgrad and print the results as JSON.

    python run_programs.py mindspore     # with MindSpore installed
    python run_programs.py dualgrad      # `mindspore` resolved to dualgrad

Results are recorded structurally: tuples, lists, Tensors (shape, dtype,
values), numbers and strings, so that the comparison can check both the
return structure and the numbers.
"""
import json
import os
import sys

import numpy as np


def record(x):
    if isinstance(x, tuple):
        return {"tuple": [record(v) for v in x]}
    if isinstance(x, list):
        return {"list": [record(v) for v in x]}
    if isinstance(x, str):
        return {"str": x}
    if isinstance(x, (bool, int, float)):
        return {"number": x}
    if hasattr(x, "asnumpy"):
        a = x.asnumpy()
        return {"tensor": {"shape": list(a.shape), "dtype": str(a.dtype),
                           "values": a.astype(np.float64).reshape(-1).tolist()}}
    return {"other": type(x).__name__}


def main(framework):
    if framework == "dualgrad":
        import dualgrad
        import dualgrad.nn
        import dualgrad.ops
        import dualgrad.numpy
        import dualgrad.scipy
        sys.modules.update({"mindspore": dualgrad, "mindspore.nn": dualgrad.nn,
                            "mindspore.ops": dualgrad.ops, "mindspore.numpy": dualgrad.numpy,
                            "mindspore.scipy": dualgrad.scipy,
                            "mindspore.scipy.linalg": dualgrad.scipy.linalg})
    else:
        import mindspore
        mindspore.set_device("CPU")
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import programs
    results = {}
    for name, fn in programs.PROGRAMS.items():
        # MindSpore 2.10's CPU allocator has once raised MemoryError (std::bad_alloc)
        # on a program that then passed 40 times in a row: it gets a second run
        attempts = 2 if framework == "mindspore" else 1
        for attempt in range(attempts):
            try:
                results[name] = record(fn())
                break
            except MemoryError as e:
                results[name] = {"error": f"{type(e).__name__}: {e}"}
            except Exception as e:  # recorded, so that one failure does not hide the others
                results[name] = {"error": f"{type(e).__name__}: {e}"}
                break
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
