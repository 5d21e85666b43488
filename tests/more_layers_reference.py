"""MindSpore 2.10's results for the layers of tests/test_nn_more_layers.py.

Each case names a cell of ``nn``, its keyword arguments (a value "@name"
stands for the input of that name, so that weights are given, not drawn),
its input names, and whether it runs in training mode.  The inputs come
from formulas (no random generator).  ``MINDSPORE`` holds what MindSpore 2.10
(CPU) returned for each: the output's dtype, shape and values, the
gradients of sum(output · (1, 2, 3, 1, 2, 3...)) with respect to every input,
and the cell's non-trainable Parameters (the moving statistics) after one
call.  ``PARAMETERS`` holds, for each cell built with its default arguments,
its Parameters as MindSpore lists them: (attribute path, name, shape, dtype,
requires_grad); ``REPRS`` its repr.  They were captured once by running
this module with MindSpore's Python (``python more_layers_reference.py``
prints the dicts); the tests need neither.  MindSpore 2.10 has no CPU kernel
for InstanceNorm, so InstanceNorm3d's values are not here (only its
Parameters; tests/test_nn_more_layers.py checks it against NumPy).
"""
import numpy as np


def inputs():
    """The named float32 inputs."""
    def wave(shape, a, b=0.3, scale=1.0):
        k = np.arange(float(np.prod(shape)))
        return (np.sin(k * a + b) * scale).reshape(shape)
    out = {
        "x": wave((4, 3), 0.7),                       # a batch of 4 rows of 3 features
        "x3": wave((2, 2, 3), 0.9, 0.1),             # leading axes (2, 2)
        "x1": wave((3,), 1.1, 0.4),                   # unbatched
        "w23": np.cos(np.arange(6.0) * 0.5).reshape(2, 3) * 0.6,
        "b2": np.array([0.1, -0.2]),
        "y": wave((4, 2), 0.45, 1.0),                 # BiDense's second input
        "y3": wave((2, 2, 2), 0.8, 0.2),
        "y1": wave((2,), 1.3, 0.5),
        "w322": np.cos(np.arange(12.0) * 0.35).reshape(2, 3, 2) * 0.5,
        "img": wave((2, 2, 4, 4), 0.37, 0.2, 2.0),
        "k3233": np.cos(np.arange(54.0) * 0.29).reshape(3, 2, 3, 3) * 0.4,
        "vol": wave((2, 3, 2, 3, 2), 0.53, 0.6, 1.5),
        "g3": np.array([1.5, 0.5, -1.0]),
        "b3": np.array([0.2, 0.0, -0.3]),
        "chw": wave((3, 2, 2), 0.6),
        "nchw": wave((2, 3, 2, 2), 0.45, 0.7, 2.0),
        "wide": wave((3, 4), 0.8, 0.1, 4.0),
    }
    return {n: v.astype(np.float32) for n, v in out.items()}


def cotangent(shape):
    return (1.0 + np.arange(int(np.prod(shape))) % 3).reshape(shape)


