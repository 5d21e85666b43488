"""Neural-network building blocks in MindSpore's style (Cell, Dense, losses, optimizers).

>>> import numpy as np, dualgrad as ms
>>> from dualgrad import nn
>>> net = nn.SequentialCell(nn.Dense(2, 8, activation='tanh'), nn.Dense(8, 1))
>>> loss_fn, opt = nn.MSELoss(), nn.Adam(net.trainable_params(), learning_rate=1e-2)
>>> x = ms.Tensor(np.ones((4, 2), np.float32)); y = ms.Tensor(np.zeros((4, 1), np.float32))
>>> step = ms.value_and_grad(lambda x, y: loss_fn(net(x), y), None, opt.parameters)
>>> loss, grads = step(x, y); _ = opt(grads)
"""
from . import initializers
from .array import (ImageGradients, MatrixDiag, MatrixDiagPart, MatrixSetDiag, Norm, OneHot,
                    Roll, Tril, Triu)
from .activations import (CELU, ELU, GELU, GLU, HShrink, HSigmoid, HSwish, Hardtanh, LeakyReLU,
                          LogSigmoid, LogSoftmax, Mish, PReLU, ReLU, ReLU6, SeLU, SiLU, Sigmoid,
                          Softmax, Softmin, Softplus, Softsign, SoftShrink, Tanh, Tanhshrink,
                          Threshold, get_activation, Softmax2d, RReLU, FastGelu)
from .basic import ClipByNorm, Dropout, Dropout1d, Dropout2d, Dropout3d, Flatten, LayerNorm
from .cell import Cell
from .combined import Conv2dBnAct, DenseBnAct
from .containers import CellDict, CellList, SequentialCell
from .conv import (Conv1d, Conv1dTranspose, Conv2d, Conv2dTranspose, Conv3d, Conv3dTranspose,
                   Unfold)
from .dynamic_lr import (cosine_decay_lr, exponential_decay_lr, inverse_decay_lr,
                         natural_exp_decay_lr, piecewise_constant_lr, polynomial_decay_lr,
                         warmup_lr)
from .embedding import Embedding, EmbeddingLookup, MultiFieldEmbeddingLookup
from .image import MSSSIM, PSNR, SSIM
from .initializers import initializer
from .layers import BiDense, Dense, Identity, Linear
from .learning_rate_schedule import (CosineDecayLR, ExponentialDecayLR, InverseDecayLR,
                                     LearningRateSchedule, NaturalExpDecayLR,
                                     PolynomialDecayLR, WarmUpLR)
from .loss import (BCELoss, BCEWithLogitsLoss, CTCLoss, CosineEmbeddingLoss, CrossEntropyLoss,
                   DiceLoss,
                   FocalLoss, GaussianNLLLoss, HingeEmbeddingLoss, HuberLoss, KLDivLoss, L1Loss,
                   L1Regularizer, LossBase, MAELoss, MarginRankingLoss, MSELoss,
                   MultiClassDiceLoss, MultiLabelSoftMarginLoss, MultilabelMarginLoss,
                   MultiMarginLoss, NLLLoss, PoissonNLLLoss, RMSELoss, SampledSoftmaxLoss,
                   SmoothL1Loss,
                   SoftMarginLoss, SoftmaxCrossEntropyWithLogits, TripletMarginLoss,
                   TripletMarginWithDistanceLoss)
from .normalization import (LRN, BatchNorm1d, BatchNorm2d, BatchNorm3d, GroupNorm,
                            InstanceNorm1d, InstanceNorm2d, InstanceNorm3d, SyncBatchNorm)
from .optim import (ASGD, FTRL, LARS, SGD, AdaFactor, AdaMax, Adadelta, Adagrad, Adam,
                    AdamWeightDecay, Lamb, LazyAdam, Momentum, Optimizer, ProximalAdagrad, RMSProp,
                    Rprop)
from .padding import (ConstantPad1d, ConstantPad2d, ConstantPad3d, Pad, ReflectionPad1d,
                      ReflectionPad2d, ReflectionPad3d, ReplicationPad1d, ReplicationPad2d,
                      ReplicationPad3d, Unflatten, ZeroPad2d)
