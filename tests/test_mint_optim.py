"""``dualgrad.mint.optim`` against MindSpore 2.10 and PyTorch's update rules.

Adam and SGD are checked update for update against MindSpore 2.10's values
(tests/mint_optim_reference.py, every option and parameter groups with
their own options).  MindSpore 2.10's CPU build has no kernel for AdamW's
fused update, so ``AdamW`` and ``FusedAdamW`` are checked against PyTorch's
AdamW written in NumPy below, as is amsgrad, whose running maximum MindSpore
2.10's Adam does not keep between updates.
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Parameter, Tensor, mint

from mint_optim_reference import (BAD_ARGUMENTS, CASES, MINDSPORE, MINDSPORE_ERRORS, STEPS,
                                  gradients, parameters)


def _build(name, kwargs, groups, values=None, dtype=np.float32):
    values = parameters() if values is None else values
    params = [Parameter(Tensor(v.astype(dtype)), name=f"p{i}") for i, v in enumerate(values)]
    spec = params if groups is None else [
        dict(g, params=[params[i] for i in g["params"]]) for g in groups]
    return params, getattr(mint.optim, name)(spec, **kwargs)


def _run(name, kwargs, groups, dtype=np.float32):
    params, opt = _build(name, kwargs, groups, dtype=dtype)
    trace = []
    for step in range(STEPS):
        grads = gradients(step)     # in the order of opt.parameters (the groups')
        assert opt(tuple(Tensor(grads[int(p.name[1:])].astype(dtype))
                         for p in opt.parameters)) is True
        trace.append([p.asnumpy().copy() for p in params])
    return trace


def _torch_adam(name, kwargs, groups):
    """PyTorch's Adam/AdamW (torch.optim, v2.1) in float64 NumPy, per parameter."""
    defaults = {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8,
                "weight_decay": 0.0 if name == "Adam" else 1e-2, "amsgrad": False,
                "maximize": False}
    defaults.update(kwargs)
    options = [dict(defaults)] * 2 if groups is None else [
        dict(defaults, **{k: v for k, v in g.items() if k != "params"})
        for g in groups for _ in g["params"]]
    order = [0, 1] if groups is None else [i for g in groups for i in g["params"]]
    w = [parameters()[i].astype(np.float64) for i in order]
    m = [np.zeros_like(x) for x in w]
    v = [np.zeros_like(x) for x in w]
    v_max = [np.zeros_like(x) for x in w]
    trace = []
    for step in range(STEPS):
        grads = [gradients(step)[i].astype(np.float64) for i in order]
        t = step + 1
        for k, opt in enumerate(options):
            b1, b2 = opt["betas"]
            g = -grads[k] if opt["maximize"] else grads[k]
            if name == "Adam":
                g = g + opt["weight_decay"] * w[k]
            else:
                w[k] = w[k] * (1 - opt["lr"] * opt["weight_decay"])
            m[k] = b1 * m[k] + (1 - b1) * g
            v[k] = b2 * v[k] + (1 - b2) * g * g
            v_max[k] = np.maximum(v_max[k], v[k])
            second = v_max[k] if opt["amsgrad"] else v[k]
            denom = np.sqrt(second) / np.sqrt(1 - b2 ** t) + opt["eps"]
            w[k] = w[k] - opt["lr"] / (1 - b1 ** t) * m[k] / denom
        trace.append([w[order.index(i)].copy() for i in range(2)])
    return trace


@pytest.mark.parametrize("case", [c for c in CASES if "amsgrad" not in c])
def test_updates_match_mindspore(case):
    trace = _run(*CASES[case])
    for step, (ours, theirs) in enumerate(zip(trace, MINDSPORE[case])):
        for got, want in zip(ours, theirs):
            np.testing.assert_allclose(got, np.array(want, np.float32), rtol=1e-6, atol=1e-7,
                                       err_msg=f"{case}, update {step + 1}")


@pytest.mark.parametrize("case", [c for c in CASES if "amsgrad" in c])
def test_amsgrad_keeps_its_running_maximum(case):
    name, kwargs, groups = CASES[case]
    # MindSpore 2.10 computes max(v_max, v) but keeps no maximum between updates, so its
    # amsgrad run is plain Adam's ...
    plain = _run(name, dict(kwargs, amsgrad=False), groups)
    for ours, theirs in zip(plain, MINDSPORE[case]):
        for got, want in zip(ours, theirs):
            np.testing.assert_allclose(got, np.array(want, np.float32), rtol=1e-6, atol=1e-7)
    # ... while this follows its documented formula, PyTorch's, which keeps it.
    trace = _run(name, kwargs, groups)
    for ours, want in zip(trace, _torch_adam(name, kwargs, groups)):
        for got, expected in zip(ours, want):
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
    if case == "Adam amsgrad falling v":      # where v falls, the two really part
        assert not np.allclose(trace[-1][0], plain[-1][0], atol=1e-3)


