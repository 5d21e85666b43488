"""Batch, group, instance and layer normalization, embeddings, padding layers and
Unflatten (dualgrad.nn.normalization, embedding, padding; dualgrad._normalization).

The constants below are MindSpore 2.10's results (CPU, PyNative), captured
once from the same inputs: values after a few training steps, the moving
statistics, gradients in training mode.  Here they are checked, and so are
the second derivatives in every mode, vmap in eval mode, checkpoints and bad
arguments.  (MindSpore 2.10 runs ops.layer_norm and ops.embedding on Ascend
only: they are checked against nn.LayerNorm's values and against indexing.)
"""
import numpy as np
import pytest

import dualgrad as ms
from dualgrad import Tensor, nn, ops
from dualgrad.testing import check_grads

# --- MindSpore 2.10's results -------------------------------------------------
X4 = np.array([[[[-0.802, -1.324],
       [-0.248,  0.42 ]],
      [[ 1.136,  0.11 ],
       [-0.553, -0.785]]],
     [[[ 0.749,  1.635],
       [ 0.273, -1.233]],
      [[-0.958,  1.6  ],
       [ 0.203, -1.732]]],
     [[[-0.084, -1.163],
       [-0.629, -0.488]],
      [[-0.713,  0.553],
       [-0.063, -0.589]]]], np.float32)
X2 = np.array([[ 0.41 ,  0.83 , -1.643],
     [-0.257, -0.981, -0.173],
     [-1.289,  0.021, -0.038],
     [-0.304, -1.048, -0.396]], np.float32)
BN2D_TRAIN_OUT = np.array([[[[-0.7346864, -1.6511912],
   [ 0.2380024,  1.4108475]],
  [[ 0.2830603,  0.8553848],
   [ 1.2252203,  1.3546349]]],
 [[[ 1.9884912,  3.5440912],
   [ 1.1527514, -1.4914175]],
  [[ 1.4511379,  0.0242311],
   [ 0.8035074,  1.8828917]]],
 [[[ 0.5259464, -1.3685143],
   [-0.4309407, -0.1833791]],
  [[ 1.3144717,  0.60827  ],
   [ 0.9518879,  1.2453018]]]])
BN2D_MOVING_MEAN = np.array([0.1547055, 0.2062708])
BN2D_MOVING_VAR = np.array([1.796753 , 1.9043484])
BN2D_EVAL_OUT = np.array([[[[-0.8205923, -1.4047315],
   [-0.2006438,  0.5468753]],
  [[ 0.6631379,  1.0348811],
   [ 1.2751011,  1.3591599]]],
 [[[ 0.9150397,  1.9065096],
   [ 0.3823764, -1.3028989]],
  [[ 1.4218419,  0.4950202],
   [ 1.0011851,  1.7022797]]],
 [[[-0.0171211, -1.224566 ],
   [-0.6269982, -0.4692135]],
  [[ 1.3330727,  0.8743721],
   [ 1.0975629,  1.2881447]]]])
BN1D_TRAIN_OUT = np.array([[ 1.2702889,  1.450779 , -1.6967672],
 [ 0.1699218, -0.8856913,  0.6116528],
 [-1.5325954,  0.4070439,  0.8236505],
 [ 0.0923846, -0.9721316,  0.2614639]])
BN1D_MOVING_MEAN = np.array([0.1164  , 0.149805, 0.013125])
BN1D_MOVING_VAR = np.array([0.7398467, 0.8985244, 0.7657422])
BN1D_3D_OUT = np.array([[[-0.6564537, -1.2674531, -0.0079984,  0.7738935],
  [ 1.4338717,  0.2892287, -0.4504382, -0.7092659]],
 [[ 1.158987 ,  2.1960473,  0.6018305, -1.1609379],
  [-0.9022709,  1.951527 ,  0.3929829, -1.7657734]],
 [[ 0.1839631, -1.0790031, -0.4539578, -0.2889177],
  [-0.62894  ,  0.7834556,  0.0962236, -0.4906011]]])
BN1D_3D_MOVING_VAR = np.array([0.9796236, 0.9876471])
BN2D_GRAD_X = np.array([[[[ -1.8313259,  16.6724644],
   [-11.7905054, -10.5448456]],
  [[ -0.2472119,   0.42261  ],
   [  0.2723488,   0.1116476]]],
 [[[ -4.6053925,  28.8685837],
   [-12.0625086,  12.8098783]],
  [[ -0.044669 ,  -0.9101339],
   [  0.4070771,  -1.1257008]]],
 [[[-12.8267708,  10.0216465],
   [ -6.0115504,  -8.6996794]],
  [[  0.167519 ,   0.2678829],
   [  0.4275425,   0.251087 ]]]])
BN2D_GRAD_GAMMA = np.array([ 78.1489029, -33.0807076])
BN2D_GRAD_BETA = np.array([83.2489014, 44.9998856])
BN_UBS_TRUE_OUT = np.array([[ 1.2702889,  1.450779 , -1.6967672],
 [ 0.1699218, -0.8856912,  0.6116528],
 [-1.5325954,  0.4070438,  0.8236505],
 [ 0.0923847, -0.9721316,  0.2614639]])
