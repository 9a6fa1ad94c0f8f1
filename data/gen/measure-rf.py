#!/usr/bin/env python3
# measure-rf.py -- measure the local receptive field of the torchvision
# models that data/gen/torchvision-to-bksef.py writes, by gradients: the
# input pixels whose gradient is not zero for one output position at the
# centre of the last feature map (the layer the global pooling reads).  Its
# height and width are the field on each axis; bksef's rf_h and rf_w of that
# layer must equal them (tests/cli/torch-shapes.sh).
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
    g = torch.Generator().manual_seed(1)
    for mod in model.modules():
        for pname, p in mod.named_parameters(recurse=False):
            with torch.no_grad():
                if pname == "bias":
                    p.zero_()
                    continue
                fan = p[0].numel() if p.dim() > 1 else 1
                p.copy_((torch.rand(p.shape, generator=g) + 0.5) / fan)
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.zero_()
            mod.running_var.fill_(1.0)
    return model.double().eval()


def patches():
    """Functional activations and max pools (GoogLeNet's and Inception's
    BasicConv2d, Inception's reductions) and detached gates, as above."""
    saved = (F.relu, F.max_pool2d, torchvision.ops.SqueezeExcitation.forward)

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
    torchvision.ops.SqueezeExcitation.forward = gate
    return saved


def unpatch(saved):
    F.relu, F.max_pool2d, torchvision.ops.SqueezeExcitation.forward = saved


def measure(name, size):
    """The field's height and width at an input of SIZE x SIZE, and whether
    it lies inside the input with a pixel to spare on every side."""
    make, chw, _ = gen.MODELS[name]
    torch.manual_seed(0)
    model = prepare(make())
    grabbed = {}

    def hook(mod, args, out):
        grabbed["out"] = out
        raise Done()

    LAST[name](model).register_forward_hook(hook)
    x = torch.ones((1, chw[0], size, size), dtype=torch.float64, requires_grad=True)
    try:
        model(x)
    except Done:
        pass
    out = grabbed["out"]
    seed = torch.zeros_like(out)
    seed[0, :, out.shape[2] // 2, out.shape[3] // 2] = 1.0
    out.backward(seed)
    assert torch.isfinite(out).all() and torch.isfinite(x.grad).all(), name
    nz = (x.grad[0].abs().sum(0) != 0).nonzero()
    top, left = nz.min(0).values.tolist()
    bottom, right = nz.max(0).values.tolist()
    inside = top > 0 and left > 0 and bottom < size - 1 and right < size - 1
    return bottom - top + 1, right - left + 1, inside, tuple(out.shape[2:])


def last_layer(name):
    """The bksef row the global pooling reads: the input of the last 'gap'
    row (the earlier ones are squeeze-excitation gates')."""
    with open(os.path.join(here, "..", name + ".csv"), newline="") as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    head = rows[0]
    prev = found = None
    for r in rows[1:]:
        row = dict(zip(head, r))
        if row["op"] == "gap":
            found = row["from"] or prev
        prev = row["name"]
    if found is None:
        raise RuntimeError("no gap row in " + name)
    return found


def main():
    names = sys.argv[1:] or list(gen.MODELS)
    out_path = os.path.join(here, "rf-measured.csv")
    old = {}
    if os.path.exists(out_path):
        with open(out_path, newline="") as f:
            old = {r["network"]: r for r in csv.DictReader(f)}
    # Start from a size the field may fit (the script's own count); grow
    # until the measured field lies inside.
    start = {}
    for name in names:
        _, rows = gen.walk(name)
        start[name] = max(gen.receptive_field(rows)) + 64
        start[name] += -start[name] % 32
    saved = patches()
    try:
        for name in names:
            size = start[name]
            while True:
                h, w, inside, fmap = measure(name, size)
                print("%s at %d: field %dx%d, inside %s (feature map %s)"
                      % (name, size, h, w, inside, fmap), flush=True)
                if inside:
                    break
                size = size * 3 // 2
            old[name] = {"network": name, "input": size, "layer": last_layer(name),
                         "rf_h": h, "rf_w": w}
    finally:
        unpatch(saved)
    with open(out_path, "w", newline="") as f:
        wr = csv.DictWriter(f, ["network", "input", "layer", "rf_h", "rf_w"], lineterminator="\n")
        wr.writeheader()
        for name in gen.MODELS:
            if name in old:
                wr.writerow(old[name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