# name: (cell, keyword arguments, input names, training mode)
CASES = {
    "Linear": ("Linear", {"in_features": 3, "out_features": 2, "weight_init": "@w23",
                          "bias_init": "@b2"}, ("x",), False),
    "Linear 3-D": ("Linear", {"in_features": 3, "out_features": 2, "weight_init": "@w23",
                              "bias_init": "@b2"}, ("x3",), False),
    "Linear 1-D no bias": ("Linear", {"in_features": 3, "out_features": 2, "bias": False,
                                      "weight_init": "@w23"}, ("x1",), False),
    "BiDense": ("BiDense", {"in1_channels": 3, "in2_channels": 2, "out_channels": 2,
                            "weight_init": "@w322", "bias_init": "@b2"}, ("x", "y"), False),
    "BiDense 3-D": ("BiDense", {"in1_channels": 3, "in2_channels": 2, "out_channels": 2,
                                "weight_init": "@w322", "bias_init": "@b2"}, ("x3", "y3"),
                    False),
    "BiDense 1-D no bias": ("BiDense", {"in1_channels": 3, "in2_channels": 2,
                                        "out_channels": 2, "weight_init": "@w322",
                                        "has_bias": False}, ("x1", "y1"), False),
    "DenseBnAct": ("DenseBnAct", {"in_channels": 3, "out_channels": 2, "weight_init": "@w23",
                                  "bias_init": "@b2"}, ("x",), False),
    "DenseBnAct bn relu train": ("DenseBnAct", {"in_channels": 3, "out_channels": 2,
                                                "weight_init": "@w23", "bias_init": "@b2",
                                                "has_bn": True, "activation": "relu"},
                                 ("x",), True),
    "DenseBnAct bn leakyrelu eval": ("DenseBnAct", {"in_channels": 3, "out_channels": 2,
                                                    "weight_init": "@w23", "has_bn": True,
                                                    "momentum": 0.8, "activation": "leakyrelu",
                                                    "alpha": 0.3}, ("x",), False),
    "DenseBnAct bn tanh train": ("DenseBnAct", {"in_channels": 3, "out_channels": 2,
                                                "weight_init": "@w23", "has_bias": False,
                                                "has_bn": True, "momentum": 0.5, "eps": 0.01,
                                                "activation": "tanh"}, ("x",), True),
    "Conv2dBnAct bn relu train": ("Conv2dBnAct", {"in_channels": 2, "out_channels": 3,
                                                  "kernel_size": 3, "weight_init": "@k3233",
                                                  "has_bn": True, "activation": "relu"},
                                  ("img",), True),
    "Conv2dBnAct valid bias sigmoid": ("Conv2dBnAct", {"in_channels": 2, "out_channels": 3,
                                                       "kernel_size": 3, "pad_mode": "valid",
                                                       "has_bias": True, "bias_init": "@b3",
                                                       "weight_init": "@k3233",
                                                       "activation": "sigmoid"},
                                       ("img",), False),
    "BatchNorm3d train": ("BatchNorm3d", {"num_features": 3, "gamma_init": "@g3",
                                          "beta_init": "@b3"}, ("vol",), True),
    "BatchNorm3d eval": ("BatchNorm3d", {"num_features": 3, "gamma_init": "@g3",
                                         "beta_init": "@b3", "moving_mean_init": "@b3",
                                         "moving_var_init": "@g3_abs"}, ("vol",), False),
    "BatchNorm3d momentum eps train": ("BatchNorm3d", {"num_features": 3, "momentum": 0.7,
                                                       "eps": 0.1}, ("vol",), True),
    "Softmax2d CHW": ("Softmax2d", {}, ("chw",), False),
    "Softmax2d NCHW": ("Softmax2d", {}, ("nchw",), False),
    "FastGelu": ("FastGelu", {}, ("wide",), False),
}

# cell: keyword arguments of a cell built with its defaults otherwise
DEFAULTS = {
    "Linear": {"in_features": 3, "out_features": 2},
    "Linear no bias float16": {"in_features": 3, "out_features": 2, "bias": False,
                               "dtype": "float16"},
    "BiDense": {"in1_channels": 3, "in2_channels": 4, "out_channels": 2},
    "BiDense float16": {"in1_channels": 3, "in2_channels": 4, "out_channels": 2,
                        "dtype": "float16"},
    "DenseBnAct": {"in_channels": 3, "out_channels": 2, "has_bn": True, "activation": "relu"},
    "Conv2dBnAct": {"in_channels": 3, "out_channels": 2, "kernel_size": 3, "has_bn": True,
                    "activation": "relu"},
    "BatchNorm3d": {"num_features": 2},
    "InstanceNorm3d": {"num_features": 2},
    "Dropout2d": {}, "Softmax2d": {}, "FastGelu": {}, "RReLU": {},
}


def resolve(kwargs, data, dtypes):
    """Keyword arguments with "@name" replaced by ``data[name]`` and dtype names by
    ``dtypes`` (a module with float16...)."""
    out = {}
    for k, v in kwargs.items():
        if isinstance(v, str) and v.startswith("@"):
            v = data[v[1:]]
        elif k == "dtype":
            v = getattr(dtypes, v)
        out[k] = v
    return out


def _data(tensor):
    data = {k: tensor(v) for k, v in inputs().items()}
    data["g3_abs"] = tensor(np.abs(inputs()["g3"]))
    return data