BN_UBS_TRUE_MEAN = np.array([-0.036  , -0.02945, -0.05625])
BN_UBS_FALSE_OUT = np.array([[-0.0636394,  0.2333446, -1.515326 ],
 [-0.5352784, -1.0472225, -0.4758816],
 [-1.2650108, -0.3387033, -0.3804225],
 [-0.5685124, -1.0945985, -0.6335661]])
BN_UBS_FALSE_MEAN = np.array([0.5, 0.5, 0.5])
BN_ONE_OUT = np.array([[0., 0., 0.]])
BN_ONE_VAR = np.array([np.nan, np.nan, np.nan])
OPS_BN_TRAIN_OUT = np.array([[ 1.268581 ,  3.3991704,  2.6946998],
 [ 0.1696933, -1.2699248,  0.3890924],
 [-1.5305349,  1.3134177,  0.177353 ],
 [ 0.0922605, -1.4426632,  0.7388546]])
OPS_BN_RM = np.array([0.008 , 0.1011, 0.1275])
OPS_BN_RV = np.array([0.8979791, 1.7602057, 0.5081342])
OPS_BN_EVAL_OUT = np.array([[ 0.4242194,  1.5987908,  3.4837189],
 [-0.2796471, -1.1312273,  1.4215518],
 [-1.3686881,  0.3792521,  1.2321692],
 [-0.3292449, -1.2322273,  1.7343839]])
OPS_BN_TENSOR_RM_AFTER = np.array([0.054  , 0.15055, 0.21375])
OPS_BN_GRAD_X = np.array([[ 5.4644203e+00,  1.7278566e+01, -7.0012784e-01],
 [-4.4814520e+00,  3.6615591e+00,  9.7450633e-03],
 [ 3.7473030e+00, -3.0582853e+01, -2.4422898e+00],
 [-4.7302709e+00,  9.6427345e+00,  3.1326716e+00]])
OPS_BN_GRAD_W = np.array([ -4.6330762,  42.0895996, -36.2380753])
OPS_BN_GRAD_B = np.array([11.9996729, 50.9991951, 23.9997063])
NN_LN_OUT = np.array([[[[-0.4837475, -1.5784435],
   [ 0.6855522, -1.4018646]],
  [[ 1.5547197,  1.3568208],
   [ 0.1445206,  1.0221713]]],
 [[[ 0.378055 ,  3.4607246],
   [ 0.4600782,  1.5285736]],
  [[-0.5856131,  3.8980389],
   [ 0.668923 ,  1.2012523]]],
 [[[ 1.3126986, -1.9619863],
   [ 0.4508062, -0.2666824]],
  [[-1.0196779,  4.0230446],
   [ 0.6399558,  0.7717562]]]])
OPS_GN_OUT = np.array([[[-0.4837993, -1.2893599],
  [ 1.7422886,  3.8040299],
  [ 1.2774228,  0.5892124],
  [ 0.7110165,  1.022254 ]],
 [[ 0.3780708,  1.2304136],
  [ 0.840306 , -2.0572748],
  [ 0.2071851,  1.2245303],
  [-0.3378556,  1.2012866]],
 [[ 1.3130949, -1.4814403],
  [ 0.8031653,  1.5335257],
  [-0.0099307,  1.2558972],
  [-0.2799619,  0.771895 ]]])
GN_GRAD_X = np.array([[[-18.9164028,  25.5251751],
  [-32.0403557,  25.4315815],
  [ -0.4183936,   0.7735165],
  [  0.4809679,  -0.8360908]],
 [[ -4.8716846,   5.9330626],
  [ -4.8875523,   3.8261745],
  [  1.4874822,  -0.1355629],
  [ -0.3615312,  -0.990388 ]],
 [[ -6.2159767,  -1.7979418],
  [ -9.2033367,  17.2172546],
  [  2.3220825,   0.8632426],
  [ -1.326405 ,  -1.85892  ]]])
GN_GRAD_GAMMA = np.array([ -3.9814556,  46.3572006,  21.3937931, -10.6820307])
GN_GRAD_BETA = np.array([22.416748 , 76.3244476, 15.2962704, 11.3459511])
T = np.array([[-1.091, -1.355,  0.225],
     [-1.109,  1.17 ,  0.717],
     [-1.998,  0.272, -1.102],
     [ 0.033,  0.044, -1.988],
     [-0.233, -0.256,  0.962]], np.float32)
EMB_OUT = np.array([[[-0.233, -0.256,  0.962],
  [ 0.   ,  0.   ,  0.   ],
  [-1.091, -1.355,  0.225]],
 [[-0.233, -0.256,  0.962],
  [-0.233, -0.256,  0.962],
  [-1.109,  1.17 ,  0.717]]])
