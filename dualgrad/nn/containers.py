"""Containers of cells: SequentialCell (a pipeline), CellList (a list) and
CellDict (a dict).

Cells added to a container are keyed ``'0'``, ``'1'``, ... (or by the keys of
an OrderedDict) and their parameters renamed ``'<key>.weight'`` as MindSpore
does; inserting or deleting renumbers the following cells and their names.
"""
from collections import OrderedDict, abc

from .cell import Cell

__all__ = ["SequentialCell", "CellList", "CellDict"]


def _check_cell(cell, owner, what="cell"):
    if not isinstance(cell, Cell):
        raise TypeError(f"{owner}: {what} must be a Cell, got {type(cell).__name__}")
    return cell


def _check_index(index, n, owner, inserting=False):
    if isinstance(index, bool) or not isinstance(index, int):
        raise TypeError(f"{owner}: index must be an int, got {type(index).__name__}")
    high = n if inserting else n - 1
    if not -n <= index <= high:
        bound = f"[{-n}, {n}]" if inserting else f"[{-n}, {n})"
        raise IndexError(f"{owner}: index must be in {bound}, got {index}")
    return index + n if index < 0 else index


class _CellSequence(Cell):
    """Shared list behaviour: numbered children whose parameter names follow their position."""

    def __init__(self, auto_prefix=True):
        Cell.__init__(self, auto_prefix)
        self.__dict__["_numbered"] = []     # per child: key is its position (vs a user key)

    def _owner(self):
        return type(self).__name__

    def _rebuild(self, items):
        """Replace the children by ``items`` [(cell, numbered, key)], renaming parameters."""
        cells = OrderedDict()
        numbered = []
        for index, (cell, is_numbered, key) in enumerate(items):
            key = str(index) if is_numbered else key
            cells[key] = cell
            numbered.append(is_numbered)
            if self._auto_prefix:
                cell.update_parameters_name(self._param_prefix + key + ".")
        d = self.__dict__
        for old in d["_cells"]:
            d.pop(old, None)
        d["_cells"] = cells
        d["_numbered"] = numbered
        for key, cell in cells.items():
            d[key] = cell

    def _items(self):
        return [(cell, num, key) for (key, cell), num
                in zip(self.__dict__["_cells"].items(), self.__dict__["_numbered"])]

    def _add(self, cell, key=None):
        _check_cell(cell, self._owner())
        key = str(len(self)) if key is None else key
        if self._auto_prefix:
            cell.update_parameters_name(self._param_prefix + key + ".")
        self.insert_child_to_cell(key, cell)
        self.__dict__["_numbered"].append(key == str(len(self) - 1))

    def __len__(self):
        return len(self.__dict__["_cells"])

    def __bool__(self):
        return len(self) != 0

    def __iter__(self):
        return iter(list(self.__dict__["_cells"].values()))

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._slice(index)
        index = _check_index(index, len(self), self._owner())
        return list(self.__dict__["_cells"].values())[index]

    def __setitem__(self, index, cell):
        _check_cell(cell, self._owner())
        index = _check_index(index, len(self), self._owner())
        items = self._items()
        items[index] = (cell, items[index][1], items[index][2])
        self._rebuild(items)

    def __delitem__(self, index):
        items = self._items()
        if isinstance(index, slice):
            del items[index]
        else:
            del items[_check_index(index, len(self), self._owner())]
        self._rebuild(items)

    def append(self, cell):
        """Add ``cell`` at the end; its parameters are named ``'<position>.<name>'``.

        >>> from dualgrad import nn
        >>> seq = nn.SequentialCell(nn.Dense(2, 3))
        >>> seq.append(nn.Dense(3, 1))
        >>> [p.name for p in seq.trainable_params()]
        ['0.weight', '0.bias', '1.weight', '1.bias']
        """
        self._add(cell)

    def insert(self, index, cell):
        """Insert ``cell`` before position ``index``; later cells are renumbered.

        >>> from dualgrad import nn
        >>> layers = nn.CellList([nn.Dense(2, 2)])
        >>> layers.insert(0, nn.Dense(3, 2))
        >>> [p.name for p in layers.trainable_params()]
        ['0.weight', '0.bias', '1.weight', '1.bias']
        """
        _check_cell(cell, self._owner())
        index = _check_index(index, len(self), self._owner(), inserting=True)
        items = self._items()
        items.insert(index, (cell, True, None))
        self._rebuild(items)

    def extend(self, cells):
        """Append every cell of a list.

        >>> from dualgrad import nn
        >>> layers = nn.CellList()
        >>> len(layers.extend([nn.ReLU(), nn.Tanh()]))
        2
        """
        if not isinstance(cells, (list, tuple, _CellSequence)):
            raise TypeError(f"{self._owner()}: extend expects a list of Cells, got "
                            f"{type(cells).__name__}")
        for i, cell in enumerate(list(cells)):
            _check_cell(cell, self._owner(), f"element {i}")
        for cell in list(cells):
            self._add(cell)
        return self

    def __iadd__(self, cells):
        return self.extend(cells)