MINDSPORE = \
{'Linear': ('float32', (4, 2),
            [1.0418675, -0.8742422, 0.3288193, 0.1123977, -1.0729046, 0.1588168, 1.0554533,
             -0.8746922],
            [[0.6848847, 0.0271733, -0.6371909, 1.8424424, 1.3299603, 0.491858, 1.327327, 0.3040347,
              -0.7936957, 0.6848847, 0.0271733, -0.6371909]],
            {}),
 'Linear 3-D': ('float32', (2, 2, 2),
                [0.9097491, -0.8607415, -0.3001282, 0.424165, 0.0137404, -0.6678388, 0.6560979,
                 0.0217551],
                [[0.6848847, 0.0271733, -0.6371909, 1.8424424, 1.3299603, 0.491858, 1.327327,
                  0.3040347, -0.7936957, 0.6848847, 0.0271733, -0.6371909]],
                {}),
 'Linear 1-D no bias': ('float32', (2,), [0.9259974, -0.4803292],
                        [[0.6848847, 0.0271733, -0.6371909]], {}),
 'BiDense': ('float32', (4, 2),
             [0.8239077, -1.891494, 0.6573135, -0.1433557, -0.1176995, -0.0231564, -0.4275829,
              1.0784066],
             [[-0.3024327, -1.2167617, -1.5588287, 1.9090905, 0.8151317, -0.6621967, 0.1046793,
               -0.1087847, -0.2710856, 0.2568237, 0.9320882, 1.168977],
              [-1.3168645, -1.562362, 1.0013028, 1.0977945, 0.7972683, 1.5891994, -1.3199972,
               -1.5719547]],
             {}),
 'BiDense 3-D': ('float32', (2, 2, 2),
                 [0.334473, -1.0605168, 0.042364, 0.6783999, 0.4899017, -0.0343133, -0.6884216,
                  0.0740756],
                 [[-0.2538626, -0.7433107, -0.8831683, 1.742794, 0.7854754, -0.5412647, 0.1262101,
                   1.0393628, 1.4636868, 0.1442809, 0.8858064, 1.2107234],
                  [-1.2772894, -1.4650563, 0.2716057, 0.8554572, -1.2968869, -1.0847657, 0.2800288,
                   -0.0608179]],
                 {}),
 'BiDense 1-D no bias': ('float32', (2,), [0.6722868, -1.2104962],
                         [[-0.2950083, -0.999917, -1.2345492], [-0.9992216, -1.3037494]], {}),
 'DenseBnAct': ('float32', (4, 2),
                [1.0418675, -0.8742422, 0.3288193, 0.1123977, -1.0729046, 0.1588168, 1.0554533,
                 -0.8746922],
                [[0.6848847, 0.0271733, -0.6371909, 1.8424424, 1.3299603, 0.491858, 1.327327,
                  0.3040347, -0.7936957, 0.6848847, 0.0271733, -0.6371909]],
                {}),
 'DenseBnAct bn relu train': ('float32', (4, 2),
                              [0.8122718, 0.0, 0.0, 0.9535218, 0.0, 1.0453838, 0.8279569, 0.0],
                              [[0.1174266, 0.0908979, 0.0421141, -0.4251273, 0.1804968, 0.7419289,
                                0.194653, -0.3579327, -0.8228838, 0.1130477, 0.0865381,
                                0.0388409]],
                              {'batchnorm.moving_mean': [0.0338309, -0.036943],
                               'batchnorm.moving_variance': [1.0000302, 0.9340442]}),
 'DenseBnAct bn leakyrelu eval': ('float32', (4, 2),
                                  [0.9418628, -0.2022717, 0.2288181, 0.3123961, -0.3518696,
                                   0.358815, 0.9554486, -0.2024067],
                                  [[0.6254623, 0.3767348, 0.0357695, 1.8424331, 1.3299538,
                                    0.4918555, 0.4873246, -0.4331324, -1.2475433, 0.6254623,
                                    0.3767348, 0.0357695]],
                                  {'batchnorm.moving_mean': [0.0, 0.0],
                                   'batchnorm.moving_variance': [1.0, 1.0]}),
 'DenseBnAct bn tanh train': ('float32', (4, 2),
                              [0.667886, -0.7530746, -0.0108833, 0.7331012, -0.9244109, 0.7721034,
                               0.6764275, -0.7534525],
                              [[-0.4268426, -0.3798193, -0.239803, 1.2786021, 1.3357384, 1.0658396,
                                -0.4158764, -0.568803, -0.5824668, -0.435883, -0.387116,
                                -0.2435697]],
                              {'batchnorm.moving_mean': [0.1191544, -0.084715],
                               'batchnorm.moving_variance': [1.0001508, 0.6702213]}),
 'Conv2dBnAct bn relu train': ('float32', (2, 3, 4, 4),
                               [0.0, 0.0, 0.0, 0.0, 0.0, 0.1671437, 0.6460711, 0.7849645, 0.8178793,
                                1.4224842, 1.3438526, 0.9455785, 0.4312486, 0.6085903, 0.9946356,
                                0.5897958, 0.0, 0.0, 0.0, 0.0, 0.0203434, 0.4882026, 1.1058433,
                                0.8753622, 1.2201508, 1.7372817, 1.4451916, 0.7559009, 0.0, 0.0,
                                0.0, 0.0, 0.8718615, 1.5213672, 1.5130589, 1.1045887, 0.036169,
                                0.3204796, 0.4735734, 0.1167785, 0.423435, 0.3595037, 0.1475981,
                                0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                                0.0716598, 0.5224793, 1.0608661, 1.3262378, 1.1452049, 0.0, 0.0,
                                0.1683134, 0.069847, 0.2065167, 0.2129066, 0.0, 0.0095402, 0.0, 0.0,
                                0.0, 0.0856889, 0.900409, 1.5677586, 1.7789679, 1.1516322, 0.0, 0.0,
                                0.0, 0.0, 0.4358948, 0.8848999, 1.3077257, 1.0870528, 0.0, 0.0,
                                0.1049783, 0.0163186, 0.388966, 0.5346467, 0.4911419, 0.0474907,
                                0.0, 0.0, 0.0, 0.0],
                               [[0.6668164, -0.6148519, -1.2356284, -0.2774701, -1.3101461,
                                 -2.0695274, -1.1110115, 2.0190997, -0.6080282, 1.6853633,
                                 2.1913702, 1.6084552, 0.3165169, 2.150692, 1.5365586, -1.1602937,
                                 -0.5328763, 0.3965063, 0.7363918, 0.9300181, 0.8700795, 2.2845054,
                                 1.4270074, -2.0443442, 0.5148405, -0.5067697, -1.9790044,
                                 -2.5462775, 0.8408555, -1.0424244, -1.452065, 0.5648544, 1.2447941,
                                 -1.7380693, -0.0971893, 0.7388625, -0.5400233, -2.4112787,
                                 0.2036428, 2.7596946, -3.7650628, -1.0367277, 2.2858829, 2.8834591,
                                 -2.0045671, -0.8459226, 0.5864069, -0.7478608, -1.294399,
                                 1.0736222, 0.7416732, 0.7719866, -0.123943, 2.5564013, 0.7337961,
                                 -2.0891147, 3.2519765, 2.1741159, -1.7313268, -3.8543239,
                                 2.1788855, 0.6500018, -0.8365443, -0.2603158]],
                               {'batchnorm.moving_mean': [-0.0001016, 0.0001876, 0.000284],
                                'batchnorm.moving_variance': [0.9975669, 0.9976464, 0.9976368]}),
 'Conv2dBnAct valid bias sigmoid': ('float32', (2, 3, 2, 2),
                                    [0.5591345, 0.6088697, 0.6845493, 0.6772396, 0.5709134,
                                     0.6382475, 0.7018782, 0.673225, 0.4850003, 0.502352, 0.4894215,
                                     0.4654513, 0.4618525, 0.508782, 0.650227, 0.67559, 0.4157415,
                                     0.4941859, 0.6854228, 0.705848, 0.4309619, 0.460646, 0.5092748,
                                     0.5043437],
                                    [[0.0357769, 0.4285294, 0.6179476, 0.40715, 0.5429854,
                                      1.1017087, 1.2629292, 0.5938097, 0.72487, 1.2643043,
                                      1.1043439, 0.4603119, 0.2067855, 0.5306964, 0.4039225,
                                      0.2877959, 0.18506, -0.0018912, -0.2426311, -0.2879629,
                                      -0.2195253, -0.5823288, -0.8963341, -0.4605272, -0.674957,
                                      -1.2798076, -1.3172512, -0.5937535, -0.2961144, -0.6429099,
                                      -0.6028121, -0.3945072, 0.0386626, 0.4504313, 0.6426049,
                                      0.435288, 0.5552174, 1.135353, 1.2900058, 0.6071347,
                                      0.7297925, 1.272199, 1.1012266, 0.4523264, 0.2064701,
                                      0.5196074, 0.3910209, 0.2859652, 0.1794917, -0.014265,
                                      -0.2608265, -0.3097558, -0.2320358, -0.6204826, -0.9333209,
                                      -0.483008, -0.6852075, -1.3055499, -1.3338547, -0.5991222,
                                      -0.3035375, -0.6373853, -0.5939492, -0.3883833]],
                                    {}),
 'BatchNorm3d train': ('float32', (2, 3, 2, 3, 2),
                       [1.3898408, 2.113117, 2.3081334, 1.9213802, 1.0589769, -0.0424449,
                        -1.0806707, -1.770826, -1.9235423, -1.4969161, -0.6080076, 0.4992792,
                        0.4394428, 0.6579365, 0.6946368, 0.5394736, 0.2350215, -0.1351822,
                        -0.4695588, -0.6763601, -0.6988428, -0.5308378, -0.2184435, 0.1526237,
                        -1.259167, -1.648433, -1.6648822, -1.3040011, -0.6648101, 0.0773055,
                        0.7187197, 1.0834377, 1.0713859, 0.6858712, 0.0326734, -0.7089792,
                        1.7593632, 2.2696745, 2.2087691, 1.5933582, 0.592302, -0.5197239, -1.437595,
                        -1.909461, -1.8058481, -1.1551865, -0.1360085, 0.9720381, 0.5539493,
                        0.698073, 0.6493903, 0.4212592, 0.0762754, -0.2909022, -0.5795254, -0.7104,
                        -0.6476158, -0.4084001, -0.0583901, 0.3063763, -1.4695108, -1.70417,
                        -1.5507188, -1.0512619, -0.3428434, 0.3801566, 0.9193574, 1.1268096,
                        0.9455914, 0.4254267, -0.2909589, -1.0069994],
                       [[-1.4255, -0.0102108, 1.4078979, -1.4283371, -0.0045847, 1.4204435,
                         -1.4123143, 0.0105188, 1.4304835, -1.4100927, 0.0043126, 1.4175521,
                         -0.4749027, -0.0033524, 0.4691242, -0.4754124, -0.0011975, 0.4733523,
                         -0.470271, 0.0034463, 0.4762244, -0.4699588, 0.0011131, 0.4718859,
                         0.9491255, 0.0065045, -0.9379146, 0.9493417, 0.0017598, -0.9463187,
                         0.9395845, -0.0066734, -0.9511139, 0.9397429, -0.0016048, -0.9425257,
                         -1.4274722, -0.0110465, 1.4084282, -1.4265862, -0.0020937, 1.4229908,
                         -1.4104092, 0.0112588, 1.4298553, -1.4119166, 0.0017934, 1.415029,
                         -0.4754862, -0.0035569, 0.4693547, -0.47481, -0.0003887, 0.4741458,
                         -0.4697107, 0.0036197, 0.4759634, -0.4705827, 0.0002975, 0.4711025,
                         0.9501402, 0.0067734, -0.9384654, 0.9481225, 0.0002067, -0.9477795,
                         0.9386166, -0.0068827, -0.9505071, 0.9409993, -4.36e-05, -0.9410881]],
                       {'bn2d.moving_mean': [0.0008545, 0.0009754, 0.0010905],
                        'bn2d.moving_variance': [1.0165751, 1.0167657, 1.0169706]}),
 'BatchNorm3d eval': ('float32', (2, 3, 2, 3, 2),
                      [0.9923628, 1.6165575, 1.7848586, 1.4510865, 0.7068238, -0.2437146,
                       -1.1397144, -1.7353256, -1.8671212, -1.4989384, -0.7318011, 0.2237989,
                       0.6642986, 0.991163, 1.0460662, 0.8139436, 0.3584865, -0.1953343, -0.6955581,
                       -1.0049306, -1.0385643, -0.7872307, -0.3198922, 0.2352203, -1.6264281,
                       -2.0385666, -2.0559821, -1.6738966, -0.9971484, -0.211428, 0.4676741,
                       0.8538222, 0.841062, 0.4328955, -0.2586825, -1.0439129, 1.3112643, 1.7516682,
                       1.6991062, 1.1680003, 0.3040785, -0.6556113, -1.4477438, -1.854969, -1.76555,
                       -1.2040223, -0.324461, 0.6317948, 0.8355991, 1.0512067, 0.9783779, 0.6370961,
                       0.1210041, -0.4282897, -0.8600668, -1.0558538, -0.9619294, -0.6040652,
                       -0.0804541, 0.4652326, -1.8491316, -2.0975788, -1.9351108, -1.4063072,
                       -0.6562638, 0.1092179, 0.6801008, 0.8997425, 0.7078764, 0.1571479,
                       -0.6013308, -1.3594439],
                      [[1.2247407, 2.4494815, 3.6742222, 1.2247407, 2.4494815, 3.6742222, 1.2247407,
                        2.4494815, 3.6742222, 1.2247407, 2.4494815, 3.6742222, 0.7070997, 1.4141994,
                        2.121299, 0.7070997, 1.4141994, 2.121299, 0.7070997, 1.4141994, 2.121299,
                        0.7070997, 1.4141994, 2.121299, -0.999995, -1.99999, -2.999985, -0.999995,
                        -1.99999, -2.999985, -0.999995, -1.99999, -2.999985, -0.999995, -1.99999,
                        -2.999985, 1.2247407, 2.4494815, 3.6742222, 1.2247407, 2.4494815, 3.6742222,
                        1.2247407, 2.4494815, 3.6742222, 1.2247407, 2.4494815, 3.6742222, 0.7070997,
                        1.4141994, 2.121299, 0.7070997, 1.4141994, 2.121299, 0.7070997, 1.4141994,
                        2.121299, 0.7070997, 1.4141994, 2.121299, -0.999995, -1.99999, -2.999985,
                        -0.999995, -1.99999, -2.999985, -0.999995, -1.99999, -2.999985, -0.999995,
                        -1.99999, -2.999985]],
                      {'bn2d.moving_mean': [0.2, 0.0, -0.3],
                       'bn2d.moving_variance': [1.5, 0.5, 1.0]}),
 'BatchNorm3d momentum eps train': ('float32', (2, 3, 2, 3, 2),
                                    [0.7599477, 1.2219019, 1.3464582, 1.0994401, 0.5486259,
                                     -0.1548488, -0.8179604, -1.2587605, -1.3562999, -1.083815,
                                     -0.5160719, 0.1911487, 0.8420687, 1.2607507, 1.3310764,
                                     1.0337496, 0.4503526, -0.2590388, -0.8997776, -1.2960542,
                                     -1.3391359, -1.0172015, -0.4185855, 0.2924605, 0.9190531,
                                     1.2920395, 1.3078008, 0.9620121, 0.3495532, -0.361526,
                                     -0.9761153, -1.3255802, -1.3140324, -0.9446406, -0.3187605,
                                     0.3918751, 0.9959604, 1.3218946, 1.2829945, 0.8899335,
                                     0.250562, -0.4596854, -1.0459269, -1.3473063, -1.281129,
                                     -0.8655535, -0.2146076, 0.4930983, 1.0614883, 1.3376609,
                                     1.2443742, 0.8072249, 0.1461605, -0.5574323, -1.1104976,
                                     -1.361282, -1.2409738, -0.782584, -0.1118883, 0.5870841,
                                     1.1206002, 1.3454455, 1.1984117, 0.719843, 0.0410516,
                                     -0.6517115, -1.168362, -1.3671384, -1.193499, -0.6950882,
                                     -0.0086629, 0.6774316],
                                    [[-0.9101292, -0.0059859, 0.8998103, -0.9117923, -0.0026877,
                                      0.9071649, -0.9023994, 0.0061664, 0.9130507, -0.9010971,
                                      0.0025281, 0.90547, -0.9096656, -0.0058969, 0.899501,
                                      -0.9105622, -0.0021065, 0.9069387, -0.9015184, 0.0060621,
                                      0.9119906, -0.9009691, 0.0019578, 0.904359, -0.9090685,
                                      -0.0057222, 0.8992064, -0.9092588, -0.0015481, 0.9065993,
                                      -0.9006752, 0.0058707, 0.9108179, -0.9008146, 0.0014117,
                                      0.9032628, -0.9112854, -0.0064758, 0.9001212, -0.9107661,
                                      -0.0012275, 0.9086583, -0.9012825, 0.0066001, 0.9126824,
                                      -0.9021662, 0.0010513, 0.9039908, -0.910692, -0.0062567,
                                      0.8999065, -0.9095028, -0.0006837, 0.9083343, -0.9005328,
                                      0.0063673, 0.9115316, -0.9020666, 0.0005233, 0.9029811,
                                      -0.9099611, -0.0059587, 0.8996907, -0.9081862, -0.0001819,
                                      0.9078845, -0.8998238, 0.0060548, 0.9102839, -0.9019199,
                                      3.84e-05, 0.901998]],
                                    {'bn2d.moving_mean': [0.0025636, 0.0029261, 0.0032714],
                                     'bn2d.moving_variance': [1.0497253, 1.0502971, 1.0509119]}),
 'Softmax2d CHW': ('float32', (3, 2, 2),
                   [0.4105453, 0.6047312, 0.6408402, 0.523317, 0.468411, 0.2359716, 0.1188092,
                    0.0830504, 0.1210437, 0.1592972, 0.2403507, 0.3936326],
                   [[-0.2916918, -0.0463674, 0.3063017, -0.455451, 0.1356058, 0.2178786, -0.1808313,
                     0.0107703, 0.156086, -0.1715112, -0.1254705, 0.4446806]],
                   {}),
 'Softmax2d NCHW': ('float32', (2, 3, 2, 2),
                    [0.5110664, 0.7951283, 0.905475, 0.9106978, 0.4663836, 0.1875079, 0.0735695,
                     0.0420238, 0.0225499, 0.0173638, 0.0209555, 0.0472785, 0.0803193, 0.2181741,
                     0.5240504, 0.8021337, 0.8525383, 0.7476552, 0.4537058, 0.1805573, 0.0671423,
                     0.0341707, 0.0222438, 0.0173091],
                    [[-0.261402, -0.1352864, 0.1522053, -0.1243839, 0.2278361, 0.1556045,
                      -0.1347723, 0.0362842, 0.033566, -0.0203182, -0.017433, 0.0880996, -0.079261,
                      -0.1556638, 0.4871863, -0.1725994, 0.0112339, 0.214215, -0.4856216, 0.1417058,
                      0.068027, -0.058551, -0.0015647, 0.0308936]],
                    {}),
 'FastGelu': ('float32', (3, 4),
              [0.2650234, 3.1182461, 3.9620259, 2.3538671, -0.1606835, -0.0124145, -0.0048869,
               -0.0506594, 0.6989038, 3.3913734, 3.8743048, 1.940043],
              [[0.8153751, 2.0414088, 3.0201256, 1.0502596, 0.1016335, -0.0517694, -0.0070637,
                -0.1224819, 3.1067691, 1.0145519, 2.0151536, 3.2206767]],
              {})}
