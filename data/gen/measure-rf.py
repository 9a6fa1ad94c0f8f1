#!/usr/bin/env python3
# measure-rf.py -- measure the local receptive field of the torchvision
# models that data/gen/torchvision-to-bksef.py writes, by gradients: the
# input pixels whose gradient is not zero for one output position at the
# centre of the last feature map (the layer the global pooling reads; a
# segmentation model's output).  Its height and width (and time, for a video
# model) are the field on each axis; bksef's rf_h and rf_w (rf_t) of that
# layer must equal them, or exceed them by at most one input pixel of each
# bilinear upsampling on the way (tests/cli/torch-shapes.sh, bksef(5)).
#
# A video model is measured in two passes that keep the tensors small: the
# time axis at a long clip of small frames, then height and width at a short
# clip of large frames (column input: both sizes).  The field is a product
# of per-axis fields (every weight positive, each tap's offset chosen on each
# axis apart), so an axis the input clips leaves the others' extents whole.
#
# So that a pixel inside the field never gets a zero gradient by chance, the
# model is measured with every weight positive (uniform 0.5 .. 1.5 over the
# fan-in), biases 0, activations as identities, max pools as average pools
# of the same geometry (a max sends its gradient to one input only), and in
# float64.  The local field is what a kernel choice changes: the
# squeeze-excitation gates (mul by a C x 1 x 1 scale from a global pooling)
# are held constant, so that their global path does not count (bksef(5),
# global context).  The input is made large enough that the field lies
# inside it; the output and every gradient must be finite.
#
# Needs torch and torchvision; writes data/gen/rf-measured.csv.
#   python3 data/gen/measure-rf.py [NAME...]
import csv
import importlib.util
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gen", os.path.join(here, "torchvision-to-bksef.py"))
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

# The module whose output is the last feature map.
LAST = {
    "efficientnet_b0": lambda m: m.features,
    "mobilenet_v3_large": lambda m: m.features,
    "shufflenet_v2_x1_0": lambda m: m.conv5,
    "googlenet": lambda m: m.inception5b,
    "inception_v3": lambda m: m.Mixed_7c,
    "squeezenet1_0": lambda m: m.classifier[1],
    "convnext_tiny": lambda m: m.features,
    "r3d_18": lambda m: m.layer4,
    "fcn_resnet50": lambda m: m,  # its output, upsampled to the input's size
}



