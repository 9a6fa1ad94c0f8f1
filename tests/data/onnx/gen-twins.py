#!/usr/bin/env python3
"""gen-twins.py -- write tests/data/onnx/twins/: an ONNX twin of every bundled
network in data/*.csv, for tests/cli/onnx-twins.sh, which checks that
`bksef --summary TWIN.onnx` gives the totals of `bksef --summary data/NET.csv`.

Needs torch, torchvision and onnx (Debian: python3-torch, python3-torchvision,
python3-onnx); `make check` does not: the twins are committed.  Run it again
(from any folder) only to change them:

    python3 tests/data/onnx/gen-twins.py

- The torchvision networks are real torch.onnx.export exports of the
  torchvision module (weights=None), resnet18 and mobilenet_v2 at opsets 11,
  13 and 17, the others at 13 (mobilenet_v3_large, convnext_tiny and
  efficientnet_b0 at 17 too, for HardSwish and LayerNormalization as one node).
- BatchNorm is kept by exporting with training=torch.onnx.TrainingMode.TRAINING:
  with Debian's torch 1.13 an eval-mode export folds BatchNorm into the
  convolutions even with do_constant_folding=False (checked here: see
  check_folding).  resnet18-op13-folded.onnx is such an eval export, for the
  folded-BN note and its -4800 parameters.
- The networks that are not in torchvision (lenet5, paper-*, resnet18-cifar)
  are HAND-BUILT: a torch module made row by row from the CSV (format 1
  only), then exported the same way.
- fcn_resnet50 (segmentation) and r3d_18 (video, 3x16x112x112) are torch
  exports of torchvision at opset 17 too; unet_small and audio_cnn1d (1x8000)
  are HAND-BUILT from the torch modules of data/gen/measure-rf.py, which
  follow their CSVs row for row (ConvTranspose, Resize, 1-D convs).
- The weights are stripped: every initializer keeps its name, type and dims,
  and its data is dropped and marked external, in a file that does not exist
  (bksef reads dims only, and never opens external data), so each file is
  small.
"""

import csv
import importlib.util
import os
import sys
import warnings

import onnx
import torch
import torchvision
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(HERE, "twins")

TV = {
    # name: (constructor kwargs, input size, opsets)
    "resnet18": ({}, 224, [11, 13, 17]),
    "mobilenet_v2": ({}, 224, [11, 13, 17]),
    "resnet50": ({}, 224, [13]),
    "vgg16": ({}, 224, [13]),
    "alexnet": ({}, 224, [13]),
    "efficientnet_b0": ({}, 224, [13, 17]),
    "mobilenet_v3_large": ({}, 224, [13, 17]),
    "shufflenet_v2_x1_0": ({}, 224, [13]),
    "googlenet": ({"aux_logits": False, "init_weights": True}, 224, [13]),
    "inception_v3": ({"aux_logits": False, "init_weights": True}, 299, [13]),
    "squeezenet1_0": ({}, 227, [13]),
    "convnext_tiny": ({}, 224, [13, 17]),
}


# torchvision models outside torchvision.models: name -> (constructor,
# input size C, (T,) H, W, opsets)
TV_MORE = {
    "fcn_resnet50": (lambda: torchvision.models.segmentation.fcn_resnet50(
        weights=None, weights_backbone=None, aux_loss=False), (3, 224, 224), [17]),
    "r3d_18": (lambda: torchvision.models.video.r3d_18(weights=None), (3, 16, 112, 112), [17]),
}


class OutOnly(nn.Module):
    """A segmentation model's "out" tensor (torchvision returns a dict)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x):
        return self.model(x)["out"]


def measure_rf_module():
    """data/gen/measure-rf.py, whose torch modules are unet_small's and
    audio_cnn1d's CSVs row for row."""
    path = os.path.join(TOP, "data", "gen", "measure-rf.py")
    spec = importlib.util.spec_from_file_location("measure_rf", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def strip(path):
    """Drop every large initializer's data, keeping name, type and dims: it is
    marked as external data (data_location EXTERNAL) in a file that does not
    exist, which bksef never opens.  Small tensors (shapes, axes: at most 64
    bytes) keep their values."""
    m = onnx.load(path)
    for t in m.graph.initializer:
        size = len(t.raw_data)
        if size <= 64 and not t.float_data and not t.int64_data:
            continue
        t.ClearField("raw_data")
        for f in ("float_data", "int32_data", "int64_data", "double_data"):
            t.ClearField(f)
        t.data_location = onnx.TensorProto.EXTERNAL
        del t.external_data[:]
        for k, v in (("location", "weights-stripped-by-gen-twins.bin"), ("length", str(size))):
            e = t.external_data.add()
            e.key, e.value = k, v
    m.producer_name = "pytorch (weights stripped by bksef gen-twins.py)"
    onnx.save(m, path)


def no_stochastic_depth(model):
    """StochasticDepth is the identity at inference, but draws random numbers
    in a training-mode export: replace it by nn.Identity (no parameters)."""
    for name, child in model.named_children():
        if isinstance(child, torchvision.ops.StochasticDepth):
            setattr(model, name, nn.Identity())
        else:
            no_stochastic_depth(child)


def export(model, size, path, opset, train=True):
    no_stochastic_depth(model)
    model.eval()
    x = torch.zeros(1, 3 if isinstance(size, int) else size[0],
                    *((size, size) if isinstance(size, int) else size[1:]))
    mode = torch.onnx.TrainingMode.TRAINING if train else torch.onnx.TrainingMode.EVAL
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, x, path, opset_version=opset, training=mode,
                          input_names=["input"], output_names=["output"])
    strip(path)


