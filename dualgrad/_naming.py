"""Methods named by the class a user called, for Python's own call errors.

Python names a function by its ``__qualname__`` in the TypeErrors of a call
("got an unexpected keyword argument", "missing 1 required positional
argument").  A method a class inherits from a private base, or one made in a
factory, would say ``_Reduce.__call__()`` or ``_calls.<locals>.<lambda>()``
where the user wrote ``ReduceSum()(...)``.
"""
import types


def name_by_class(cls, attribute):
    """Give ``cls`` its own copy of the Python function ``cls.<attribute>`` (own
    or inherited) with the qualified name ``<cls>.<attribute>``.  The copy
    shares the code, defaults and closure, so it behaves as the original
    (``super()`` included)."""
    function = getattr(cls, attribute, None)
    qualname = f"{cls.__qualname__}.{attribute}"
    if not isinstance(function, types.FunctionType) or function.__qualname__ == qualname:
        return
    own = types.FunctionType(function.__code__, function.__globals__, attribute,
                             function.__defaults__, function.__closure__)
    own.__kwdefaults__ = function.__kwdefaults__
    own.__doc__ = function.__doc__
    own.__dict__.update(function.__dict__)
    own.__qualname__ = qualname
    own.__module__ = function.__module__
    setattr(cls, attribute, own)
