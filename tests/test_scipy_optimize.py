"""dualgrad.scipy.optimize (minimize with BFGS / L-BFGS, line_search) against MindSpore 2.10.

Every reference below was printed by real MindSpore 2.10.0 on the CPU
(``mindspore.scipy.optimize``, PyNative mode), for the same functions written
with mindspore.ops.  In float64 dualgrad takes the same path: the same
iteration and evaluation counts, status and success, and the same points to
within rounding (the gradients come from different reverse modes, so the
last bits differ and grow a little along 60 iterations).  In float32 those
last bits matter more: after 10 iterations the points still agree to ~1e-5.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, ops
from dualgrad.scipy.optimize import LineSearchResults, OptimizeResults, line_search, minimize


def rosen(x):
    return ops.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2)


A = np.array([[4., 1, 0, 0.5], [1, 3, 0.2, 0], [0, 0.2, 2, 0.1], [0.5, 0, 0.1, 1]])
B = np.array([1., -2, 0.5, 3])


def quad(x):
    return 0.5 * ops.sum(x * ops.mv(Tensor(A), x)) - ops.sum(Tensor(B) * x)


XS = np.linspace(-1, 1, 8)
YS = np.sin(2 * XS)


def net(p):
    """A 1-4-1 tanh network's mean squared error, its 13 weights flattened into p."""
    w1, b1, w2, b2 = p[0:4].reshape(4, 1), p[4:8], p[8:12].reshape(1, 4), p[12]
    h = ops.tanh(ops.matmul(Tensor(XS.reshape(8, 1)), w1.T) + b1)
    out = ops.matmul(h, w2.T).reshape(-1) + b2
    return ops.mean((out - Tensor(YS)) ** 2)


P0 = np.concatenate([[0.5, -0.3, 0.8, 0.1], [0.0, 0.1, -0.1, 0.2], [0.3, 0.2, -0.4, 0.6], [0.0]])


def himmelblau(p):
    x, y = p[0], p[1]
    return (x ** 2 + y - 11.) ** 2 + (x + y ** 2 - 7.) ** 2


F32 = np.float32
ROSEN2 = np.array([-1.2, 1.0])
# name -> (func, x0, method, options, tolerance on x)
CASES = {
    'rosen2 BFGS': (rosen, ROSEN2, 'BFGS', None, 1e-10),
    'rosen10 BFGS': (rosen, np.zeros(10), 'BFGS', None, 1e-9),
    'quad BFGS': (quad, np.zeros(4), 'BFGS', None, 1e-12),
    'net15 BFGS': (net, P0, 'BFGS', {'maxiter': 15}, 1e-10),
    'rosen2 f32 maxiter10 BFGS': (rosen, ROSEN2.astype(F32), 'BFGS', {'maxiter': 10}, 2e-5),
    'himmel f32 BFGS': (himmelblau, np.zeros(2, F32), 'BFGS', {'maxiter': None, 'gtol': 1e-6},
                        1e-6),
    'rosen2 LBFGS': (rosen, ROSEN2, 'LBFGS', None, 1e-7),
    'rosen10 LBFGS': (rosen, np.zeros(10), 'LBFGS', None, 1e-7),
    'quad LBFGS': (quad, np.zeros(4), 'LBFGS', None, 1e-12),
    'net15 LBFGS': (net, P0, 'LBFGS', {'maxiter': 15}, 1e-10),
    'rosen2 f32 maxiter10 LBFGS': (rosen, ROSEN2.astype(F32), 'LBFGS', {'maxiter': 10}, 2e-5),
    'himmel f32 LBFGS': (himmelblau, np.zeros(2, F32), 'LBFGS', {'maxiter': None, 'gtol': 1e-6},
                         1e-6),
    'rosen2 norm2 gtol1e-3 ls3 BFGS': (rosen, ROSEN2, 'BFGS',
                                       {'norm': 2, 'gtol': 1e-3, 'line_search_maxiter': 3}, 1e-10),
    'rosen10 history3 LBFGS': (rosen, np.zeros(10), 'LBFGS', {'history_size': 3}, 1e-5),
}

