"""One module per system (``with_<system>.py``), each defining the workloads it runs.

A workload is a function ``W1(data) -> [Row, ...]`` taking the inputs that
``run.py`` generated (a dict of NumPy arrays, identical for every system).
"""