ADAMW_CASES = {
    "default": ({}, None),
    "lr wd": ({"lr": 0.05, "weight_decay": 0.3}, None),
    "betas eps": ({"lr": 0.1, "betas": (0.5, 0.7), "eps": 0.01}, None),
    "amsgrad": ({"lr": 0.05, "betas": (0.9, 0.5), "amsgrad": True}, None),
    "maximize": ({"lr": 0.05, "weight_decay": 0.2, "maximize": True}, None),
    "groups": ({"lr": 0.02}, [{"params": [1], "lr": 0.1, "betas": (0.8, 0.9),
                              "weight_decay": 0.0},
                             {"params": [0], "maximize": True, "eps": 1e-3}]),
}


@pytest.mark.parametrize("name", ["AdamW", "FusedAdamW"])
@pytest.mark.parametrize("case", list(ADAMW_CASES))
def test_adamw_follows_pytorch(name, case):
    kwargs, groups = ADAMW_CASES[case]
    trace = _run(name, kwargs, groups)
    for step, (ours, want) in enumerate(zip(trace, _torch_adam("AdamW", kwargs, groups))):
        for got, expected in zip(ours, want):
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6,
                                       err_msg=f"{name} {case}, update {step + 1}")


def test_adam_follows_pytorch_in_float64_with_the_exact_rate():
    kwargs = {"lr": 0.1, "weight_decay": 0.1, "maximize": True}
    trace = _run("Adam", kwargs, None, dtype=np.float64)
    for ours, want in zip(trace, _torch_adam("Adam", kwargs, None)):
        for got, expected in zip(ours, want):
            assert got.dtype == np.float64
            np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-14)


@pytest.mark.parametrize("case", list(BAD_ARGUMENTS))
def test_bad_arguments_raise_what_mindspore_raises(case):
    name, kwargs = BAD_ARGUMENTS[case]
    with pytest.raises((TypeError, ValueError)) as info:
        _build(name, dict({"lr": 0.1} if name == "SGD" else {}, **kwargs), None)
    assert type(info.value).__name__ == MINDSPORE_ERRORS[case]
    assert f"For '{name}'" in str(info.value)


def test_fused_adamw_refuses_mixed_amsgrad():
    a, b = (Parameter(Tensor([1.0]), name=n) for n in "ab")
    with pytest.raises(ValueError, match="amsgrad must be the same in every param group"):
        mint.optim.FusedAdamW([{"params": [a]}, {"params": [b], "amsgrad": True}])
    opt = mint.optim.FusedAdamW([{"params": [a]}, {"params": [b], "amsgrad": True}],
                                amsgrad=True)
    assert [g["amsgrad"] for g in opt.param_groups] == [True, True]


def test_param_groups_state_and_names_are_mindsporess():
    params, opt = _build("Adam", {"lr": 0.02}, CASES["Adam groups"][2])
    assert mint.optim.__all__ == ["AdamW", "Adam", "SGD", "FusedAdamW"]
    assert [p.name for p in opt.get_parameters()] == [
        "p0", "p1", "exp_avg.p0", "exp_avg_sq.p0", "exp_avg.p1", "exp_avg_sq.p1", "state_step"]
    first, second = opt.param_groups
    assert sorted(first) == ["amsgrad", "betas", "eps", "lr", "maximize", "params",
                             "weight_decay"]
    assert first["betas"] == (0.8, 0.9) and second["betas"] == (0.9, 0.999)
    assert second["maximize"] is True and first["maximize"] is False
    assert [lr.name for lr in opt.lrs] == ["learning_rate_group_0", "learning_rate_group_1"]
    assert first["lr"] is opt.lrs[0] and first["lr"].dtype == ms.float32
    assert opt.group_start_id == [0, 1, 2] and list(opt.parameters) == params
    assert opt.state == {}
    opt(tuple(Tensor(g) for g in gradients(0)))
    assert opt.state_step.asnumpy().tolist() == [1.0]
    assert not np.array_equal(opt.exp_avg[0].asnumpy(), 0)
    sgd = mint.optim.SGD([params[0]], lr=0.1, momentum=0.9)
    assert [p.name for p in sgd.get_parameters()] == ["p0", "momentum_buf.p0", "step_t"]
    assert sgd.step_t.dtype == ms.int32 and sgd.step_t.shape == ()
    adamw = mint.optim.AdamW([params[1]], amsgrad=True)
    assert adamw.state_step.asnumpy().tolist() == [-1.0]
    assert adamw.param_groups[0]["max_exp_avg_sq"][0].name == "max_exp_avg_sq.p1"