class FromCsv(nn.Module):
    """A format-1 network file as a torch module (hand-built twins)."""

    def __init__(self, path):
        super().__init__()
        with open(path) as f:
            rows = list(csv.DictReader(r for r in f if not r.startswith("#")))
        self.plan = []
        shape = {}
        prev = None
        self.mods = nn.ModuleDict()
        for i, r in enumerate(rows):
            get = lambda k, d=None: (r.get(k) or "").strip() or d
            op, name = r["op"], "m%d" % i
            src = get("from", prev).split() if op != "input" else []
            if op == "input":
                shape[r["name"]] = (int(r["out"]), int(r["h"]), int(r["w"]))
                self.size = shape[r["name"]]
            else:
                c, h, w = shape[src[0]]
                k = int(get("k", "1"))
                s = int(get("stride", "1"))
                dil = int(get("dilation", "1"))
                p = get("pad", "same")
                p = dil * (k - 1) // 2 if p == "same" else int(p)
                if op == "conv":
                    out = int(r["out"])
                    self.mods[name] = nn.Sequential(
                        nn.Conv2d(c, out, k, s, p, dil, int(get("groups", "1")),
                                  bias=get("bias", "1") == "1"))
                    h, w = (h + 2 * p - dil * (k - 1) - 1) // s + 1, (w + 2 * p - dil * (k - 1) - 1) // s + 1
                    c = out
                elif op == "bn":
                    self.mods[name] = nn.Sequential(nn.BatchNorm2d(c), nn.ReLU())
                elif op in ("maxpool", "avgpool"):
                    cls = nn.MaxPool2d if op == "maxpool" else nn.AvgPool2d
                    self.mods[name] = cls(k, s, p)
                    h, w = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
                elif op == "gap":
                    self.mods[name] = nn.AdaptiveAvgPool2d(1)
                    h = w = 1
                elif op == "fc":
                    out = int(r["out"])
                    self.mods[name] = nn.Sequential(
                        nn.Flatten(), nn.Linear(c * h * w, out, bias=get("bias", "1") == "1"))
                    c, h, w = out, 1, 1
                elif op == "act":
                    self.mods[name] = nn.ReLU()
                elif op == "add":
                    pass
                elif op == "concat":
                    c = sum(shape[x][0] for x in src)
                else:
                    raise SystemExit("gen-twins.py: op %s not hand-built" % op)
                shape[r["name"]] = (c, h, w)
            self.plan.append((r["name"], op, name, src))
            prev = r["name"]

    def forward(self, x):
        vals = {}
        for rname, op, name, src in self.plan:
            if op == "input":
                y = x
            elif op == "add":
                y = vals[src[0]]
                for s in src[1:]:
                    y = y + vals[s]
            elif op == "concat":
                y = torch.cat([vals[s] for s in src], 1)
            else:
                y = self.mods[name](vals[src[0]])
                if op == "fc":
                    y = y.view(y.shape[0], -1, 1, 1)
            vals[rname] = y
        return vals[self.plan[-1][0]].flatten(1)


def check_folding():
    """Which export keeps BatchNorm with this torch: printed, for the man page."""
    m = torchvision.models.resnet18()
    for name, kw in (("eval, do_constant_folding=False", {"do_constant_folding": False}),
                     ("training=TRAINING", {"training": torch.onnx.TrainingMode.TRAINING})):
        path = os.path.join(OUT, "check.onnx")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(m.eval(), torch.zeros(1, 3, 224, 224), path, opset_version=13, **kw)
        bn = sum(n.op_type == "BatchNormalization" for n in onnx.load(path).graph.node)
        os.remove(path)
        print("gen-twins.py: resnet18 exported with %s: %d BatchNormalization nodes" % (name, bn))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    only = sys.argv[1:]
    if only:  # a few networks only: python3 gen-twins.py NAME...
        for name in list(TV):
            if name not in only:
                del TV[name]
        for name in list(TV_MORE):
            if name not in only:
                del TV_MORE[name]
    else:
        check_folding()
    for name, (kw, size, opsets) in TV.items():
        for opset in opsets:
            model = getattr(torchvision.models, name)(weights=None, **kw)
            path = os.path.join(OUT, "%s-op%d.onnx" % (name, opset))
            export(model, size, path, opset)
            print(path)
    if not only:
        path = os.path.join(OUT, "resnet18-op13-folded.onnx")
        export(torchvision.models.resnet18(weights=None), 224, path, 13, train=False)
        print(path)
    for name in ("lenet5", "paper-cifar10-cnn", "paper-gtsrb-cnn", "resnet18-cifar"):
        if only and name not in only:
            continue
        model = FromCsv(os.path.join(TOP, "data", name + ".csv"))
        path = os.path.join(OUT, "%s-handbuilt-op13.onnx" % name)
        export(model, model.size, path, 13)
        print(path)
    for name, (make, size, opsets) in TV_MORE.items():
        for opset in opsets:
            model = make()
            if name == "fcn_resnet50":
                model = OutOnly(model)
            path = os.path.join(OUT, "%s-op%d.onnx" % (name, opset))
            export(model, size, path, opset)
            print(path)
    rf = measure_rf_module()
    for name, (cls, _, _) in rf.HAND.items():
        if only and name not in only:
            continue
        size = {"unet_small": (1, 64, 64), "audio_cnn1d": (1, 8000)}[name]
        path = os.path.join(OUT, "%s-handbuilt-op17.onnx" % name)
        export(cls(), size, path, 17)
        print(path)


if __name__ == "__main__":
    sys.exit(main())
