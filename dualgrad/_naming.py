"""Call errors that name what the user called.

Python names a function by its ``__qualname__`` in the TypeErrors of a call
("got an unexpected keyword argument", "missing 1 required positional
argument").  A method a class inherits from a private base, a function made
in a factory or a private helper behind a public name would say
``_Reduce.__call__()``, ``_calls.<locals>.<lambda>()`` or ``_mean()`` where
the user wrote ``ReduceSum()(...)`` or ``ops.mean(...)``.
"""
import types

# The TypeErrors Python raises for arguments a signature does not take.
_SIGNATURE_ERRORS = ("got an unexpected keyword argument", "got multiple values",
                     "missing ", "takes ")


def renamed_call_error(error, function, name, parameters=None):
    """``error`` (Python's TypeError for a call of ``function``'s signature)
    with ``name`` in place of the function's qualified name and, if given,
    the parameters listed; None for any other error."""
    qualname = getattr(function, "__qualname__", None)
    text = str(error)
    if type(error) is not TypeError or qualname is None or \
            not text.startswith(qualname + "() "):
        return None
    rest = text[len(qualname) + 3:]
    if not rest.startswith(_SIGNATURE_ERRORS):
        return None
    if parameters:
        return TypeError(f"{name}() {rest} (its parameters: {', '.join(parameters)})")
    return TypeError(f"{name}() {rest}")


def name_by_class(cls, attribute):
    """Give ``cls`` its own copy of the Python function ``cls.<attribute>`` (own
    or inherited) with the qualified name ``<cls>.<attribute>``.  The copy
    shares the code, defaults and closure, so it behaves as the original
    (``super()`` included); a later assignment to a base class's attribute no
    longer reaches ``cls``, so this is for classes nobody patches (the
    primitive classes), not for Cells, whose calls rename their errors
    instead (``Cell.__call__``)."""
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