def test_a_checkpoint_of_the_optimizer_resumes_the_run_bit_for_bit(tmp_path):
    from dualgrad.checkpoint import load_checkpoint, load_param_into_net, save_checkpoint
    name, kwargs, groups = "Adam", {"lr": 0.05, "amsgrad": True}, CASES["Adam groups"][2]
    full = _run(name, kwargs, groups)
    params, opt = _build(name, kwargs, groups)
    for step in range(2):
        opt(tuple(Tensor(g) for g in gradients(step)))
    save_checkpoint(opt, str(tmp_path / "opt.ckpt"))
    params, resumed = _build(name, kwargs, groups)
    load_param_into_net(resumed, load_checkpoint(str(tmp_path / "opt.ckpt")))
    assert resumed.state_step.asnumpy().tolist() == [2.0]
    for step in range(2, STEPS):
        resumed(tuple(Tensor(g) for g in gradients(step)))
    for got, want in zip(params, full[-1]):
        np.testing.assert_array_equal(got.asnumpy(), want)


def test_amsgrad_of_one_group_only():
    groups = [{"params": [0], "amsgrad": True, "betas": (0.9, 0.5)}, {"params": [1]}]
    trace = _run("Adam", {"lr": 0.05}, groups)
    for ours, want in zip(trace, _torch_adam("Adam", {"lr": 0.05}, groups)):
        for got, expected in zip(ours, want):
            np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_setting_a_groups_rate_changes_the_next_update():
    w = Parameter(Tensor([1.0, 2.0]), name="w")
    opt = mint.optim.SGD([w], lr=0.5)
    opt((Tensor([1.0, 1.0]),))
    assert w.asnumpy().tolist() == [0.5, 1.5]
    opt.param_groups[0]["lr"].set_data(Tensor(0.25))
    opt((Tensor([1.0, 1.0]),))
    assert w.asnumpy().tolist() == [0.25, 1.25]


def test_rates_may_be_scalar_tensors_and_groups_may_be_added():
    a, b = (Parameter(Tensor([1.0, 2.0]), name=n) for n in "ab")
    opt = mint.optim.SGD([a], lr=Tensor(0.5), momentum=0.5)
    opt.add_param_group({"params": b, "lr": Tensor(0.25), "momentum": 0})
    assert [p.name for p in opt.get_parameters()] == ["a", "b", "momentum_buf.a", "step_t",
                                                      "momentum_buf.b"]
    for _ in range(2):
        opt((Tensor([1.0, 1.0]), Tensor([1.0, 1.0])))
    assert a.asnumpy().tolist() == [-0.25, 0.75]       # buffer 1, then 1.5
    assert b.asnumpy().tolist() == [0.5, 1.5]
    with pytest.raises(ValueError, match="should be a scalar Tensor"):
        mint.optim.SGD([a], lr=Tensor([0.5, 0.1]))
    with pytest.raises(ValueError, match="appear in more than one parameter group"):
        opt.add_param_group({"params": [a]})
    with pytest.raises(ValueError, match="two parameters are named 'a'"):
        mint.optim.Adam([a, Parameter(Tensor([1.0]), name="a")])


def test_gradients_are_checked():
    w = Parameter(Tensor([1.0, 2.0]), name="w")
    opt = mint.optim.Adam([w])
    with pytest.raises(ValueError, match=r"For 'Adam', expected 1 gradient\(s\)"):
        opt((Tensor([1.0, 1.0]), Tensor([1.0])))
    with pytest.raises(ValueError, match=r"gradient 0 must have the shape \(2,\)"):
        opt((Tensor([1.0]),))
    with pytest.raises(TypeError, match="gradients must be a tuple of Tensors"):
        opt(Tensor([1.0, 1.0]))
    assert w.asnumpy().tolist() == [1.0, 2.0]


def test_mint_optim_is_a_subpackage_attribute():
    import dualgrad.mint.optim as optim
    assert ms.mint.optim is optim and "optim" in mint.__all__
    assert optim.SGD.__mro__[1] is optim.Optimizer