from .math import (DiGamma, IGamma, LBeta, LGamma, MatDet, MatInverse, MatMul, Moments, Range,
                   ReduceLogSumExp)
from .loss_scale import (DynamicLossScaleUpdateCell, FixedLossScaleUpdateCell,
                         TrainOneStepWithLossScaleCell)
from .pooling import (AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveAvgPool3d,
                      AdaptiveMaxPool1d, AdaptiveMaxPool2d, AdaptiveMaxPool3d, AvgPool1d,
                      AvgPool2d, AvgPool3d, LPPool1d, LPPool2d, MaxPool1d, MaxPool2d, MaxPool3d,
                      MaxUnpool1d, MaxUnpool2d, MaxUnpool3d, FractionalMaxPool2d,
                      FractionalMaxPool3d)
from .resample import CentralCrop, ChannelShuffle, PixelShuffle, PixelUnshuffle, Upsample
from .rnn import GRU, LSTM, RNN, GRUCell, LSTMCell, RNNCell
from .transformer import (MultiheadAttention, Transformer, TransformerDecoder,
                          TransformerDecoderLayer, TransformerEncoder, TransformerEncoderLayer)
from .wrappers import (ForwardValueAndGrad, GradAccumulationCell, Jvp, ParameterUpdate,
                       TimeDistributed, TrainOneStepCell, Vjp, WithEvalCell, WithGradCell,
                       WithLossCell)

# MindSpore's nn exports the metrics too (mindspore.train.metrics); imported last, as
# dualgrad.train's loss-scale managers import nn's layers.
from ..train.metrics import (  # noqa: E402
    F1, MAE, MSE, ROC, Accuracy, BleuScore, ConfusionMatrix, ConfusionMatrixMetric,
    CosineSimilarity, Dice, Fbeta, HausdorffDistance, Loss, MeanSurfaceDistance, Metric,
    OcclusionSensitivity, Perplexity, Precision, Recall, RootMeanSquareDistance,
    Top1CategoricalAccuracy, Top5CategoricalAccuracy, TopKCategoricalAccuracy, auc, get_metric_fn,
    names, rearrange_inputs)

# MindSpore 2.10's nn.<Name>Ext classes are the very classes of its mint.nn (nn.LayerNormExt is
# mint.nn.LayerNorm); imported last, as mint.nn builds on nn's cells.
from ..mint.nn import (  # noqa: E402
    AvgPool1d as AvgPool1dExt, AvgPool2d as AvgPool2dExt, AvgPool3d as AvgPool3dExt,
    Dropout as DropoutExt, Dropout2d as Dropout2dExt, Embedding as EmbeddingExt,
    L1Loss as L1LossExt, LayerNorm as LayerNormExt, LogSoftmax as LogSoftmaxExt,
    MaxPool2d as MaxPool2dExt, PReLU as PReLUExt)