EMB_TABLE_PAD = np.array([[-1.091, -1.355,  0.225],
 [-1.109,  1.17 ,  0.717],
 [ 0.   ,  0.   ,  0.   ],
 [ 0.033,  0.044, -1.988],
 [-0.233, -0.256,  0.962]])
EMB_GRAD_TABLE = np.array([[-13.0919991, -18.9700012,   3.5999999],
 [-33.2700005,  37.4399986,  24.3780003],
 [  0.       ,   0.       ,   0.       ],
 [  0.       ,   0.       ,   0.       ],
 [ -9.7859993, -12.2880001,  51.947998 ]])
REFL2D = np.array([[[ 9.,  8.,  9., 10., 11., 10.,  9.],
  [ 5.,  4.,  5.,  6.,  7.,  6.,  5.],
  [ 1.,  0.,  1.,  2.,  3.,  2.,  1.],
  [ 5.,  4.,  5.,  6.,  7.,  6.,  5.],
  [ 9.,  8.,  9., 10., 11., 10.,  9.]]])
REPL2D = np.array([[[ 0.,  0.,  0.,  1.,  2.,  3.],
  [ 0.,  0.,  0.,  1.,  2.,  3.],
  [ 4.,  4.,  4.,  5.,  6.,  7.],
  [ 8.,  8.,  8.,  9., 10., 11.],
  [ 8.,  8.,  8.,  9., 10., 11.]]])
REPL1D = np.array([[ 0.,  1.,  2.,  3.,  3.,  3.],
 [ 4.,  5.,  6.,  7.,  7.,  7.],
 [ 8.,  9., 10., 11., 11., 11.]])
CONST3D = np.array([[[-1.5, -1.5, -1.5, -1.5, -1.5],
  [-1.5, -1.5, -1.5, -1.5, -1.5],
  [-1.5, -1.5, -1.5, -1.5, -1.5],
  [-1.5, -1.5, -1.5, -1.5, -1.5]],
 [[-1.5,  0. ,  1. ,  2. ,  3. ],
  [-1.5,  4. ,  5. ,  6. ,  7. ],
  [-1.5,  8. ,  9. , 10. , 11. ],
  [-1.5, -1.5, -1.5, -1.5, -1.5]]])
ZERO2D = np.array([[[ 1.,  2.,  3.,  0.],
  [ 5.,  6.,  7.,  0.],
  [ 9., 10., 11.,  0.],
  [ 0.,  0.,  0.,  0.]]])
CONST1D_NEG = np.array([[[ 1.,  2.,  3.,  3.,  3.],
  [ 5.,  6.,  7.,  3.,  3.],
  [ 9., 10., 11.,  3.,  3.]]])
# -----------------------------------------------------------------------------

G = np.array([1.5, -0.5], np.float32)
B = np.array([0.25, 1.0], np.float32)
GN_GAMMA = np.array([1.0, 2.0, 0.5, -1.0], np.float32)
GN_BETA = np.array([0.0, 1.0, 0.5, 0.0], np.float32)
W3 = np.array([1.0, 2.0, -1.0], np.float32)
B3 = np.array([0.0, 0.5, 1.0], np.float32)
TOL = dict(rtol=2e-5, atol=2e-5)


def close(got, expected, **tol):
    np.testing.assert_allclose(got.asnumpy(), expected, **(tol or TOL))