class UNetSmall(nn.Module):
    """data/unet_small.csv in torch, row for row."""

    def __init__(self):
        super().__init__()
        c = lambda i, o, k=3: nn.Conv2d(i, o, k, padding=k // 2)
        self.enc1a, self.enc1b = c(1, 16), c(16, 16)
        self.enc2a, self.enc2b = c(16, 32), c(32, 32)
        self.bota, self.botb = c(32, 64), c(64, 64)
        self.up2 = nn.ConvTranspose2d(64, 32, 2, stride=2)
        self.dec2a, self.dec2b = c(64, 32), c(32, 32)
        self.red1 = c(32, 16, 1)
        self.dec1a, self.dec1b = c(32, 16), c(16, 16)
        self.out = c(16, 2, 1)

    def forward(self, x):
        e1 = self.enc1b(self.enc1a(x))
        e2 = self.enc2b(self.enc2a(F.max_pool2d(e1, 2)))
        b = self.botb(self.bota(F.max_pool2d(e2, 2)))
        d2 = self.dec2b(self.dec2a(torch.cat([self.up2(b), e2], 1)))
        u1 = self.red1(F.interpolate(d2, scale_factor=2, mode="nearest"))
        return self.out(self.dec1b(self.dec1a(torch.cat([u1, e1], 1))))


class M5(nn.Module):
    """data/audio_cnn1d.csv in torch (torchaudio tutorial's M5)."""

    def __init__(self):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv1d(1, 32, 80, stride=16), nn.BatchNorm1d(32)
        self.conv2, self.bn2 = nn.Conv1d(32, 32, 3), nn.BatchNorm1d(32)
        self.conv3, self.bn3 = nn.Conv1d(32, 64, 3), nn.BatchNorm1d(64)
        self.conv4, self.bn4 = nn.Conv1d(64, 64, 3), nn.BatchNorm1d(64)
        self.pool4 = nn.MaxPool1d(4)
        self.fc = nn.Linear(64, 35)

    def forward(self, x):
        for i in (1, 2, 3):
            x = F.max_pool1d(getattr(self, "bn%d" % i)(getattr(self, "conv%d" % i)(x)), 4)
        x = self.pool4(self.bn4(self.conv4(x)))
        return self.fc(x.mean(-1))


# The hand-designed bundled networks, as torch modules: name -> (constructor,
# input size to measure at, the module whose output is measured).
HAND = {
    "unet_small": (UNetSmall, (1, 64, 64), lambda m: m),
    "audio_cnn1d": (M5, (1, 16000), lambda m: m.pool4),
}

ACTIVATIONS = (nn.ReLU, nn.ReLU6, nn.SiLU, nn.Hardswish, nn.GELU, nn.Sigmoid, nn.Hardsigmoid)


class Done(Exception):
    pass


def prepare(model):
    """Identity activations, average pools, positive weights, float64."""
    for name, mod in list(model.named_modules()):
        for cname, child in list(mod.named_children()):
            if isinstance(child, ACTIVATIONS):
                setattr(mod, cname, nn.Identity())
            elif isinstance(child, nn.MaxPool2d):
                setattr(mod, cname, nn.AvgPool2d(child.kernel_size, child.stride,
                                                 child.padding, child.ceil_mode))
            elif isinstance(child, nn.MaxPool1d):
                setattr(mod, cname, nn.AvgPool1d(child.kernel_size, child.stride,
                                                 child.padding, child.ceil_mode))
            elif isinstance(child, nn.MaxPool3d):
                setattr(mod, cname, nn.AvgPool3d(child.kernel_size, child.stride,
                                                 child.padding, child.ceil_mode))
    g = torch.Generator().manual_seed(1)
    for mod in model.modules():
        for pname, p in mod.named_parameters(recurse=False):
            with torch.no_grad():
                if pname == "bias":
                    p.zero_()
                    continue
                fan = p[0].numel() if p.dim() > 1 else 1
                p.copy_((torch.rand(p.shape, generator=g) + 0.5) / fan)
        if isinstance(mod, (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d)):
            mod.running_mean.zero_()
            mod.running_var.fill_(1.0)
    return model.double().eval()


def patches():
    """Functional activations and max pools (GoogLeNet's and Inception's
    BasicConv2d, Inception's reductions) and detached gates, as above."""
    saved = (F.relu, F.max_pool2d, F.max_pool1d, torchvision.ops.SqueezeExcitation.forward)

    def max_as_avg(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                   return_indices=False):
        assert dilation in (1, (1, 1)) and not return_indices
        return F.avg_pool2d(x, kernel_size, stride, padding, ceil_mode)

    def gate(self, input):
        # The gate's value, a sigmoid's, is never 0: as a constant it
        # changes no gradient from zero to not, and with activations as
        # identities its value would square the features at every block.
        return input * 1.0

    F.relu = lambda x, inplace=False: x
    F.max_pool2d = max_as_avg
    F.max_pool1d = lambda x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, \
        return_indices=False: F.avg_pool1d(x, kernel_size, stride, padding, ceil_mode)
    torchvision.ops.SqueezeExcitation.forward = gate
    return saved


def unpatch(saved):
    F.relu, F.max_pool2d, F.max_pool1d, torchvision.ops.SqueezeExcitation.forward = saved


def measure(name, size):
    """The field on each axis at an input of SIZE (a tuple of the spatial
    sizes, or one size for every axis), and whether it lies inside the input
    with a pixel to spare on every side."""
    make, chw, _ = gen.MODELS[name] if name in gen.MODELS else HAND[name]
    torch.manual_seed(0)
    model = prepare(make())
    grabbed = {}

    def hook(mod, args, out):
        grabbed["out"] = out
        raise Done()

    (LAST[name] if name in LAST else HAND[name][2])(model).register_forward_hook(hook)
    if not isinstance(size, tuple):
        size = (size,) * (len(chw) - 1)
    x = torch.ones((1, chw[0]) + size, dtype=torch.float64, requires_grad=True)
    try:
        model(x)
    except Done:
        pass
    out = grabbed["out"]
    if isinstance(out, dict):  # a segmentation model's
        out = out["out"]
    seed = torch.zeros_like(out)
    seed[(0, slice(None)) + tuple(n // 2 for n in out.shape[2:])] = 1.0
    out.backward(seed)
    assert torch.isfinite(out).all() and torch.isfinite(x.grad).all(), name
    nz = (x.grad[0].abs().sum(0) != 0).nonzero()
    low, high = nz.min(0).values.tolist(), nz.max(0).values.tolist()
    field = [b - a + 1 for a, b in zip(low, high)]
    inside = [a > 0 and b < n - 1 for a, b, n in zip(low, high, size)]
    return field, inside, tuple(out.shape[2:])


def last_layer(name):
    """The bksef row the global pooling reads: the input of the last 'gap'
    row (the earlier ones are squeeze-excitation gates'); without one, the
    last row."""
    with open(os.path.join(here, "..", name + ".csv"), newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    head = rows[0]
    prev = found = None
    for r in rows[1:]:
        row = dict(zip(head, r))
        if row["op"] == "gap":
            found = row["from"] or prev
        prev = row["name"]
    if found is None:  # a segmentation model: its last row
        found = prev
    return found


def grow(name, shape, size, axes):
    """Measure at SHAPE(size), growing the size until the field lies inside
    the input on AXES; returns the field and the size."""
    while True:
        field, inside, fmap = measure(name, shape(size))
        print("%s at %s: field %s, inside %s (feature map %s)"
              % (name, shape(size), field, inside, fmap), flush=True)
        if all(inside[a] for a in axes):
            return field, size
        size = size * 3 // 2


def main():
    names = sys.argv[1:] or list(gen.MODELS) + list(HAND)
    out_path = os.path.join(here, "rf-measured.csv")
    old = {}
    if os.path.exists(out_path):
        with open(out_path, newline="") as f:
            old = {r["network"]: r for r in csv.DictReader(f)}
    # Start from a size the field may fit (the script's own count); grow
    # until the measured field lies inside.
    start = {}
    for name in names:
        if name in HAND:  # at its own size (or grown from there)
            start[name] = list(HAND[name][1][1:])
            continue
        _, rows = gen.walk(name)
        rank = len(gen.MODELS[name][1]) - 1
        start[name] = [r + 64 + (-(r + 64) % 32) for r in gen.receptive_field(rows, rank)]
    saved = patches()
    try:
        for name in names:
            if len(start[name]) == 3:
                # time at a long clip of 32 x 32 frames, then height and
                # width at a clip of 4 frames (see the top)
                tf, ts = grow(name, lambda s: (s, 32, 32), start[name][0], [0])
                hf, hs = grow(name, lambda s: (4, s, s), max(start[name][1:]), [1, 2])
                old[name] = {"network": name, "input": "%dx32x32 4x%dx%d" % (ts, hs, hs),
                             "layer": last_layer(name), "rf_t": tf[0],
                             "rf_h": hf[1], "rf_w": hf[2]}
                continue
            if len(start[name]) == 1:  # 1-D
                field, size = grow(name, lambda s: (s,), start[name][0], [0])
                old[name] = {"network": name, "input": size, "layer": last_layer(name),
                             "rf_l": field[0]}
                continue
            field, size = grow(name, lambda s: s, max(start[name]), [0, 1])
            old[name] = {"network": name, "input": size, "layer": last_layer(name),
                         "rf_h": field[0], "rf_w": field[1]}
    finally:
        unpatch(saved)
    with open(out_path, "w", newline="") as f:
        wr = csv.DictWriter(f, ["network", "input", "layer", "rf_h", "rf_w", "rf_t", "rf_l"],
                            lineterminator="\n")
        wr.writeheader()
        for name in list(gen.MODELS) + list(HAND):
            if name in old:
                wr.writerow(old[name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
