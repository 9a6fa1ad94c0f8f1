#!/usr/bin/env python3
# torchvision-to-bksef.py -- write a torchvision model (classification,
# video, segmentation) as a bksef network file (format 2, see bksef(5)) by walking the model as it
# runs: every leaf module (conv, linear, norm, pool, activation) and every
# tensor operation between them (add, mul, cat, chunk, mean, the channel
# shuffle, the upsampling) becomes a row, or is dropped when it keeps the tensor as it is
# (activations, dropout, flatten, permute).  Beside the network it writes
# torch's own output shape of every row (data/gen/shapes/NAME.csv), which
# tests/cli/torch-shapes.sh compares with the shapes bksef infers.
#
# Needs torch and torchvision (Debian 12: python3-torch, python3-torchvision;
# made with torch 1.13, torchvision 0.14).  Not needed to build or test bksef:
# the files it writes are committed.
#
#   python3 data/gen/torchvision-to-bksef.py [--outdir DIR] [NAME...]
#
# NAME is one of the models below (default: all of them).
import argparse
import os
import sys

import torch
import torch.nn as nn
import torchvision
from torch.overrides import TorchFunctionMode
from torchvision.models import shufflenetv2
from torchvision.ops import StochasticDepth
from torchvision.ops.misc import Permute

# name -> (constructor, input C x H x W (C x T x H x W for a video model),
# what the file's comment says)
MODELS = {
    "efficientnet_b0": (
        lambda: torchvision.models.efficientnet_b0(weights=None),
        (3, 224, 224),
        "EfficientNet-B0 (Tan & Le, 2019), torchvision.models.efficientnet_b0",
    ),
    "mobilenet_v3_large": (
        lambda: torchvision.models.mobilenet_v3_large(weights=None),
        (3, 224, 224),
        "MobileNetV3-Large (Howard et al., 2019), torchvision.models.mobilenet_v3_large",
    ),
    "shufflenet_v2_x1_0": (
        lambda: torchvision.models.shufflenet_v2_x1_0(weights=None),
        (3, 224, 224),
        "ShuffleNetV2 1.0x (Ma et al., 2018), torchvision.models.shufflenet_v2_x1_0",
    ),
    "googlenet": (
        lambda: torchvision.models.googlenet(weights=None, aux_logits=False, init_weights=False),
        (3, 224, 224),
        "GoogLeNet (Szegedy et al., 2015), torchvision.models.googlenet, aux_logits=False",
    ),
    "inception_v3": (
        lambda: torchvision.models.inception_v3(
            weights=None, aux_logits=False, init_weights=False
        ),
        (3, 299, 299),
        "Inception-v3 (Szegedy et al., 2016), torchvision.models.inception_v3, "
        "aux_logits=False",
    ),
    "squeezenet1_0": (
        lambda: torchvision.models.squeezenet1_0(weights=None),
        (3, 227, 227),
        "SqueezeNet 1.0 (Iandola et al., 2016), torchvision.models.squeezenet1_0",
    ),
    "convnext_tiny": (
        lambda: torchvision.models.convnext_tiny(weights=None),
        (3, 224, 224),
        "ConvNeXt-T (Liu et al., 2022), torchvision.models.convnext_tiny",
    ),
    "fcn_resnet50": (
        lambda: torchvision.models.segmentation.fcn_resnet50(
            weights=None, weights_backbone=None, aux_loss=False
        ),
        (3, 224, 224),
        "FCN-ResNet50 (Long et al., 2015), torchvision.models.segmentation.fcn_resnet50, "
        "aux_loss=False: a dilated ResNet-50 trunk (strides 8), an FCN head, bilinear "
        "upsampling to the input's size",
    ),
    "r3d_18": (
        lambda: torchvision.models.video.r3d_18(weights=None),
        (3, 16, 112, 112),
        "R3D-18 (Tran et al., 2018), torchvision.models.video.r3d_18",
    ),
}

# Modules that keep their input as it is, for counting: no row.
IDENTITY = (
    nn.ReLU,
    nn.ReLU6,
    nn.SiLU,
    nn.Hardswish,
    nn.Hardsigmoid,
    nn.Sigmoid,
    nn.GELU,
    nn.Dropout,
    nn.Flatten,
    nn.Identity,
    StochasticDepth,
    Permute,
)
CONV = (nn.Conv1d, nn.Conv2d, nn.Conv3d)
BATCHNORM = (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)
MAXPOOL = (nn.MaxPool1d, nn.MaxPool2d, nn.MaxPool3d)
AVGPOOL = (nn.AvgPool1d, nn.AvgPool2d, nn.AvgPool3d)
ADAPTIVE = (nn.AdaptiveAvgPool1d, nn.AdaptiveAvgPool2d, nn.AdaptiveAvgPool3d)
LEAF = CONV + BATCHNORM + MAXPOOL + AVGPOOL + ADAPTIVE + (nn.Linear, nn.LayerNorm) + IDENTITY