PARAMETERS = \
{'Linear': [('weight', 'weight', (2, 3), 'float32', True), ('bias', 'bias', (2,), 'float32', True)],
 'Linear no bias float16': [('weight', 'weight', (2, 3), 'float16', True)],
 'BiDense': [('weight', 'weight', (2, 3, 4), 'float32', True),
             ('bias', 'bias', (2,), 'float32', True)],
 'BiDense float16': [('weight', 'weight', (2, 3, 4), 'float16', True),
                     ('bias', 'bias', (2,), 'float16', True)],
 'DenseBnAct': [('dense.weight', 'dense.weight', (2, 3), 'float32', True),
                ('dense.bias', 'dense.bias', (2,), 'float32', True),
                ('batchnorm.moving_mean', 'batchnorm.moving_mean', (2,), 'float32', False),
                ('batchnorm.moving_variance', 'batchnorm.moving_variance', (2,), 'float32', False),
                ('batchnorm.gamma', 'batchnorm.gamma', (2,), 'float32', True),
                ('batchnorm.beta', 'batchnorm.beta', (2,), 'float32', True)],
 'Conv2dBnAct': [('conv.weight', 'conv.weight', (2, 3, 3, 3), 'float32', True),
                 ('batchnorm.moving_mean', 'batchnorm.moving_mean', (2,), 'float32', False),
                 ('batchnorm.moving_variance', 'batchnorm.moving_variance', (2,), 'float32', False),
                 ('batchnorm.gamma', 'batchnorm.gamma', (2,), 'float32', True),
                 ('batchnorm.beta', 'batchnorm.beta', (2,), 'float32', True)],
 'BatchNorm3d': [('bn2d.moving_mean', 'bn2d.moving_mean', (2,), 'float32', False),
                 ('bn2d.moving_variance', 'bn2d.moving_variance', (2,), 'float32', False),
                 ('bn2d.gamma', 'bn2d.gamma', (2,), 'float32', True),
                 ('bn2d.beta', 'bn2d.beta', (2,), 'float32', True)],
 'InstanceNorm3d': [('moving_mean', 'mean', (2,), 'float32', False),
                    ('moving_variance', 'variance', (2,), 'float32', False),
                    ('gamma', 'gamma', (2,), 'float32', True),
                    ('beta', 'beta', (2,), 'float32', True)],
 'Dropout2d': [],
 'Softmax2d': [],
 'FastGelu': [],
 'RReLU': []}