# MindSpore 2.10's OptimizeResults for each case
MINDSPORE = {
    'rosen2 BFGS': {'x': [0.9999999870384784, 0.9999999740733386], 'success': True, 'status': 0, 'fun': 1.6800235229233078e-16, 'nfev': 48, 'njev': 48, 'nit': 33, 'jac': [-2.4475712142476743e-08, -7.236655719111695e-10], 'hess_inv': [[0.5125274715459728, 1.025058698752269], [1.025058698752269, 2.055124909647719]]},
    'rosen10 BFGS': {'x': [0.9999999932520619, 0.9999999974608399, 0.9999999943994461, 1.0000000002512248, 0.999999990558278, 0.9999999891699165, 0.999999982976631, 0.9999999678402426, 0.9999999500359278, 0.999999909104365], 'success': True, 'status': 0, 'fun': 7.690499318597605e-14, 'nfev': 89, 'njev': 89, 'nit': 61},
    'quad BFGS': {'x': [0.05464855329456563, -0.6963395710839878, 0.171860751361576, 2.955491004578099], 'success': True, 'status': 0, 'fun': -5.199863996040295, 'nfev': 11, 'njev': 11, 'nit': 8},
    'net15 BFGS': {'x': [2.480718564940478, 0.208073116048912, 0.46155291078271343, 1.4463612801248158, 0.009187361290507484, -0.052273300580670035, 0.08036535532719467, -0.10455885055487468, 0.8852655304279841, 0.2668364480070722, -0.4401920415007503, 0.23343569181172052, 0.061554387725066655], 'success': False, 'status': 1, 'fun': 0.0023351847034424186, 'nfev': 17, 'njev': 17, 'nit': 15},
    'rosen2 f32 maxiter10 BFGS': {'x': [-0.12044448405504227, -0.006782494951039553], 'success': False, 'status': 1, 'fun': 1.3007197380065918, 'nfev': 19, 'njev': 19, 'nit': 10},
    'himmel f32 BFGS': {'x': [3.0, 2.0], 'success': True, 'status': 0, 'fun': 0.0, 'nfev': 18, 'njev': 18, 'nit': 10},
    'rosen2 LBFGS': {'x': [1.000000074934453, 1.0000001587884015], 'success': True, 'status': 0, 'fun': 1.3570902112602846e-14, 'nfev': 56, 'njev': 56, 'nit': 37},
    'rosen10 LBFGS': {'x': [1.0000000047794566, 1.0000000128321724, 1.000000013474618, 1.0000000171770658, 1.0000000127290327, 1.000000015104406, 1.0000000034183976, 1.0000000162453384, 1.0000000177154127, 1.0000000476661595], 'success': True, 'status': 0, 'fun': 2.0203382812115272e-13, 'nfev': 71, 'njev': 71, 'nit': 54},
    'quad LBFGS': {'x': [0.05464837779505502, -0.6963388740114677, 0.17186073057042306, 2.9554860243964347], 'success': True, 'status': 0, 'fun': -5.199863996032231, 'nfev': 9, 'njev': 9, 'nit': 7},
    'net15 LBFGS': {'x': [2.2488278039177665, 0.08635817742966702, 0.5992993896162895, 1.5003721370453649, -0.10301766620853124, -0.027263566565246235, 0.05204417037630038, -0.0860371322678243, 0.7492207003032534, 0.08868965884542507, -0.12275401058092841, 0.3292005859525938, 0.03792881990865267], 'success': False, 'status': 1, 'fun': 0.004627592502516908, 'nfev': 19, 'njev': 19, 'nit': 15},
    'rosen2 f32 maxiter10 LBFGS': {'x': [-0.5837826132774353, 0.31439563632011414], 'success': False, 'status': 1, 'fun': 2.5780978202819824, 'nfev': 23, 'njev': 23, 'nit': 10},
    'himmel f32 LBFGS': {'x': [3.0, 2.0], 'success': True, 'status': 0, 'fun': 0.0, 'nfev': 21, 'njev': 21, 'nit': 12},
    'rosen2 norm2 gtol1e-3 ls3 BFGS': {'x': [1.0000005561019134, 0.999999587259852], 'success': True, 'status': 0, 'fun': 2.328547562899785e-10, 'nfev': 46, 'njev': 46, 'nit': 31},
    'rosen10 history3 LBFGS': {'x': [0.999999994390414, 0.9999999762837216, 0.9999999421397234, 0.9999998587485305, 0.9999997036430622, 0.9999993894220593, 0.9999987671404365, 0.9999975268485766, 0.9999950382796711, 0.9999900541027903], 'success': True, 'status': 0, 'fun': 3.2975950025985886e-11, 'nfev': 102, 'njev': 102, 'nit': 85},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_minimize_matches_mindspore(case):
    func, x0, method, options, tol = CASES[case]
    expected = MINDSPORE[case]
    start = Tensor(x0.copy())
    res = minimize(func, start, method=method, options=options)
    assert type(res) is OptimizeResults
    for field in ('nit', 'nfev', 'njev', 'status', 'success'):
        assert getattr(res, field) == expected[field], (field, getattr(res, field))
    assert type(res.success) is bool and type(res.status) is int and type(res.fun) is float
    assert type(res.nit) is type(res.nfev) is type(res.njev) is int
    assert isinstance(res.x, Tensor) and isinstance(res.jac, Tensor)
    assert res.x.dtype == res.jac.dtype == start.dtype and res.x.shape == x0.shape
    np.testing.assert_allclose(res.x.asnumpy(), expected['x'], rtol=0, atol=tol)
    assert abs(res.fun - expected['fun']) <= max(tol, 1e-6 * abs(expected['fun']))
    if method == 'BFGS':
        assert res.hess_inv.shape == (x0.size, x0.size) and res.hess_inv.dtype == start.dtype
    else:
        assert res.hess_inv is None
    np.testing.assert_array_equal(start.asnumpy(), x0)      # x0 is not modified


def test_bfgs_gradient_and_inverse_hessian_match_mindspore():
    res = minimize(rosen, Tensor(ROSEN2), method='BFGS')
    expected = MINDSPORE['rosen2 BFGS']
    np.testing.assert_allclose(res.jac.asnumpy(), expected['jac'], rtol=0, atol=1e-11)
    np.testing.assert_allclose(res.hess_inv.asnumpy(), expected['hess_inv'], rtol=1e-6)
    # and jac is the gradient at x
    np.testing.assert_allclose(res.jac.asnumpy(), ms.grad(rosen)(res.x).asnumpy(), rtol=1e-12)


def test_one_pass_per_evaluation_and_the_callback():
    calls, seen = [], []

    def counted(x):
        calls.append(x.asnumpy().copy())
        return rosen(x)
    res = minimize(counted, Tensor(ROSEN2), method='LBFGS', callback=lambda x: seen.append(x))
    assert len(calls) == res.nfev == 56      # value and gradient from one reverse pass
    # the callback sees every new point; nit (as in MindSpore) skips the converging one
    assert len(seen) == res.nit + 1 and isinstance(seen[-1], Tensor)
    np.testing.assert_array_equal(seen[-1].asnumpy(), res.x.asnumpy())


def test_jac_and_args():
    def scaled(x, s):
        return s * quad(x)

    def scaled_grad(x, s):
        return Tensor(s * (A @ x.asnumpy() - B))
    plain = minimize(scaled, Tensor(np.zeros(4)), args=(2.0,), method='BFGS')
    given = minimize(scaled, Tensor(np.zeros(4)), args=(2.0,), method='bfgs', jac=scaled_grad)
    assert plain.nit == given.nit and plain.nfev == given.nfev
    assert (plain.nit, plain.nfev, plain.success) == (8, 11, True)     # MindSpore 2.10's
    assert plain.fun == pytest.approx(-10.399727992086937, rel=1e-12)
    np.testing.assert_allclose(given.x.asnumpy(), plain.x.asnumpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(plain.x.asnumpy(), np.linalg.solve(A, B), atol=1e-6)


def test_history_size_changes_the_lbfgs_path():
    three = minimize(rosen, Tensor(np.zeros(10)), method='LBFGS', options={'history_size': 3})
    twenty = minimize(rosen, Tensor(np.zeros(10)), method='LBFGS')
    assert three.success and twenty.success
    assert (three.nit, twenty.nit) == (MINDSPORE['rosen10 history3 LBFGS']['nit'],
                                       MINDSPORE['rosen10 LBFGS']['nit'])
    assert three.nit != twenty.nit


# line_search(f, xk, pk, ...) -> MindSpore 2.10's LineSearchResults
X0 = np.array([-1.2, 1.0])
G0 = np.array([-215.6, -88.0])        # rosen's gradient at X0
LINE_SEARCHES = {
    'doc': lambda: line_search(lambda x: x[0] ** 2 - x[1] ** 3, Tensor(np.ones(2, F32)),
                               Tensor(np.array([-1, -1], F32))),
    'rosen -g': lambda: line_search(rosen, Tensor(X0), Tensor(-G0)),
    'rosen -g/|g| oldold': lambda: line_search(
        rosen, Tensor(X0), Tensor(-G0 / np.linalg.norm(G0)), gfk=Tensor(G0),
        old_fval=Tensor(np.float64(24.2)), old_old_fval=Tensor(np.float64(30.0))),
    'rosen maxiter1': lambda: line_search(rosen, Tensor(X0), Tensor(-G0 * 1e-6), maxiter=1),
    'rosen c2 small': lambda: line_search(rosen, Tensor(X0), Tensor(-G0), c1=0.3, c2=0.01),
}
MINDSPORE_LINE_SEARCH = {
    'doc': {'failed': True, 'nit': 1, 'nfev': 12, 'ngev': 12, 'k': 2, 'a_k': 1.0, 'f_k': 0.0, 'g_k': [2.0, -3.0], 'status': 1},
    'rosen -g': {'failed': False, 'nit': 1, 'nfev': 11, 'ngev': 11, 'k': 2, 'a_k': 0.0009383102608943982, 'f_k': 4.7505871956394135, 'g_k': [30.790577496409682, 17.43307977438644], 'status': 0},
    'rosen -g/|g| oldold': {'failed': False, 'nit': 1, 'nfev': 1, 'ngev': 1, 'k': 2, 'a_k': 0.05031183159141893, 'f_k': 14.33187302733575, 'g_k': [-147.95939133878693, -62.27249803413844], 'status': 0},
    'rosen maxiter1': {'failed': True, 'nit': 1, 'nfev': 2, 'ngev': 2, 'k': 2, 'a_k': 0.0, 'f_k': 24.199999999999996, 'g_k': [-215.59999999999997, -87.99999999999999], 'status': 3},
    'rosen c2 small': {'failed': True, 'nit': 1, 'nfev': 12, 'ngev': 12, 'k': 2, 'a_k': 1.0, 'f_k': 24.199999999999996, 'g_k': [-215.59999999999997, -87.99999999999999], 'status': 1},
}


@pytest.mark.parametrize("case", sorted(LINE_SEARCHES))
def test_line_search_matches_mindspore(case):
    res = LINE_SEARCHES[case]()
    expected = MINDSPORE_LINE_SEARCH[case]
    assert type(res) is LineSearchResults
    for field in ('failed', 'nit', 'nfev', 'ngev', 'k', 'status'):
        assert getattr(res, field) == expected[field], field
    assert type(res.failed) is bool and type(res.a_k) is float and type(res.f_k) is float
    assert isinstance(res.g_k, Tensor)
    assert res.a_k == pytest.approx(expected['a_k'], rel=1e-12)
    assert res.f_k == pytest.approx(expected['f_k'], rel=1e-12)
    np.testing.assert_allclose(res.g_k.asnumpy(), expected['g_k'], rtol=1e-12)


def test_line_search_satisfies_the_strong_wolfe_conditions():
    res = line_search(rosen, Tensor(X0), Tensor(-G0))
    f0, slope0 = 24.2, float(G0 @ -G0)
    assert res.f_k <= f0 + 1e-4 * res.a_k * slope0
    assert abs(float(res.g_k.asnumpy() @ -G0)) <= 0.9 * abs(slope0)


def test_line_search_bad_arguments():
    with pytest.raises(ValueError, match="'pk' must have the shape"):
        line_search(rosen, Tensor(X0), Tensor(np.ones(3)))
    with pytest.raises(TypeError, match="'c1' must be a float"):
        line_search(rosen, Tensor(X0), Tensor(-G0), c1="small")
    with pytest.raises(TypeError, match="'maxiter' must be an int"):
        line_search(rosen, Tensor(X0), Tensor(-G0), maxiter=2.0)
    with pytest.raises(ValueError, match="'xk' must be a 1-D"):
        line_search(rosen, Tensor(np.zeros((1, 2))), Tensor(np.zeros((1, 2))))


def test_already_at_a_minimum():
    # MindSpore 2.10 still makes one line search (one more evaluation): nfev 2
    for method in ('BFGS', 'LBFGS'):
        res = minimize(lambda x: ops.sum(x * x), Tensor(np.zeros(3)), method=method)
        assert (res.success, res.status, res.nit, res.nfev) == (True, 0, 0, 2)
        assert res.x.asnumpy().tolist() == [0.0, 0.0, 0.0]


def test_results_keep_the_dtype_of_x0():
    for dtype in (np.float16, np.float32, np.float64):
        for method in ('BFGS', 'LBFGS'):
            res = minimize(lambda x: ops.sum((x - 1.0) ** 2), Tensor(np.zeros(3, dtype)),
                           method=method)
            assert res.success and res.x.asnumpy().dtype == res.jac.asnumpy().dtype == dtype
            assert res.hess_inv is None or res.hess_inv.asnumpy().dtype == dtype
            np.testing.assert_allclose(res.x.asnumpy(), 1.0, atol=1e-3)


def test_a_nan_objective_fails_cleanly():
    res = minimize(lambda x: ops.sum(x) * np.nan, Tensor(np.zeros(3)), method='LBFGS')
    assert (res.success, res.status, res.nit) == (False, 5, 0)     # line search: maxiter


def test_minimize_bad_arguments():
    x0 = Tensor(np.zeros(2))
    with pytest.raises(ValueError, match="'method' must be given"):
        minimize(rosen, x0)
    with pytest.raises(ValueError, match="unknown 'method' 'CG'"):
        minimize(rosen, x0, method='CG')
    with pytest.raises(ValueError, match="LAGRANGE"):
        minimize(rosen, x0, method='LAGRANGE')
    with pytest.raises(TypeError, match="'method' must be a str"):
        minimize(rosen, x0, method=1)
    with pytest.raises(ValueError, match="'x0' must be a 1-D"):
        minimize(rosen, Tensor(np.zeros((2, 2))), method='BFGS')
    with pytest.raises(TypeError, match="'x0' must be a Tensor"):
        minimize(rosen, [0.0, 0.0], method='BFGS')
    with pytest.raises(TypeError, match="'x0' must be a floating"):
        minimize(rosen, Tensor(np.zeros(2, np.int32)), method='BFGS')
    with pytest.raises(TypeError, match=r"unknown option\(s\) \['maxcor'\]"):
        minimize(rosen, x0, method='LBFGS', options={'maxcor': 5})
    with pytest.raises(TypeError, match="history_size"):
        minimize(rosen, x0, method='BFGS', options={'history_size': 5})
    with pytest.raises(TypeError, match=r"options\['maxiter'\] must be an int"):
        minimize(rosen, x0, method='BFGS', options={'maxiter': 1.5})
    with pytest.raises(ValueError, match=r"options\['maxiter'\] must be >= 0"):
        minimize(rosen, x0, method='BFGS', options={'maxiter': -1})
    with pytest.raises(TypeError, match=r"options\['gtol'\]"):
        minimize(rosen, x0, method='BFGS', options={'gtol': '1e-5'})
    with pytest.raises(ValueError, match=r"options\['norm'\] must be inf"):
        minimize(rosen, x0, method='BFGS', options={'norm': 1})
    with pytest.raises(ValueError, match=r"options\['history_size'\] must be >= 1"):
        minimize(rosen, x0, method='LBFGS', options={'history_size': 0})
    with pytest.raises(TypeError, match="'options' must be a dict"):
        minimize(rosen, x0, method='BFGS', options=[('maxiter', 3)])
    with pytest.raises(TypeError, match="'args' must be a tuple"):
        minimize(rosen, x0, args=[1], method='BFGS')
    with pytest.raises(TypeError, match="'func' must be callable"):
        minimize(None, x0, method='BFGS')
    with pytest.raises(TypeError, match="'callback' must be callable"):
        minimize(rosen, x0, method='BFGS', callback=3)
    for name in ('hess', 'hessp', 'bounds', 'tol'):
        with pytest.raises(ValueError, match=f"'{name}' is not used"):
            minimize(rosen, x0, method='BFGS', **{name: 1e-6 if name == 'tol' else rosen})
    with pytest.raises(ValueError, match="'constraints'"):
        minimize(rosen, x0, method='BFGS', constraints=(rosen,))


def test_minimize_bad_functions():
    x0 = Tensor(np.zeros(3))
    with pytest.raises(ValueError, match="'func' must return a scalar, got shape \\(3,\\)"):
        minimize(lambda x: x * x, x0, method='BFGS')
    with pytest.raises(TypeError, match="'func' must return a scalar Tensor, got str"):
        minimize(lambda x: "loss", x0, method='BFGS', jac=lambda x: x)
    with pytest.raises(ValueError, match=r"'jac\(x\)' must have the shape \(3,\)"):
        minimize(lambda x: ops.sum(x * x), x0, method='BFGS', jac=lambda x: Tensor(np.ones(2)))
    with pytest.raises(TypeError, match="'jac' must be callable"):
        minimize(rosen, x0, method='BFGS', jac=True)


def test_untraced_func_is_refused_not_a_zero_gradient():
    # A float or NumPy value carries no gradient: reverse mode would give zeros
    # and BFGS would report success at x0.
    x0 = Tensor(np.array([1.0, 2.0]))
    for f in (lambda x: float(np.sum((x.asnumpy() - 3) ** 2)),
              lambda x: np.sum((x.asnumpy() - 3) ** 2)):
        for method in ('BFGS', 'LBFGS'):
            with pytest.raises(TypeError, match="For 'minimize', 'func' must return a Tensor "
                                                "computed from x"):
                minimize(f, x0, method=method)
        with pytest.raises(TypeError, match="For 'line_search', 'func' must return a Tensor"):
            line_search(f, x0, Tensor(np.array([1.0, 1.0])))
    for method in ('BFGS', 'LBFGS'):
        with pytest.raises(TypeError, match="'func' must return a floating Tensor"):
            minimize(lambda x: ops.sum(x * x).astype(ms.int32), x0, method=method)
    # with jac, a function of NumPy values is fine
    res = minimize(lambda x: float(np.sum((x.asnumpy() - 3) ** 2)), x0, method='BFGS',
                   jac=lambda x: 2 * (x.asnumpy() - 3))
    assert res.success and np.allclose(res.x.asnumpy(), 3)