# Tensor functions between modules that keep the tensor (for counting).
PASS_THROUGH = {
    "flatten",
    "view",
    "reshape",
    "contiguous",
    "permute",
    "transpose",
    "clone",
    "dropout",
    # activations called as functions (GoogLeNet's and Inception's BasicConv2d)
    "relu",
    "relu_",
    "relu6",
    "hardtanh",
    "silu",
    "gelu",
    "sigmoid",
    "hardswish",
    "hardsigmoid",
}
# Tensor functions that give no tensor, or are harmless to ignore.
IGNORED = {"size", "dim", "numel", "__get__", "__len__", "__bool__", "is_scripting"}


def fname(func):
    return getattr(func, "__name__", str(func))


class Row:
    def __init__(self, name, op, inputs, shape, **cols):
        self.name = name
        self.op = op
        self.inputs = inputs  # rows
        self.shape = shape  # C, H, W of the output (torch's)
        self.cols = cols


class Walker(TorchFunctionMode):
    """Records the rows of one forward pass of a model."""

    def __init__(self, model):
        super().__init__()
        self.rows = []
        self.node = {}  # id(tensor) -> Row
        self.keep = []  # every tensor seen, so that ids stay unique
        self.names = set()
        self.path = []  # the module path being run
        self.in_leaf = 0
        self.paths = {m: n for n, m in model.named_modules()}
        self.hooks = []
        self.rank = 2  # spatial axes: set from the input
        for m in model.modules():
            self.hooks.append(m.register_forward_pre_hook(self.pre))
            self.hooks.append(m.register_forward_hook(self.post))

    # --- names and tensors
    def unique(self, name):
        base, n = name, 1
        while name in self.names:
            n += 1
            name = "%s_%d" % (base, n)
        self.names.add(name)
        return name

    def fname(self, what):
        prefix = self.path[-1] if self.path and self.path[-1] else ""
        return self.unique(prefix + "." + what if prefix else what)

    def row_of(self, t):
        r = self.node.get(id(t))
        if r is None:
            raise RuntimeError("a tensor from nowhere: %r" % (tuple(t.shape),))
        return r

    def bind(self, t, row):
        self.keep.append(t)
        self.node[id(t)] = row

    def add_row(self, t, name, op, inputs, shape=None, **cols):
        """A row whose output is the tensor T, of SHAPE (C, H, W; default
        T's own, a flattened tensor as C x 1 x 1)."""
        if shape is None:
            shape = tuple(t.shape[1:])
            if len(shape) != self.rank + 1:
                shape = (int(t.numel() // t.shape[0]),) + (1,) * self.rank
        row = Row(name, op, inputs, shape, **cols)
        self.rows.append(row)
        self.bind(t, row)
        return row

    # --- modules
    def pre(self, mod, args):
        self.path.append(self.paths[mod])
        if isinstance(mod, LEAF):
            self.in_leaf += 1

    def post(self, mod, args, out):
        name = self.path.pop()
        if not isinstance(mod, LEAF):
            return
        self.in_leaf -= 1
        if self.in_leaf:
            return
        x = args[0]
        src = self.row_of(x)
        if isinstance(mod, IDENTITY):
            self.bind(out, src)
            return
        name = self.unique(name)
        if isinstance(mod, CONV):
            assert mod.padding_mode == "zeros" and not isinstance(mod.padding, str)
            self.add_row(
                out, name, "conv", [src],
                out=mod.out_channels, k=tuple(mod.kernel_size), stride=tuple(mod.stride),
                pad=tuple(mod.padding), dilation=tuple(mod.dilation), groups=mod.groups,
                bias=int(mod.bias is not None),
            )
        elif isinstance(mod, nn.Linear):
            if x.dim() == 2:
                self.add_row(out, name, "fc", [src], out=mod.out_features,
                             bias=int(mod.bias is not None))
            else:
                # A linear over the channels of a channel-last tensor
                # (N, H, W, C): a 1x1 convolution.
                assert x.dim() == 4 and x.shape[-1] == mod.in_features
                self.add_row(out, name, "conv", [src], shape=(out.shape[3], out.shape[1],
                                                              out.shape[2]),
                             out=mod.out_features, k=(1, 1), stride=(1, 1), pad=(0, 0),
                             dilation=(1, 1), groups=1, bias=int(mod.bias is not None))
        elif isinstance(mod, BATCHNORM):
            assert mod.affine
            self.add_row(out, name, "bn", [src])
        elif isinstance(mod, nn.LayerNorm):
            # Over the channels alone, at each position (LayerNorm2d, or a
            # LayerNorm on a channel-last tensor): 2C parameters.
            assert len(mod.normalized_shape) == 1 and mod.elementwise_affine
            c = mod.normalized_shape[0]
            if type(mod) is nn.LayerNorm and x.dim() == 4:  # channel-last (N, H, W, C)
                assert x.shape[-1] == c
                self.add_row(out, name, "layernorm", [src],
                             shape=(c, out.shape[1], out.shape[2]))
            else:  # LayerNorm2d: channels first, or a flat (N, C)
                assert x.shape[1] == c
                self.add_row(out, name, "layernorm", [src])
        elif isinstance(mod, MAXPOOL + AVGPOOL):
            pair = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v,) * self.rank
            dil = pair(getattr(mod, "dilation", 1))
            self.add_row(
                out, name, "maxpool" if isinstance(mod, MAXPOOL) else "avgpool", [src],
                k=pair(mod.kernel_size), stride=pair(mod.stride), pad=pair(mod.padding),
                dilation=dil, ceil_mode=int(mod.ceil_mode),
            )
        elif isinstance(mod, ADAPTIVE):
            assert all(v == 1 for v in out.shape[2:]), "only global pooling"
            self.add_row(out, name, "gap", [src])
        else:
            raise RuntimeError("no row for %s" % type(mod).__name__)

    # --- tensor functions between modules
    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        out = func(*args, **kwargs)
        if self.in_leaf:
            return out
        n = fname(func)
        if n in IGNORED or not isinstance(out, (torch.Tensor, tuple, list)):
            return out
        tensors = [a for a in args if isinstance(a, torch.Tensor)]
        if n in ("__add__", "add", "add_", "__iadd__", "__radd__"):
            a, b = tensors
            self.add_row(out, self.fname("add"), "add", [self.row_of(a), self.row_of(b)])
        elif n in ("__mul__", "mul", "mul_", "__rmul__", "__imul__"):
            a, b = tensors
            pa, pb = isinstance(a, nn.Parameter), isinstance(b, nn.Parameter)
            if pa or pb:
                # a learned scale per channel (ConvNeXt's layer scale)
                p, x = (a, b) if pa else (b, a)
                assert p.numel() == x.shape[1]
                self.add_row(out, self.fname("scale"), "scale", [self.row_of(x)])
            else:
                # the full-size input first, the broadcast one (C x 1 x 1) second
                if a.shape[2:] != out.shape[2:]:
                    a, b = b, a
                self.add_row(out, self.fname("mul"), "mul", [self.row_of(a), self.row_of(b)])
        elif n == "cat":
            seq = args[0]
            assert kwargs.get("dim", args[1] if len(args) > 1 else 0) == 1
            self.add_row(out, self.fname("cat"), "concat", [self.row_of(t) for t in seq])
        elif n in ("chunk", "split"):
            assert kwargs.get("dim", args[2] if len(args) > 2 else 0) == 1
            src = self.row_of(args[0])
            start = 0
            for i, part in enumerate(out):
                c = part.shape[1]
                self.add_row(part, self.fname("slice%d" % i), "slice", [src], out=c,
                             start=start)
                start += c
        elif n == "mean":
            dims = kwargs.get("dim", args[1] if len(args) > 1 else None)
            assert sorted(dims) == [2, 3] and out.dim() == 2
            self.add_row(out, self.fname("gap"), "gap", [self.row_of(args[0])])
        elif n in ("avg_pool2d", "max_pool2d"):
            # F.avg_pool2d(input, kernel_size, stride=None, padding=0, ...) and
            # F.max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ...)
            names = ["input", "kernel_size", "stride", "padding"]
            names += ["ceil_mode"] if n == "avg_pool2d" else ["dilation", "ceil_mode"]
            a = dict(zip(names, args))
            a.update(kwargs)
            pair = lambda v: tuple(v) if isinstance(v, (tuple, list)) else (v, v)
            k = pair(a["kernel_size"])
            stride = pair(a.get("stride") or k)
            self.add_row(out, self.fname(n.split("_")[0] + "pool"),
                         "avgpool" if n == "avg_pool2d" else "maxpool",
                         [self.row_of(a["input"])], k=k, stride=stride,
                         pad=pair(a.get("padding", 0)), dilation=pair(a.get("dilation", 1)),
                         ceil_mode=int(bool(a.get("ceil_mode", False))))
        elif n == "interpolate":
            # F.interpolate(input, size=None, scale_factor=None, mode="nearest",
            # align_corners=None, ...): a size or a whole factor
            a = dict(zip(["input", "size", "scale_factor", "mode", "align_corners"], args))
            a.update(kwargs)
            mode = a.get("mode", "nearest")
            assert mode in ("nearest", "linear", "bilinear", "trilinear")
            assert not a.get("align_corners"), "align_corners=True is not bksef's rule"
            self.add_row(out, self.fname("upsample"), "upsample", [self.row_of(a["input"])],
                         mode=mode)
        elif n in PASS_THROUGH:
            self.bind(out, self.row_of(args[0]))
        else:
            raise RuntimeError("no row for the function %s at %s" % (n, self.path))
        return out


def shuffle_recorder(walker, orig):
    """channel_shuffle as one row: its view/transpose steps are not counted."""

    def channel_shuffle(x, groups):
        walker.in_leaf += 1
        try:
            out = orig(x, groups)
        finally:
            walker.in_leaf -= 1
        walker.add_row(out, walker.fname("shuffle"), "shuffle", [walker.row_of(x)],
                       groups=groups)
        return out

    return channel_shuffle


def walk(name):
    make, chw, _ = MODELS[name]
    torch.manual_seed(0)
    model = make().eval()
    walker = Walker(model)
    walker.rank = len(chw) - 1
    x = torch.zeros((1,) + chw)
    walker.add_row(x, "input", "input", [], out=chw[0], size=chw[1:])
    orig = shufflenetv2.channel_shuffle
    shufflenetv2.channel_shuffle = shuffle_recorder(walker, orig)
    try:
        with torch.no_grad(), walker:
            model(x)
    finally:
        shufflenetv2.channel_shuffle = orig
        for h in walker.hooks:
            h.remove()
    return model, walker.rows


def torch_counts(model, chw):
    """Parameters and MACs (conv and linear only), as torch counts them."""
    params = sum(p.numel() for p in model.parameters())
    macs = [0]

    def conv(m, i, o):
        taps = 1
        for k in m.kernel_size:
            taps *= k
        macs[0] += o.numel() * (m.in_channels // m.groups) * taps

    def linear(m, i, o):
        macs[0] += o.numel() * m.in_features

    hooks = []
    for m in model.modules():
        if isinstance(m, CONV):
            hooks.append(m.register_forward_hook(conv))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear))
    with torch.no_grad():
        model(torch.zeros((1,) + chw))
    for h in hooks:
        h.remove()
    return params, macs[0]