class SequentialCell(_CellSequence):
    """Cells applied one after another: ``SequentialCell(a, b, c)(x) == c(b(a(x)))``.

    Takes cells as arguments, one list of cells, or an OrderedDict (whose keys
    name the cells and prefix their parameters).

    >>> import numpy as np, dualgrad as ms
    >>> from dualgrad import nn
    >>> net = nn.SequentialCell(nn.Dense(3, 4), nn.ReLU(), nn.Dense(4, 2))
    >>> [p.name for p in net.trainable_params()]
    ['0.weight', '0.bias', '2.weight', '2.bias']
    >>> net(ms.Tensor(np.ones((5, 3), np.float32))).shape
    (5, 2)
    """

    def __init__(self, *args):
        super().__init__()
        if len(args) == 1 and isinstance(args[0], OrderedDict):
            for key, cell in args[0].items():
                _check_cell(cell, "SequentialCell", f"entry {key!r}")
            for key, cell in args[0].items():
                self._add(cell, key)
            # An OrderedDict's keys stay keys when cells are inserted or deleted.
            self.__dict__["_numbered"] = [False] * len(self)
            return
        if len(args) == 1 and isinstance(args[0], (list, tuple)):
            cells = list(args[0])
        elif len(args) == 1 and not isinstance(args[0], Cell):
            raise TypeError(f"SequentialCell: expected Cells, a list of Cells or an "
                            f"OrderedDict, got {type(args[0]).__name__}")
        else:
            cells = list(args)
        for i, cell in enumerate(cells):
            _check_cell(cell, "SequentialCell", f"element {i}")
        for cell in cells:
            self._add(cell)

    def _slice(self, index):
        # MindSpore keeps the keys (and so the parameter names) of a slice.
        return SequentialCell(OrderedDict(list(self.__dict__["_cells"].items())[index]))

    def construct(self, input_data):
        for cell in self.__dict__["_cells"].values():
            input_data = cell(input_data)
        return input_data


class CellList(_CellSequence):
    """A list of cells whose parameters are registered (``'0.weight'``, ...).

    Unlike SequentialCell it has no ``construct``: iterate over it yourself.

    >>> from dualgrad import nn
    >>> layers = nn.CellList([nn.Dense(2, 2), nn.Dense(2, 1)])
    >>> [p.name for p in layers.trainable_params()]
    ['0.weight', '0.bias', '1.weight', '1.bias']
    >>> len(layers), type(layers[1]).__name__
    (2, 'Dense')
    """

    def __init__(self, *args, auto_prefix=True):
        super().__init__(auto_prefix)
        if len(args) > 1:
            raise TypeError(f"CellList: expected at most one list of Cells, got {len(args)} "
                            "arguments")
        if args and args[0] is not None:
            self.extend(args[0])

    def _slice(self, index):
        return CellList(list(self.__dict__["_cells"].values())[index])

    def construct(self, *inputs):
        raise NotImplementedError("CellList has no construct: iterate over its cells "
                                  "(for cell in cell_list: x = cell(x))")