REPRS = \
{'Linear': 'Linear(input_features=3, output_features=2, has_bias=True)',
 'Linear no bias float16': 'Linear(input_features=3, output_features=2)',
 'BiDense': 'BiDense(in1_channels=3, in2_channels=4, output_channels=2, has_bias=True)',
 'BiDense float16': 'BiDense(in1_channels=3, in2_channels=4, output_channels=2, has_bias=True)',
 'DenseBnAct': 'DenseBnAct(\n'
               '  (dense): Dense(input_channels=3, output_channels=2, has_bias=True)\n'
               '  (batchnorm): BatchNorm1d(num_features=2, eps=1e-05, momentum=0.9, '
               'gamma=Parameter (name=batchnorm.gamma, shape=(2,), dtype=Float32, '
               'requires_grad=True), beta=Parameter (name=batchnorm.beta, shape=(2,), '
               'dtype=Float32, requires_grad=True), moving_mean=Parameter '
               '(name=batchnorm.moving_mean, shape=(2,), dtype=Float32, requires_grad=False), '
               'moving_variance=Parameter (name=batchnorm.moving_variance, shape=(2,), '
               'dtype=Float32, requires_grad=False))\n'
               '  (activation): ReLU()\n'
               ')',
 'Conv2dBnAct': 'Conv2dBnAct(\n'
                '  (conv): Conv2d(input_channels=3, output_channels=2, kernel_size=(3, 3), '
                'stride=(1, 1), pad_mode=same, padding=0, dilation=(1, 1), group=1, '
                'has_bias=False, weight_init=normal, bias_init=zeros, format=NCHW)\n'
                '  (batchnorm): BatchNorm2d(num_features=2, eps=1e-05, momentum=0.997, '
                'gamma=Parameter (name=batchnorm.gamma, shape=(2,), dtype=Float32, '
                'requires_grad=True), beta=Parameter (name=batchnorm.beta, shape=(2,), '
                'dtype=Float32, requires_grad=True), moving_mean=Parameter '
                '(name=batchnorm.moving_mean, shape=(2,), dtype=Float32, requires_grad=False), '
                'moving_variance=Parameter (name=batchnorm.moving_variance, shape=(2,), '
                'dtype=Float32, requires_grad=False))\n'
                '  (activation): ReLU()\n'
                ')',
 'BatchNorm3d': 'BatchNorm3d(\n'
                '  (bn2d): BatchNorm2d(num_features=2, eps=1e-05, momentum=0.9, gamma=Parameter '
                '(name=bn2d.gamma, shape=(2,), dtype=Float32, requires_grad=True), beta=Parameter '
                '(name=bn2d.beta, shape=(2,), dtype=Float32, requires_grad=True), '
                'moving_mean=Parameter (name=bn2d.moving_mean, shape=(2,), dtype=Float32, '
                'requires_grad=False), moving_variance=Parameter (name=bn2d.moving_variance, '
                'shape=(2,), dtype=Float32, requires_grad=False))\n'
                ')',
 'InstanceNorm3d': 'InstanceNorm3d(num_features=2, eps=1e-05, momentum=0.1, gamma=Parameter '
                   '(name=gamma, shape=(2,), dtype=Float32, requires_grad=True), beta=Parameter '
                   '(name=beta, shape=(2,), dtype=Float32, requires_grad=True), '
                   'moving_mean=Parameter (name=mean, shape=(2,), dtype=Float32, '
                   'requires_grad=False), moving_variance=Parameter (name=variance, shape=(2,), '
                   'dtype=Float32, requires_grad=False))',
 'Dropout2d': 'Dropout2d(p=0.5)',
 'Softmax2d': 'Softmax2d()',
 'FastGelu': 'FastGelu()',
 'RReLU': 'RReLU()'}