def receptive_field(rows, rank):
    """The largest receptive field of any row, per axis (r = r_in + (k - 1) *
    dilation * jump_in, jump = jump_in * stride, the largest r and jump over
    the inputs where branches meet; an upsampling keeps r and divides the
    jump by its factor), computed here apart from bksef."""
    from fractions import Fraction
    axes = range(rank)
    r, j, best = {}, {}, [1] * rank
    for row in rows:
        if not row.inputs:
            r[row.name], j[row.name] = [1] * rank, [Fraction(1)] * rank
            continue
        ri = [max(r[x.name][a] for x in row.inputs) for a in axes]
        ji = [max(j[x.name][a] for x in row.inputs) for a in axes]
        if row.op in ("conv", "maxpool", "avgpool"):
            c = row.cols
            ri = [ri[a] + -(-(c["k"][a] - 1) * c["dilation"][a] * ji[a] // 1) for a in axes]
            ji = [ji[a] * c["stride"][a] for a in axes]
        elif row.op == "upsample":
            ji = [ji[a] * row.inputs[0].shape[1 + a] / row.shape[1 + a] for a in axes]
        r[row.name], j[row.name] = ri, ji
        best = [max(best[a], ri[a]) for a in axes]
    return best


def token(v):
    v = tuple(v)
    return str(v[0]) if len(set(v)) == 1 else "x".join(str(a) for a in v)


# Per-axis candidates of an asymmetric conv (bksef(5): it is fixed without
# them): the sizes of its long axis from 3 to its own, as 1xN or Nx1.
def axis_candidates(k):
    if len(set(k)) == 1 or len(k) != 2:
        return ""
    n = max(k)
    sizes = [s for s in (1, 3, 5, 7) if s <= n]
    return " ".join(("1x%d" % s) if k[0] == 1 else ("%dx1" % s) for s in sizes)


COLUMNS = ["name", "op", "from", "out", "h", "w", "k", "stride", "pad", "dilation", "groups",
           "bias", "tune", "candidates", "ceil_mode", "start"]
# the axes' names by rank, outermost first (bksef(5), Rank)
AXES = {1: ("l",), 2: ("h", "w"), 3: ("t", "h", "w")}


def write(name, rows, params, macs, outdir):
    _, chw, title = MODELS[name]
    rank = len(chw) - 1
    columns = COLUMNS + (["t"] if rank == 3 else ["l"] if rank == 1 else [])
    columns += [c for c in ("mode", "scale") if any(r.op == "upsample" for r in rows)]
    ones = (1,) * rank
    path = os.path.join(outdir, name + ".csv")
    with open(path, "w", newline="") as f:
        f.write("#bksef-format 2\n")
        f.write("# %s.\n" % title)
        f.write("# Made by data/gen/torchvision-to-bksef.py (torch %s, torchvision %s), which\n"
                % (torch.__version__.split("+")[0], torchvision.__version__.split("+")[0]))
        f.write("# walks the model as it runs; torch's output shape of every row is in\n")
        f.write("# data/gen/shapes/%s.csv.  Input %s; %d classes.\n"
                % (name, "x".join(map(str, chw)), rows[-1].shape[0]))
        f.write("# torch counts %d parameters and %d MACs (conv and linear); the receptive\n"
                % (params, macs))
        rf = receptive_field(rows, rank)
        if any(r.op == "upsample" and r.cols["mode"] != "nearest" for r in rows):
            f.write("# field is %s (%s; torch's gradients see up to one input pixel more\n"
                    "# at each bilinear upsample), measured with torch in\n"
                    "# data/gen/rf-measured.csv.\n" % ("x".join(map(str, rf)), "x".join(AXES[rank])))
        else:
            f.write("# field is %s (%s), measured with torch in data/gen/rf-measured.csv.\n"
                    % ("x".join(map(str, rf)), "x".join(AXES[rank])))
        f.write("# expected: params=%d macs=%d rf=%d\n" % (params, macs, max(rf)))
        f.write(",".join(columns) + "\n")
        for i, r in enumerate(rows):
            c = dict(r.cols)
            frm = ""
            if r.inputs and not (len(r.inputs) == 1 and i > 0 and r.inputs[0] is rows[i - 1]):
                frm = " ".join(x.name for x in r.inputs)
            vals = {"name": r.name, "op": r.op, "from": frm}
            if r.op == "input":
                vals.update(dict(zip(AXES[rank], c["size"])), out=c["out"])
            if r.op in ("conv", "fc", "slice"):
                vals["out"] = c["out"]
            if r.op in ("conv", "maxpool", "avgpool"):
                vals["k"] = token(c["k"])
                if tuple(c["stride"]) != ones:
                    vals["stride"] = token(c["stride"])
                vals["pad"] = token(c["pad"])
                if tuple(c["dilation"]) != ones:
                    vals["dilation"] = token(c["dilation"])
            if r.op == "conv":
                if c["groups"] != 1:
                    vals["groups"] = c["groups"]
                vals["bias"] = c["bias"]
                vals["candidates"] = axis_candidates(c["k"])
            if r.op == "fc":
                vals["bias"] = c["bias"]
            if r.op in ("maxpool", "avgpool") and c["ceil_mode"]:
                vals["ceil_mode"] = 1
            if r.op == "slice" and c["start"]:
                vals["start"] = c["start"]
            if r.op == "shuffle":
                vals["groups"] = c["groups"]
            if r.op == "upsample":
                vals["mode"] = c["mode"]
                vals.update(dict(zip(AXES[rank], r.shape[1:])))
            f.write(",".join(str(vals.get(col, "")) for col in columns) + "\n")
    shapes = os.path.join(outdir, "gen", "shapes", name + ".csv")
    os.makedirs(os.path.dirname(shapes), exist_ok=True)
    with open(shapes, "w", newline="") as f:
        f.write(",".join(["name", "out_c"] + ["out_" + a for a in AXES[rank]]) + "\n")
        for r in rows:
            f.write(",".join([r.name] + [str(int(v)) for v in r.shape]) + "\n")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--outdir", default=os.path.join(os.path.dirname(__file__), ".."))
    ap.add_argument("names", nargs="*", default=list(MODELS))
    a = ap.parse_args()
    for name in a.names:
        model, rows = walk(name)
        params, macs = torch_counts(model, MODELS[name][1])
        path = write(name, rows, params, macs, a.outdir)
        print("%s: %d rows, torch: %d parameters, %d MACs -> %s" % (name, len(rows), params,
                                                                    macs, os.path.normpath(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