__all__ = [
    # cells and containers
    "Cell", "SequentialCell", "CellList", "CellDict",
    # layers
    "Dense", "Linear", "BiDense", "DenseBnAct", "Conv2dBnAct", "Identity", "Dropout",
    "Dropout1d", "Dropout2d", "Dropout3d", "Flatten", "Unflatten", "Embedding", "EmbeddingLookup",
    "MultiFieldEmbeddingLookup", "ClipByNorm",
    "Conv1d", "Conv2d", "Conv3d", "Conv1dTranspose", "Conv2dTranspose", "Conv3dTranspose",
    "Unfold", "MaxPool1d", "MaxPool2d", "MaxPool3d", "AvgPool1d",
    "AvgPool2d", "AvgPool3d", "AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d",
    "AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d", "LPPool1d", "LPPool2d",
    "MaxUnpool1d", "MaxUnpool2d", "MaxUnpool3d", "FractionalMaxPool2d", "FractionalMaxPool3d",
    "Upsample", "PixelShuffle", "PixelUnshuffle", "ChannelShuffle", "CentralCrop",
    "ReduceLogSumExp", "LGamma", "DiGamma", "IGamma", "LBeta", "MatDet", "MatInverse",
    "Moments", "MatMul", "Range", "Norm", "OneHot", "Roll", "Tril", "Triu", "MatrixDiag",
    "MatrixDiagPart", "MatrixSetDiag", "ImageGradients", "PSNR", "SSIM", "MSSSIM",
    "TimeDistributed", "Jvp", "Vjp",
    "LayerNorm", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "GroupNorm", "InstanceNorm1d",
    "InstanceNorm2d", "InstanceNorm3d", "LRN", "SyncBatchNorm",
    "ConstantPad1d", "ConstantPad2d", "ConstantPad3d", "ZeroPad2d", "ReflectionPad1d",
    "ReflectionPad2d", "ReflectionPad3d", "ReplicationPad1d", "ReplicationPad2d",
    "ReplicationPad3d", "Pad",
    "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell",
    "MultiheadAttention", "TransformerEncoderLayer", "TransformerDecoderLayer",
    "TransformerEncoder", "TransformerDecoder", "Transformer",
    # activations
    "ReLU", "Tanh", "Sigmoid", "Softplus", "GELU", "SiLU", "LeakyReLU", "ELU", "CELU", "SeLU",
    "ReLU6", "Hardtanh", "HSigmoid", "HSwish", "Mish", "Softsign", "Tanhshrink", "LogSigmoid",
    "Softmax", "LogSoftmax", "Softmin", "SoftShrink", "HShrink", "Threshold", "GLU", "PReLU",
    "Softmax2d", "RReLU", "FastGelu", "get_activation",
    # losses
    "LossBase", "MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "SoftmaxCrossEntropyWithLogits",
    "CrossEntropyLoss", "NLLLoss", "BCELoss", "BCEWithLogitsLoss", "KLDivLoss",
    "MarginRankingLoss", "CosineEmbeddingLoss", "TripletMarginLoss",
    "TripletMarginWithDistanceLoss", "RMSELoss", "MAELoss",
    "SoftMarginLoss", "HingeEmbeddingLoss", "MultiMarginLoss", "MultiLabelSoftMarginLoss",
    "MultilabelMarginLoss", "GaussianNLLLoss", "PoissonNLLLoss", "DiceLoss",
    "MultiClassDiceLoss", "FocalLoss", "L1Regularizer", "CTCLoss", "SampledSoftmaxLoss",
    # optimizers and training wrappers
    "Optimizer", "SGD", "Momentum", "Adam", "AdamWeightDecay", "RMSProp", "Adagrad", "AdaMax",
    "Adadelta", "Rprop", "ASGD", "FTRL", "ProximalAdagrad", "LazyAdam", "Lamb", "AdaFactor",
    "LARS",
    "WithLossCell", "WithEvalCell", "WithGradCell", "TrainOneStepCell", "ForwardValueAndGrad",
    "TrainOneStepWithLossScaleCell", "DynamicLossScaleUpdateCell", "FixedLossScaleUpdateCell",
    "GradAccumulationCell", "ParameterUpdate",
    # initializers and learning-rate schedules
    "initializer", "initializers", "LearningRateSchedule", "ExponentialDecayLR",
    "NaturalExpDecayLR", "InverseDecayLR", "CosineDecayLR", "PolynomialDecayLR", "WarmUpLR",
    "piecewise_constant_lr", "exponential_decay_lr", "natural_exp_decay_lr", "inverse_decay_lr",
    "cosine_decay_lr", "polynomial_decay_lr", "warmup_lr",
    # metrics (mindspore.train.metrics)
    "Metric", "Accuracy", "MAE", "MSE", "Loss", "Precision", "Recall", "F1", "Fbeta",
    "TopKCategoricalAccuracy", "Top1CategoricalAccuracy", "Top5CategoricalAccuracy",
    "Perplexity", "ConfusionMatrix", "CosineSimilarity", "Dice", "names", "get_metric_fn",
    "rearrange_inputs", "ROC", "auc", "ConfusionMatrixMetric", "HausdorffDistance",
    "MeanSurfaceDistance", "RootMeanSquareDistance", "BleuScore", "OcclusionSensitivity",
    # mint.nn's classes under the names MindSpore's nn gives them
    "AvgPool1dExt", "AvgPool2dExt", "AvgPool3dExt", "DropoutExt", "Dropout2dExt", "EmbeddingExt",
    "L1LossExt", "LayerNormExt", "LogSoftmaxExt", "MaxPool2dExt", "PReLUExt",
]