class CubedSum(nn.Cell):
    """sum(net(x)^3): a loss whose gradient weighs every output differently."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def construct(self, x):
        return (self.net(x) ** 3).sum()


def trained_batchnorm2d():
    bn = nn.BatchNorm2d(2, gamma_init=Tensor(G), beta_init=Tensor(B)).set_train()
    for k in range(3):
        out = bn(Tensor(X4 * (k + 1) + k))
    return bn, out


# --- values, moving statistics, names ----------------------------------------

def test_batchnorm2d_training_steps_and_eval_as_mindspore():
    bn, out = trained_batchnorm2d()
    assert out.dtype == ms.float32 and out.shape == (3, 2, 2, 2)
    close(out, BN2D_TRAIN_OUT)
    close(bn.moving_mean, BN2D_MOVING_MEAN)
    close(bn.moving_variance, BN2D_MOVING_VAR)
    bn.set_train(False)
    close(bn(Tensor(X4)), BN2D_EVAL_OUT)
    # eval mode leaves the moving statistics alone
    close(bn.moving_mean, BN2D_MOVING_MEAN)
    close(bn.moving_variance, BN2D_MOVING_VAR)


def test_batchnorm1d_momentum_3d_input_and_batch_statistics_flag():
    bn = nn.BatchNorm1d(3, momentum=0.7).set_train()
    for k in range(2):
        out = bn(Tensor(X2 + k))
    close(out, BN1D_TRAIN_OUT)
    close(bn.moving_mean, BN1D_MOVING_MEAN)
    close(bn.moving_variance, BN1D_MOVING_VAR)
    bn3 = nn.BatchNorm1d(2).set_train()
    close(bn3(Tensor(X4.reshape(3, 2, 4))), BN1D_3D_OUT)
    close(bn3.moving_variance, BN1D_3D_MOVING_VAR)
    always = nn.BatchNorm1d(3, use_batch_statistics=True)        # eval mode, batch statistics
    close(always(Tensor(X2)), BN_UBS_TRUE_OUT)
    close(always.moving_mean, BN_UBS_TRUE_MEAN)
    never = nn.BatchNorm1d(3, use_batch_statistics=False, moving_mean_init=0.5,
                           moving_var_init=2.0).set_train()
    close(never(Tensor(X2)), BN_UBS_FALSE_OUT)
    close(never.moving_mean, BN_UBS_FALSE_MEAN)


def test_sync_batchnorm_in_one_process_is_batchnorm_as_mindspore():
    """One process holds the whole batch: SyncBatchNorm gives BatchNorm2d's
    (MindSpore's) values and moving statistics, and BatchNorm1d's for (N, C)."""
    sync = nn.SyncBatchNorm(2, gamma_init=Tensor(G), beta_init=Tensor(B)).set_train()
    for k in range(3):
        out = sync(Tensor(X4 * (k + 1) + k))
    close(out, BN2D_TRAIN_OUT)
    close(sync.moving_mean, BN2D_MOVING_MEAN)
    close(sync.moving_variance, BN2D_MOVING_VAR)
    close(sync.set_train(False)(Tensor(X4)), BN2D_EVAL_OUT)
    sync1, bn1 = nn.SyncBatchNorm(3, momentum=0.7).set_train(), \
        nn.BatchNorm1d(3, momentum=0.7).set_train()
    for k in range(2):
        np.testing.assert_array_equal(sync1(Tensor(X2 + k)).asnumpy(),
                                      bn1(Tensor(X2 + k)).asnumpy())
    close(sync1.moving_variance, BN1D_MOVING_VAR)
    assert [(n, p.name, p.requires_grad) for n, p in sync1.parameters_and_names()] == [
        ("moving_mean", "mean", False), ("moving_variance", "variance", False),
        ("gamma", "gamma", True), ("beta", "beta", True)]
    assert nn.SyncBatchNorm(2, process_groups=[[0]]).process_groups == [[0]]
    assert nn.SyncBatchNorm(2, process_groups=0).process_groups == 0


def test_sync_batchnorm_gradients_are_batchnorms_and_check_out():
    sync = nn.SyncBatchNorm(2, gamma_init=Tensor(G), beta_init=Tensor(B),
                            dtype=ms.float64).set_train()
    bn = nn.BatchNorm2d(2, gamma_init=Tensor(G), beta_init=Tensor(B),
                        dtype=ms.float64).set_train()
    weights = Tensor(np.linspace(-1.0, 2.0, X64.size).reshape(X64.shape))
    grads = [ms.grad(lambda x, cell=cell: (cell(x) * weights).sum(), grad_position=0,
                     weights=cell.trainable_params())(Tensor(X64)) for cell in (sync, bn)]
    for ours, theirs in zip(grads[0][:1] + tuple(grads[0][1]), grads[1][:1] + tuple(grads[1][1])):
        np.testing.assert_allclose(ours.asnumpy(), theirs.asnumpy(), rtol=1e-12)
    check_grads(sync, (Tensor(X64),), order=2, modes=("fwd", "rev", "hyper"),
                weights=sync.trainable_params())
    check_grads(nn.SyncBatchNorm(3, dtype=ms.float64).set_train(),
                (Tensor(X2.astype(np.float64)),), order=2, modes=("fwd", "rev"))


@pytest.mark.parametrize("make, error, message", [
    (lambda: nn.SyncBatchNorm(2, process_groups=[[0, 1]]), ValueError,
     r"SyncBatchNorm: the rank ids in process_groups must be in \[0, 1\)"),
    (lambda: nn.SyncBatchNorm(2, process_groups=[[0], [0]]), ValueError,
     r"SyncBatchNorm: rank ids in process_groups must not be duplicated"),
    (lambda: nn.SyncBatchNorm(2, process_groups=[0]), TypeError,
     r"SyncBatchNorm: process_groups must be None, 0 or a list of lists"),
    (lambda: nn.SyncBatchNorm(2)(Tensor(np.ones((2, 2, 3), np.float32))), ValueError,
     r"SyncBatchNorm: x must have 2 or 4 dims, got 3"),
    (lambda: nn.SyncBatchNorm(0), ValueError, r"SyncBatchNorm"),
])
def test_sync_batchnorm_refuses_what_mindspore_refuses(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_batch_of_one_gives_nan_moving_variance_as_mindspore():
    bn = nn.BatchNorm1d(3).set_train()
    close(bn(Tensor(X2[:1])), BN_ONE_OUT)
    assert np.isnan(bn.moving_variance.asnumpy()).all()


def test_parameter_names_order_and_trainability():
    bn = nn.BatchNorm2d(2)
    assert [(n, p.name, p.requires_grad) for n, p in bn.parameters_and_names()] == [
        ("moving_mean", "mean", False), ("moving_variance", "variance", False),
        ("gamma", "gamma", True), ("beta", "beta", True)]
    net = nn.SequentialCell(nn.Dense(2, 3), nn.BatchNorm1d(3))
    assert [p.name for p in net.get_parameters()] == [
        "0.weight", "0.bias", "1.moving_mean", "1.moving_variance", "1.gamma", "1.beta"]
    assert [p.name for p in net.trainable_params()] == ["0.weight", "0.bias", "1.gamma", "1.beta"]
    assert [p.name for p in nn.BatchNorm1d(2, affine=False).trainable_params()] == []
    assert [p.name for p in nn.GroupNorm(1, 2).get_parameters()] == ["gamma", "beta"]
    assert [p.name for p in nn.InstanceNorm2d(2).trainable_params()] == ["gamma", "beta"]
    assert [p.name for p in nn.Embedding(3, 2).get_parameters()] == ["embedding_table"]
    assert repr(bn).startswith("BatchNorm2d(num_features=2, eps=1e-05, momentum=0.9, gamma=")


def test_functional_batch_norm_as_mindspore():
    mean = ms.Parameter(Tensor(np.array([0.1, 0.2, 0.3], np.float32)), name="rm")
    var = ms.Parameter(Tensor(np.array([1.0, 2.0, 0.5], np.float32)), name="rv")
    out = ops.batch_norm(Tensor(X2), mean, var, Tensor(W3), Tensor(B3), training=True,
                         momentum=0.2, eps=1e-3)
    close(out, OPS_BN_TRAIN_OUT)
    close(mean, OPS_BN_RM)
    close(var, OPS_BN_RV)
    close(ops.batch_norm(Tensor(X2), mean, var, Tensor(W3), Tensor(B3)), OPS_BN_EVAL_OUT)
    # a plain Tensor's running statistics are updated in place too
    plain = Tensor(np.array([0.1, 0.2, 0.3], np.float32))
    ops.batch_norm(Tensor(X2), plain, Tensor(np.ones(3, np.float32)), Tensor(W3), Tensor(B3),
                   training=True)
    close(plain, OPS_BN_TENSOR_RM_AFTER)


def test_layer_and_group_norm_as_mindspore():
    gamma = np.array([[1.0, 2.0], [0.5, -1.0]], np.float32)
    beta = np.array([[0.0, 1.0], [0.5, 0.0]], np.float32)
    close(ops.layer_norm(Tensor(X4), (2, 2), Tensor(gamma), Tensor(beta), eps=1e-4), NN_LN_OUT)
    close(nn.LayerNorm((2, 2), 2, 2, Tensor(gamma), Tensor(beta), 1e-4)(Tensor(X4)), NN_LN_OUT)
    x = Tensor(X4.reshape(3, 4, 2))
    close(ops.group_norm(x, 2, Tensor(GN_GAMMA), Tensor(GN_BETA)), OPS_GN_OUT)
    gn = nn.GroupNorm(2, 4, gamma_init=Tensor(GN_GAMMA), beta_init=Tensor(GN_BETA))
    close(gn(x), OPS_GN_OUT)                     # (MindSpore's layer gave the same)
    # without weight and bias: mean 0 and variance 1 in each group
    plain = ops.layer_norm(Tensor(X2), 3).asnumpy()
    np.testing.assert_allclose(plain.mean(-1), 0, atol=1e-6)
    np.testing.assert_allclose(plain.var(-1), 1, atol=1e-4)


def test_instance_norm_is_group_norm_with_one_channel_per_group():
    x = Tensor(X4)
    inorm = nn.InstanceNorm2d(2, gamma_init=Tensor(G), beta_init=Tensor(B))
    np.testing.assert_allclose(inorm(x).asnumpy(),
                               ops.group_norm(x, 2, Tensor(G), Tensor(B)).asnumpy())
    flat = X4.reshape(3, 2, 4)
    expected = (flat - flat.mean(-1, keepdims=True)) / np.sqrt(flat.var(-1, keepdims=True) + 1e-5)
    close(nn.InstanceNorm1d(2)(Tensor(flat)), expected)


def test_embedding_as_mindspore():
    emb = nn.Embedding(5, 3, embedding_table=Tensor(T), padding_idx=2)
    close(emb.embedding_table, EMB_TABLE_PAD)
    ids = Tensor(np.array([[4, 2, 0], [4, 4, 1]], np.int32))
    out = emb(ids)
    assert out.dtype == ms.float32 and out.shape == (2, 3, 3)
    close(out, EMB_OUT)
    weights = Tensor(np.arange(18, dtype=np.float32).reshape(2, 3, 3))
    grad = ms.grad(lambda i: (emb(i) ** 2 * weights).sum(), None, emb.trainable_params())(ids)
    close(grad[0], EMB_GRAD_TABLE, rtol=1e-5, atol=1e-4)
    # the table's dtype is the initializer's (MindSpore's dtype is the one-hot matrix's)
    assert nn.Embedding(5, 3, dtype=ms.float64)(ids).dtype == ms.float32
    one_hot = nn.Embedding(5, 3, True, Tensor(T))
    np.testing.assert_array_equal(one_hot(ids).asnumpy(), T[ids.asnumpy()])


def test_functional_embedding():
    ids = Tensor(np.array([[4, 2, 0], [4, 4, 1]]))
    table = Tensor(T)
    np.testing.assert_array_equal(ops.embedding(ids, table).asnumpy(), T[ids.asnumpy()])
    g = ms.grad(lambda t: (ops.embedding(ids, t, padding_idx=-1) * 2.0).sum())(table)
    np.testing.assert_array_equal(g.asnumpy(), 2.0 * np.array([1, 1, 1, 0, 0])[:, None] * [1, 1, 1])
    g = ms.grad(lambda t: ops.embedding(ids, t, scale_grad_by_freq=True).sum())(table)
    np.testing.assert_allclose(g.asnumpy(), np.array([1, 1, 1, 0, 1])[:, None] * [1.0, 1, 1])
    weight = ms.Parameter(Tensor(T), name="w")
    out = ops.embedding(ids, weight, max_norm=1.0)
    norms = np.linalg.norm(weight.asnumpy(), axis=1)
    assert np.all(norms[[0, 1, 2, 4]] <= 1.0 + 1e-6) and norms[3] == pytest.approx(
        np.linalg.norm(T[3]))                    # row 3 was not looked up
    np.testing.assert_allclose(out.asnumpy(), weight.asnumpy()[ids.asnumpy()])


def test_padding_layers_and_unflatten_as_mindspore():
    p = Tensor(np.arange(12, dtype=np.float32).reshape(1, 3, 4))
    close(nn.ReflectionPad2d((1, 2, 2, 0))(p), REFL2D)
    close(nn.ReplicationPad2d((2, 0, 1, 1))(p), REPL2D)
    close(nn.ReplicationPad1d((0, 2))(p[0]), REPL1D)
    close(nn.ConstantPad3d((1, 0, 0, 1, 1, 0), -1.5)(p), CONST3D)
    close(nn.ZeroPad2d((-1, 1, 0, 1))(p), ZERO2D)
    close(nn.ConstantPad1d((-1, 2), 3)(p), CONST1D_NEG)
    assert nn.ReflectionPad1d(2)(p).shape == (1, 3, 8)
    assert nn.ConstantPad2d(1, 0.0)(p).shape == (1, 5, 6)
    assert nn.Unflatten(-2, (3, 1))(p).shape == (1, 3, 1, 4)
    assert nn.Unflatten(2, [2, 2])(p).shape == (1, 3, 2, 2)


# --- gradients -----------------------------------------------------------------

def test_training_gradients_as_mindspore():
    bn = nn.BatchNorm2d(2, gamma_init=Tensor(G), beta_init=Tensor(B)).set_train()
    gx, (gg, gb) = ms.grad(CubedSum(bn), 0, bn.trainable_params())(Tensor(X4))
    close(gx, BN2D_GRAD_X, rtol=1e-4, atol=1e-4)
    close(gg, BN2D_GRAD_GAMMA, rtol=1e-4, atol=1e-4)
    close(gb, BN2D_GRAD_BETA, rtol=1e-4, atol=1e-4)
    mean, var = Tensor(np.zeros(3, np.float32)), Tensor(np.ones(3, np.float32))
    grads = ms.grad(lambda x, w, b: (ops.batch_norm(x, mean, var, w, b, True) ** 3).sum(),
                    (0, 1, 2))(Tensor(X2), Tensor(W3), Tensor(B3))
    for got, expected in zip(grads, (OPS_BN_GRAD_X, OPS_BN_GRAD_W, OPS_BN_GRAD_B)):
        close(got, expected, rtol=1e-4, atol=1e-4)
    gn = nn.GroupNorm(2, 4, gamma_init=Tensor(GN_GAMMA), beta_init=Tensor(GN_BETA))
    gx, (gg, gb) = ms.grad(CubedSum(gn), 0, gn.trainable_params())(Tensor(X4.reshape(3, 4, 2)))
    close(gx, GN_GRAD_X, rtol=1e-4, atol=1e-4)
    close(gg, GN_GRAD_GAMMA, rtol=1e-4, atol=1e-4)
    close(gb, GN_GRAD_BETA, rtol=1e-4, atol=1e-4)


X64 = X4.astype(np.float64)
RUNNING = (Tensor(np.zeros(2)), Tensor(np.ones(2)))
SECOND_ORDER = {
    "batch_norm training": (lambda x, w, b: ops.batch_norm(x, *RUNNING, w, b, True) ** 2,
                            (X64, G.astype(np.float64), B.astype(np.float64))),
    "batch_norm eval": (lambda x, w: ops.batch_norm(x, Tensor(np.array([0.5, -0.5])),
                                                    Tensor(np.array([2.0, 0.5])), w, None) ** 3,
                        (X64, G.astype(np.float64))),
    "layer_norm": (lambda x, w: ops.layer_norm(x, (2, 2), w) ** 2, (X64, X64[0, 0])),
    "group_norm": (lambda x, w, b: ops.group_norm(x, 2, w, b) ** 2,
                   (X64.reshape(3, 4, 2), GN_GAMMA.astype(np.float64),
                    GN_BETA.astype(np.float64))),
    "embedding": (lambda t: ops.embedding(Tensor(np.array([[4, 2], [4, 0]])), t, 3) ** 2,
                  (T.astype(np.float64),)),
    "reflection and replication pads": (
        lambda x: nn.ReflectionPad2d((1, 1, 1, 0))(x) * nn.ReplicationPad2d((2, 0, 1, 0))(x),
        (X64[0],)),
}


@pytest.mark.parametrize("name", SECOND_ORDER)
def test_second_derivatives_in_every_mode(name):
    fn, args = SECOND_ORDER[name]
    check_grads(fn, tuple(Tensor(a) for a in args), order=2, modes=("fwd", "rev", "hyper"))


@pytest.mark.parametrize("make", [
    lambda: nn.BatchNorm2d(2, gamma_init=Tensor(G), beta_init=Tensor(B), dtype=ms.float64),
    lambda: nn.GroupNorm(1, 2, gamma_init=Tensor(G), dtype=ms.float64),
    lambda: nn.InstanceNorm2d(2, beta_init=Tensor(B), dtype=ms.float64)])
def test_layer_second_derivatives_in_training_mode(make):
    net = make().set_train()
    check_grads(net, (Tensor(X64),), order=2, modes=("fwd", "rev", "hyper"),
                weights=net.trainable_params())


# --- modes, vmap, checkpoints --------------------------------------------------

def test_moving_statistics_get_no_gradient_and_are_not_trained():
    bn = nn.BatchNorm1d(3).set_train()
    opt = nn.SGD(bn.trainable_params(), learning_rate=0.1)
    step = ms.value_and_grad(CubedSum(bn), None, opt.parameters)
    _, grads = step(Tensor(X2))
    assert len(grads) == 2                          # gamma and beta only
    before = bn.moving_mean.asnumpy().copy()
    opt(grads)
    np.testing.assert_array_equal(bn.moving_mean.asnumpy(), before)


def test_vmap_in_eval_mode_matches_a_loop():
    bn, _ = trained_batchnorm2d()
    bn.set_train(False)
    batched = ms.vmap(bn)(Tensor(X4[:, None]))
    looped = np.stack([bn(Tensor(X4[i:i + 1])).asnumpy() for i in range(3)])
    np.testing.assert_allclose(batched.asnumpy(), looped, rtol=1e-6)
    gn = nn.GroupNorm(2, 4)
    np.testing.assert_allclose(ms.vmap(gn)(Tensor(X4.reshape(3, 1, 4, 2))).asnumpy(),
                               gn(Tensor(X4.reshape(3, 4, 2))).asnumpy()[:, None], rtol=1e-6)
    table = Tensor(T)
    ids = Tensor(np.array([[4, 2], [0, 1]]))
    np.testing.assert_array_equal(ms.vmap(lambda i: ops.embedding(i, table))(ids).asnumpy(),
                                  T[ids.asnumpy()])


def test_training_under_vmap_is_refused():
    bn = nn.BatchNorm1d(3).set_train()
    with pytest.raises(NotImplementedError, match="BatchNorm1d"):
        ms.vmap(bn)(Tensor(X2[:, None]))


def test_checkpoint_keeps_the_moving_statistics(tmp_path):
    net = nn.SequentialCell(nn.Dense(3, 3), nn.BatchNorm1d(3)).set_train()
    for k in range(3):
        net(Tensor(X2 + k))
    path = str(tmp_path / "bn.ckpt")
    ms.save_checkpoint(net, path)
    fresh = nn.SequentialCell(nn.Dense(3, 3), nn.BatchNorm1d(3))
    params = ms.load_checkpoint(path)
    assert {"1.moving_mean", "1.moving_variance", "1.gamma", "1.beta"} <= set(params)
    ms.load_param_into_net(fresh, params)
    for name in ("moving_mean", "moving_variance"):
        np.testing.assert_array_equal(getattr(fresh[1], name).asnumpy(),
                                      getattr(net[1], name).asnumpy())
    assert not fresh[1].moving_mean.requires_grad
    net.set_train(False)
    np.testing.assert_array_equal(fresh(Tensor(X2)).asnumpy(), net(Tensor(X2)).asnumpy())


# --- bad arguments -------------------------------------------------------------

@pytest.mark.parametrize("call, error, words", [
    (lambda: nn.BatchNorm2d(3)(Tensor(X4)), ValueError,
     ("BatchNorm2d", "channels", "num_features")),
    (lambda: nn.BatchNorm2d(2)(Tensor(X2)), ValueError, ("BatchNorm2d", "x", "4 dims")),
    (lambda: nn.BatchNorm1d(2)(Tensor(X4)), ValueError, ("BatchNorm1d", "x", "2 or 3 dims")),
    (lambda: nn.BatchNorm1d(3)(Tensor(np.ones((2, 3), np.int32))), TypeError,
     ("BatchNorm1d", "float")),
    (lambda: nn.BatchNorm2d(0), ValueError, ("BatchNorm2d", "num_features")),
    (lambda: nn.BatchNorm2d(2.0), TypeError, ("BatchNorm2d", "num_features")),
    (lambda: nn.BatchNorm2d(2, momentum=1.5), ValueError, ("BatchNorm2d", "momentum")),
    (lambda: nn.BatchNorm2d(2, eps=0), ValueError, ("BatchNorm2d", "eps")),
    (lambda: nn.BatchNorm2d(2, use_batch_statistics="x"), ValueError, ("use_batch_statistics",)),
    (lambda: nn.BatchNorm2d(2, data_format="NCDHW"), ValueError, ("BatchNorm2d", "data_format")),
    (lambda: nn.BatchNorm1d(2, affine=1), TypeError, ("BatchNorm1d", "affine")),
    (lambda: nn.GroupNorm(3, 4), ValueError, ("GroupNorm", "num_groups")),
    (lambda: nn.GroupNorm(0, 4), ValueError, ("GroupNorm", "num_groups")),
    (lambda: nn.GroupNorm(2, 4)(Tensor(X4)), ValueError, ("GroupNorm", "num_channels")),
    (lambda: ops.group_norm(Tensor(X4), 3), ValueError, ("group_norm", "num_groups")),
    (lambda: ops.group_norm(Tensor(X4), 2, Tensor(np.ones(3, np.float32))), ValueError,
     ("group_norm", "weight")),
    (lambda: ops.layer_norm(Tensor(X4), (3,)), ValueError, ("layer_norm", "normalized_shape")),
    (lambda: ops.layer_norm(Tensor(X4), "2"), TypeError, ("layer_norm", "normalized_shape")),
    (lambda: ops.batch_norm(Tensor(X2), *RUNNING, None, None), ValueError,
     ("batch_norm", "running_mean")),
    (lambda: ops.batch_norm(Tensor(X2), Tensor(W3), Tensor(W3), None, None, momentum=2.0),
     ValueError, ("batch_norm", "momentum")),
    (lambda: ops.batch_norm(Tensor(X2), Tensor(W3), Tensor(W3), None, None, training="yes"),
     TypeError, ("batch_norm", "training")),
    (lambda: nn.InstanceNorm1d(2)(Tensor(X4)), ValueError, ("InstanceNorm1d", "3 dims")),
    (lambda: nn.Embedding(5, 3)(Tensor([[5, 0]])), ValueError, ("Embedding", "ids", "[0, 5)")),
    (lambda: nn.Embedding(5, 3)(Tensor([[-1, 0]])), ValueError, ("Embedding", "ids")),
    (lambda: nn.Embedding(5, 3)(Tensor([[1.0, 0.0]])), TypeError, ("Embedding", "ids", "integers")),
    (lambda: nn.Embedding(5, 3, padding_idx=5), ValueError, ("Embedding", "padding_idx")),
    (lambda: nn.Embedding(5, 3, use_one_hot=1), TypeError, ("Embedding", "use_one_hot")),
    (lambda: nn.Embedding(0, 3), ValueError, ("Embedding", "vocab_size")),
    (lambda: ops.embedding(Tensor([7]), Tensor(T)), ValueError, ("embedding", "input")),
    (lambda: ops.embedding(Tensor([0]), Tensor(T[0])), ValueError, ("embedding", "weight")),
    (lambda: ops.embedding(Tensor([0]), Tensor(T), padding_idx=9), ValueError,
     ("embedding", "padding_idx")),
    (lambda: nn.ConstantPad1d((1, 2, 3, 4), 0.0), ValueError, ("ConstantPad1d", "padding")),
    (lambda: nn.ConstantPad2d([1, 2], 0.0), TypeError, ("ConstantPad2d", "padding")),
    (lambda: nn.ConstantPad2d(1, "0"), TypeError, ("ConstantPad2d", "value")),
    (lambda: nn.ZeroPad2d((1, 2, 3)), ValueError, ("ZeroPad2d", "padding")),
    (lambda: nn.ReflectionPad1d((1, -1)), ValueError, ("ReflectionPad1d", "padding")),
    (lambda: nn.ReplicationPad2d(1)(Tensor(X2)), ValueError, ("ReplicationPad2d", "3 or 4 dims")),
    (lambda: nn.Unflatten(1, (2, 3))(Tensor(X2)), ValueError, ("Unflatten", "unflattened_size")),
    (lambda: nn.Unflatten(1.0, (3,)), TypeError, ("Unflatten", "axis")),
])
def test_bad_arguments_name_the_function_and_argument(call, error, words):
    with pytest.raises(error) as info:
        call()
    for word in words:
        assert word in str(info.value), (word, str(info.value))