class CellDict(Cell):
    """A dict of cells by str key, in insertion order, whose parameters are
    registered and named ``'<key>.<name>'`` (``'<path>.<key>.<name>'`` once the
    CellDict is itself a sub-cell), as in MindSpore 2.10.

    Built from a dict, an OrderedDict, another CellDict or an iterable of
    (key, cell) pairs.  A key must be a non-empty str without '.', and not the
    name of an attribute of the CellDict (``'training'``, ``'keys'``...); a
    cell may not be a CellDict, CellList or SequentialCell.  Setting an
    existing key replaces its cell in place.  Like CellList it has no
    ``construct``: call its cells yourself.

    >>> from dualgrad import nn
    >>> layers = nn.CellDict({'conv': nn.Conv2d(1, 2, 3), 'act': nn.ReLU()})
    >>> layers['head'] = nn.Dense(2, 1)
    >>> list(layers.keys())
    ['conv', 'act', 'head']
    >>> [p.name for p in layers.trainable_params()]
    ['conv.weight', 'head.weight', 'head.bias']
    >>> type(layers.pop('act')).__name__, len(layers), 'act' in layers
    ('ReLU', 2, False)
    """

    def __init__(self, *args, auto_prefix=True):
        super().__init__(auto_prefix)
        if len(args) > 1:
            raise TypeError(f"CellDict: expected at most one mapping or iterable of (key, "
                            f"cell) pairs, got {len(args)} arguments")
        if args:
            self.update(args[0])

    def _check_key(self, key):
        if not isinstance(key, str):
            raise TypeError(f"CellDict: key must be a str, got {type(key).__name__}")
        if not key:
            raise KeyError("CellDict: key must not be an empty str")
        if "." in key:
            raise KeyError(f"CellDict: key must not contain '.', got {key!r}")
        if key not in self.__dict__["_cells"] and hasattr(self, key):
            raise KeyError(f"CellDict: key {key!r} is the name of an attribute of the "
                           "CellDict; choose another")

    @staticmethod
    def _check_cell(cell):
        if cell is None:
            raise TypeError("CellDict: cell must be a Cell, got None")
        _check_cell(cell, "CellDict")
        if isinstance(cell, (CellDict, _CellSequence)):
            raise TypeError(f"CellDict: cell must not be a CellDict, CellList or "
                            f"SequentialCell, got {type(cell).__name__}")

    def __getitem__(self, key):
        return self.__dict__["_cells"][key]

    def __setitem__(self, key, cell):
        self._check_key(key)
        self._check_cell(cell)
        if self._auto_prefix:
            cell.update_parameters_name(self._param_prefix + key + ".")
        self.insert_child_to_cell(key, cell)

    def __delitem__(self, key):
        if key not in self.__dict__["_cells"]:
            raise KeyError(key)
        delattr(self, key)

    def __len__(self):
        return len(self.__dict__["_cells"])

    def __iter__(self):
        return iter(list(self.__dict__["_cells"]))

    def __contains__(self, key):
        return key in self.__dict__["_cells"]

    def clear(self):
        """Remove every cell.

        >>> from dualgrad import nn
        >>> layers = nn.CellDict({'a': nn.ReLU()}); layers.clear(); len(layers)
        0
        """
        for key in list(self.__dict__["_cells"]):
            del self[key]

    def pop(self, key):
        """Remove the cell of ``key`` and return it (KeyError when there is none).

        >>> from dualgrad import nn
        >>> nn.CellDict({'a': nn.ReLU()}).pop('a')
        ReLU()
        """
        cell = self[key]
        del self[key]
        return cell

    def keys(self):
        """The keys, in insertion order."""
        return self.__dict__["_cells"].keys()

    def values(self):
        """The cells, in insertion order."""
        return self.__dict__["_cells"].values()

    def items(self):
        """The (key, cell) pairs, in insertion order."""
        return self.__dict__["_cells"].items()

    def update(self, cells):
        """Add or replace cells from a mapping (a dict, an OrderedDict, a CellDict)
        or an iterable of (key, cell) pairs, in their order.

        >>> from dualgrad import nn
        >>> layers = nn.CellDict()
        >>> layers.update([('a', nn.ReLU()), ('b', nn.Tanh())])
        >>> list(layers)
        ['a', 'b']
        """
        if isinstance(cells, (abc.Mapping, CellDict)):
            pairs = list(cells.items())
        elif isinstance(cells, abc.Iterable) and not isinstance(cells, (str, Cell)):
            pairs = []
            for index, pair in enumerate(cells):
                if not isinstance(pair, abc.Iterable) or isinstance(pair, str):
                    raise TypeError(f"CellDict: update's element {index} must be a (key, "
                                    f"cell) pair, got {type(pair).__name__}")
                pair = tuple(pair)
                if len(pair) != 2:
                    raise ValueError(f"CellDict: update's element {index} must be a (key, "
                                     f"cell) pair, got {len(pair)} items")
                pairs.append(pair)
        else:
            raise TypeError(f"CellDict: update expects a mapping or an iterable of (key, "
                            f"cell) pairs, got {type(cells).__name__}")
        for key, cell in pairs:
            self[key] = cell

    def construct(self, *inputs):
        raise NotImplementedError("CellDict has no construct: call its cells "
                                  "(for key, cell in cell_dict.items(): ...)")
