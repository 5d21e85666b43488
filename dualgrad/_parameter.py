"""Parameter and ParameterTuple: the trainable tensors of a Cell."""
import itertools

import numpy as np

from ._core import primal_value
from ._tensor import Tensor, as_data, value_of

# MindSpore 2.10 names its first unnamed Parameter of a program Parameter#2 (its
# import has already taken #1); counting from 2 gives a program the same names.
_unnamed = itertools.count(2)


class Parameter(Tensor):
    """A Tensor that a Cell trains; ``weights=`` of grad takes these.

    >>> import numpy as np, dualgrad as ms
    >>> ms.Parameter(ms.Tensor(np.array([1.0], np.float32)), name='z')
    Parameter (name=z, shape=(1,), dtype=Float32, requires_grad=True)
    """

    def __init__(self, default_input, name=None, requires_grad=True, layerwise_parallel=False,
                 parallel_optimizer=True):
        data = as_data(default_input)
        # A Parameter owns its values: optimizers update them in place.
        self._data = np.array(primal_value(data), copy=True)
        self._param = True
        if name is not None and not isinstance(name, str):
            raise TypeError(f"name: expected a str or None, got {type(name).__name__}")
        self.name = name if name is not None else f"Parameter#{next(_unnamed)}"
        self._auto_named = name is None
        if not isinstance(requires_grad, bool):
            raise TypeError(f"requires_grad: expected a bool, got {type(requires_grad).__name__}")
        self.requires_grad = requires_grad

    def set_data(self, data, slice_shape=False):
        """Replace the values (cast to this Parameter's dtype); returns the Parameter."""
        if not isinstance(data, (Tensor, np.ndarray, int, float)) or isinstance(data, bool):
            raise TypeError(f"set_data: expected a Tensor, NumPy array, int or float, got "
                            f"{type(data).__name__}")
        new = np.asarray(primal_value(value_of(data) if isinstance(data, Tensor) else data))
        if new.dtype.kind not in "biuf":
            raise TypeError(f"set_data: expected numbers, got dtype {new.dtype}")
        if new.shape != self._data.shape and not slice_shape:
            # (MindSpore refuses this too: optimizers hold state of the old shape)
            raise ValueError(f"set_data: Parameter {self.name!r} has shape {self._data.shape}, "
                             f"the new data has shape {new.shape}")
        self._data = np.array(new, dtype=self._data.dtype, copy=True)
        return self

    @property
    def data(self):
        """The values as a plain Tensor sharing this Parameter's memory (MindSpore 2.x's
        ``Parameter.data``): writes through it change the Parameter until ``set_data``
        replaces the values, and no gradient flows through it (use ``value()`` for that).

        >>> import dualgrad as ms
        >>> w = ms.Parameter(ms.Tensor([1.0, 2.0]), name='w')
        >>> w.data
        Tensor(shape=[2], dtype=Float32, value= [ 1.00000000e+00,  2.00000000e+00])
        >>> ms.grad(lambda x: (x * w.data).sum(), None, w)(ms.Tensor([3.0, 4.0]))
        Tensor(shape=[2], dtype=Float32, value= [ 0.00000000e+00,  0.00000000e+00])
        """
        return Tensor.from_numpy(self._data)

    def value(self):
        """The current value as a Tensor of its own (under a transform differentiating
        this Parameter, the value that carries the derivative)."""
        return self.copy()

    def clone(self, init="same"):
        """A new Parameter of this one's name, shape, dtype and ``requires_grad``, as
        MindSpore's: its values copied (``init='same'``) or made by ``initializer``
        from ``init`` ('zeros', 'ones', a number, a Tensor, ...).

        >>> import dualgrad as ms
        >>> w = ms.Parameter(ms.Tensor([1.0, 2.0]), name='w')
        >>> z = w.clone('zeros')
        >>> z.name, z.asnumpy().tolist(), w.clone().asnumpy().tolist()
        ('w', [0.0, 0.0], [1.0, 2.0])
        """
        if isinstance(init, str) and init == "same":
            data = Tensor(self._data.copy())
        else:
            from .nn.initializers import initializer
            data = initializer(init, self.shape, self.dtype)
        return Parameter(data, self.name, self.requires_grad)

    def __repr__(self):
        from ._printing import parameter_repr
        return parameter_repr(self.name, tuple(self._data.shape), str(self.dtype),
                              self.requires_grad)

    __str__ = __repr__

    def __reduce__(self):
        return (Parameter, (Tensor(self._data), self.name, self.requires_grad))

    def __copy__(self):
        # A copy shares nothing mutable: optimizers update values in place.
        return Parameter(Tensor(self._data), self.name, self.requires_grad)

    def __deepcopy__(self, memo):
        return self.__copy__()


class ParameterTuple(tuple):
    """A tuple of Parameters (what ``Cell.trainable_params()`` feeds to grad)."""

    def __new__(cls, iterable):
        if isinstance(iterable, Tensor) or not hasattr(iterable, "__iter__"):
            hint = "; give a list of them: ParameterTuple([p])" if isinstance(
                iterable, Parameter) else ""
            raise TypeError(f"ParameterTuple: expected an iterable of Parameters, got "
                            f"{type(iterable).__name__}{hint}")
        items = tuple(iterable)
        for i, p in enumerate(items):
            if not isinstance(p, Parameter):
                raise TypeError(f"ParameterTuple: element {i} is a {type(p).__name__}, "
                                "expected a Parameter")
        return super().__new__(cls, items)

    def clone(self, prefix, init="same"):
        """New Parameters named ``<prefix>.<name>``, of each one's shape and dtype.

        ``init='same'`` copies the values; otherwise they come from ``init``
        as ``initializer`` makes them ('zeros', 'ones', a number, ...).

        >>> import dualgrad as ms
        >>> w = ms.Parameter(ms.Tensor([1.0, 2.0]), name='w')
        >>> m = ms.ParameterTuple([w]).clone('m', init='zeros')
        >>> m[0].name, m[0].asnumpy().tolist()
        ('m.w', [0.0, 0.0])
        """
        clones = ParameterTuple(p.clone(init) for p in self)
        for clone in clones:
            clone.name = f"{prefix}.{clone.name}"
        return clones