def _capture():
    """Run every case on MindSpore (whose Python this must be run with)."""
    import warnings
    import mindspore as ms
    from mindspore import nn
    warnings.simplefilter("ignore")
    data = _data(ms.Tensor)

    def build(cls, kwargs, train):
        cell = getattr(nn, cls)(**resolve(kwargs, data, ms))
        return cell.set_train(train)

    def rounded(t):
        return np.round(t.asnumpy().astype(np.float64), 7).ravel().tolist()

    results = {}
    for name, (cls, kwargs, names, train) in CASES.items():
        args = [data[n] for n in names]
        cell = build(cls, kwargs, train)
        out = cell(*args)
        moving = {p.name: rounded(p) for p in cell.get_parameters() if not p.requires_grad}
        cell = build(cls, kwargs, train)
        weights = ms.Tensor(cotangent(out.shape), out.dtype)
        grads = ms.grad(lambda *a: (cell(*a) * weights).sum(),
                        grad_position=tuple(range(len(args))))(*args)
        grads = grads if isinstance(grads, tuple) else (grads,)
        results[name] = (str(out.asnumpy().dtype), tuple(out.shape), rounded(out),
                         [rounded(g) for g in grads], moving)
    params, reprs = {}, {}
    for name, kwargs in DEFAULTS.items():
        cell = getattr(nn, name.split()[0])(**resolve(kwargs, data, ms))
        params[name] = [(path, p.name, tuple(p.shape), str(p.dtype).lower(), p.requires_grad)
                        for path, p in cell.parameters_and_names()]
        reprs[name] = repr(cell)
    return results, params, reprs


if __name__ == "__main__":
    import pprint
    _results, _params, _reprs = _capture()
    for _title, _dict in (("MINDSPORE", _results), ("PARAMETERS", _params), ("REPRS", _reprs)):
        print(f"{_title} = \\")
        pprint.pprint(_dict, width=100, compact=True, sort_dicts=False)
