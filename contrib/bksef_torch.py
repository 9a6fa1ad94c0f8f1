#!/usr/bin/env python3
"""bksef_torch -- build a torch.nn.Module from a bksef network file, with a
plan's kernels applied, and check it against bksef's own counts.

Usage: python3 contrib/bksef_torch.py [--bksef PATH] NET.csv [--plan PLAN.csv]
                                      [--check] [--onnx OUT.onnx]

As a module:

    import bksef_torch
    model = bksef_torch.build("net.csv", plan="plan.csv")

How it works (see bksef(5) for the format):

- bksef itself reads the file first (`bksef --layers NET`), so a file bksef
  rejects fails with bksef's own message (`bksef:NET:LINE: ...`); this module
  does not repeat bksef's validation.  NET may also be a bundled network's
  name (paper-cifar10-cnn) or an ONNX model (built from the network file
  `bksef --convert` maps it to).  The binary is --bksef PATH, else
  $BKSEF, else the bksef built beside this file (../src/bksef), else `bksef`
  on the PATH.
- Every row of the file becomes one layer, in file order, read with Python's
  csv module (format 1 and 2: comments, a byte order mark, the format line,
  `same` padding, per-axis values such as 1x7, 1-D, 2-D and 3-D networks).
  Channel counts and an fc's input features are those bksef infers (the
  in_c, in_h, ... columns of `bksef --layers`); kernels, strides, paddings,
  dilations, groups, biases and the other ops' values come from the file.
  Layer names are those bksef reads (--layers), so quoting and spaces agree.
- Ops: input; conv and convtranspose (torch ConvNd / ConvTransposeNd:
  groups, dilation, per-axis values, output_padding); maxpool and avgpool
  (ceil_mode); gap (AdaptiveAvgPoolNd(1)); fc (flatten, Linear, output
  N x out x 1 ...); add; concat; mul (broadcast of a C x 1 x 1 gate); bn
  (BatchNormNd); act (torch.nn.ReLU: the format does not say which
  activation; pass act= to build() for another); slice (channels start ..
  start+out-1); shuffle (reshape, transpose, reshape); layernorm (LayerNorm
  over the channels at each position); scale (one learned factor per
  channel); upsample (nearest, linear, bilinear, trilinear with
  align_corners=False, by a whole factor or to a size).
- A plan (the CSV of `bksef --batch`) is applied exactly as `bksef
  --export-network` applies it, by bksef itself: every row's k_plan is
  passed back as a pin (`--pin LAYER=K`; every tunable row, and any other
  whose kernel the plan changes) to `bksef --batch ...
  --export-network`, and the network file that writes is built.  A plan whose
  pins do not give the plan's own totals (total_macs_plan,
  total_params_plan), as when it was made for another network, is an error.
  A depthwise-separable kernel (ds3) becomes its two rows, NAME.dw and NAME.
- The model's forward takes N x C x (T x) H x W (N x C x L in 1-D) at the
  file's input size and returns the last row's output (a tuple of every
  row that feeds no other, in file order, when there are several).
- --check runs one forward pass at the input size (batch 1) and compares
  every layer's output shape, MACs and parameters with `bksef --layers`, and
  the totals with `bksef --summary`.  MACs are counted with forward hooks on
  the torch modules, by bksef's rules: a ConvNd's weight taps times its
  output positions, a ConvTransposeNd's weight times its INPUT positions, a
  Linear's weight; nothing else counts.  Parameters are the modules'
  parameters (a BatchNorm's weight and bias, not its running statistics).
- --onnx exports the model with torch.onnx.export (opset 13, batch 1 at the
  file's input size, training mode so that batch normalisation is not
  folded into the convolutions), and with --check also compares the totals
  of `bksef OUT.onnx --summary` with the network's.

The bundled network files leave out their activations (act rows count
nothing), so a model built from them has none; build(..., relu_after=("bn",))
puts a ReLU after every row of those ops (counted as nothing, as bksef would).

Errors are one line on standard error and exit status 1: bksef's own
message for a file it rejects, `bksef_torch:FILE: ...` otherwise.
Needs torch (Debian: python3-torch); torch's ONNX exporter needs no more.
"""

import argparse
import csv
import io
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROG = "bksef_torch"
OPSET = 13

try:
    import torch
    from torch import nn
except ImportError:  # reported by main() or build(), not at import
    torch = None
    nn = None


class Error(Exception):
    """A one-line message for the user (bksef's own, or FILE: what is wrong)."""


# ---------------------------------------------------------------- bksef


def find_bksef(path=None):
    """The bksef binary: PATH, else $BKSEF, else ../src/bksef beside this
    file, else `bksef` on the PATH."""
    if path:
        return path
    if os.environ.get("BKSEF"):
        return os.environ["BKSEF"]
    here = os.path.dirname(os.path.abspath(__file__))
    built = os.path.join(here, "..", "src", "bksef")
    if os.access(built, os.X_OK):
        return os.path.normpath(built)
    found = shutil.which("bksef")
    if not found:
        raise Error("%s: cannot find bksef: give --bksef PATH or set BKSEF" % PROG)
    return found


def run_bksef(bksef, args):
    """Run bksef with ARGS and return its standard output; a failure is an
    Error with bksef's own message (its first line: bksef stops at the first
    problem)."""
    try:
        p = subprocess.run([bksef] + args, capture_output=True, text=True)
    except OSError as e:
        raise Error("%s: cannot run %s: %s" % (PROG, bksef, e.strerror))
    if p.returncode != 0:
        lines = [l for l in p.stderr.splitlines() if l.strip()]
        raise Error("\n".join(lines) if lines else
                    "%s: %s %s failed with status %d" % (PROG, bksef, " ".join(args), p.returncode))
    return p.stdout


def bksef_layers(bksef, path):
    """`bksef --layers PATH` as a list of dicts, one per row of the file."""
    return list(csv.DictReader(io.StringIO(run_bksef(bksef, ["--layers", "--", path]),
                                           newline="")))


def network_file(bksef, net, workdir):
    """The network file to build for NET, after bksef has read it (so that a
    file bksef rejects fails with bksef's message): NET itself; the bundled
    network bksef finds by that name (`bksef --summary NAME` says which
    file); or, for an ONNX model, the file `bksef --convert` writes in
    WORKDIR."""
    run_bksef(bksef, ["--layers", "-o", os.devnull, "--", net])
    if not os.path.exists(net):
        return bksef_summary(bksef, net)["file"]
    with open(net, "rb") as f:
        onnx = f.read(1) == b"\x08"  # bksef(1): a model's first byte
    if onnx or net.endswith(".onnx"):
        out = os.path.join(workdir, "converted.csv")
        run_bksef(bksef, ["--convert", "-o", out, "--", net])
        return out
    return net


def bksef_summary(bksef, path):
    """The key: value lines of `bksef --summary PATH` (plain integers)."""
    out = {}
    for line in run_bksef(bksef, ["--summary", "--", path]).splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(": ")
        out[key] = value
    return out


# ---------------------------------------------------------------- the file


def read_network(path):
    """The rows of a bksef network file as [dict column -> value], read as
    bksef(5) says: UTF-8 with or without a byte order mark, an
    optional `#bksef-format 2` first line (a comment here: both formats read
    alike once bksef has accepted the file), LF, CRLF or CR line ends, comment
    lines (a # first, outside a quoted field), blank lines (or spaces and
    tabs only) skipped, spaces and tabs around values ignored.  The file is
    bksef-valid (bksef read it first)."""
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "")
             for i in range(0, len(parts), 2)]
    records, cur, quotes = [], "", 0
    for line in lines:
        if not cur and (line.startswith("#") or not line.strip(" \t\r\n")):
            continue
        cur += line
        quotes += line.count('"')
        if quotes % 2 == 0:
            records.append(cur)
            cur, quotes = "", 0
    table = [next(csv.reader(io.StringIO(r, newline=""))) for r in records]
    header = [h.strip(" \t") for h in table[0]]
    return [{h: v.strip(" \t") for h, v in zip(header, r)} for r in table[1:]]


def axes(value, rank, default):
    """A per-axis value (`3`, `1x7`, `3x1x1`) as a tuple of RANK ints."""
    if not value:
        value = default
    parts = [int(v) for v in str(value).split("x")]
    return tuple(parts * rank) if len(parts) == 1 else tuple(parts)


# ---------------------------------------------------------------- layers

if nn is not None:

    def _nd(name, rank):
        return getattr(nn, "%s%dd" % (name, rank))

    class Input(nn.Module):
        def forward(self, x):
            return x

    class Wrap(nn.Module):
        """One input through a torch module, then optional extras (a ReLU)."""

        def __init__(self, *mods):
            super().__init__()
            self.body = nn.Sequential(*mods)

        def forward(self, x):
            return self.body(x)

    class Fc(nn.Module):
        """Flatten and Linear: N x out, bksef's out x 1 x 1 (lifted to that
        rank only where a later row needs it)."""

        def __init__(self, features, out, bias):
            super().__init__()
            self.linear = nn.Linear(features, out, bias=bias)

        def forward(self, x):
            return self.linear(torch.flatten(x, 1))

    class Add(nn.Module):
        def forward(self, *xs):
            y = xs[0]
            for x in xs[1:]:
                y = y + x
            return y

    class Concat(nn.Module):
        def forward(self, *xs):
            return torch.cat(xs, 1)

    class Mul(nn.Module):
        def forward(self, a, b):
            return a * b

    class Slice(nn.Module):
        def __init__(self, start, out):
            super().__init__()
            self.start, self.stop = start, start + out

        def forward(self, x):
            return x[:, self.start:self.stop]

    class Shuffle(nn.Module):
        def __init__(self, groups):
            super().__init__()
            self.groups = groups

        def forward(self, x):
            n, c = x.shape[0], x.shape[1]
            rest = list(x.shape[2:])
            y = x.reshape(n, self.groups, c // self.groups, *rest).transpose(1, 2)
            return y.reshape(n, c, *rest)

    class LayerNorm(nn.Module):
        """LayerNorm over the channels at each position (channels last)."""

        def __init__(self, channels, rank):
            super().__init__()
            self.norm = nn.LayerNorm(channels)
            self.last = (0,) + tuple(range(2, rank + 2)) + (1,)
            self.first = (0, rank + 1) + tuple(range(1, rank + 1))

        def forward(self, x):
            return self.norm(x.permute(*self.last)).permute(*self.first)

    class Scale(nn.Module):
        def __init__(self, channels, rank):
            super().__init__()
            self.weight = nn.Parameter(torch.ones(channels, *([1] * rank)))

        def forward(self, x):
            return x * self.weight


class Network(nn.Module if nn is not None else object):
    """A bksef network as a torch module: `layers[i]` is row i of the file
    (`names[i]`, `ops[i]`), fed by the rows `sources[i]`."""

    def __init__(self, names, ops, sources, layers, input_size):
        super().__init__()
        self.rank = len(input_size) - 1
        self.names, self.ops, self.sources = names, ops, sources
        self.layers = nn.ModuleList(layers)
        self.input_size = tuple(input_size)
        used = {j for s in sources for j in s}
        self.outputs = [i for i in range(len(names)) if i not in used]

    def forward(self, x):
        vals = []
        for i, layer in enumerate(self.layers):
            if i == 0:
                vals.append(layer(x))
                continue
            xs = [vals[j] for j in self.sources[i]]
            if self.ops[i] not in ("fc", "act"):  # an fc's N x C as N x C x 1 ...
                xs = [v.reshape(*v.shape, *([1] * self.rank)) if v.dim() == 2 else v
                      for v in xs]
            vals.append(layer(*xs))
        if len(self.outputs) == 1:
            return vals[self.outputs[0]]
        return tuple(vals[i] for i in self.outputs)


def _make_layer(op, row, ref, rank, act, relu):
    """The torch module of one row: its op, its file values ROW, bksef's
    --layers row REF.  RELU: append a ReLU."""
    get = row.get
    cin = int(ref["in_c"] or 0)
    if op == "input":
        return Input()
    spatial = ("l",) if rank == 1 else ("t", "h", "w")[3 - rank:]
    if op in ("conv", "convtranspose", "maxpool", "avgpool"):
        k = axes(get("k"), rank, 1)
        stride = axes(get("stride"), rank, 1)
        dil = axes(get("dilation"), rank, 1)
        pad = get("pad") or ("0" if op == "convtranspose" else "same")
        pad = (tuple(d * (kk - 1) // 2 for d, kk in zip(dil, k)) if pad == "same"
               else axes(pad, rank, 0))
        bias = get("bias", "1") != "0"
        groups = int(get("groups") or 1)
        if op == "conv":
            mod = _nd("Conv", rank)(cin, int(get("out")), k, stride, pad, dil, groups, bias)
        elif op == "convtranspose":
            mod = _nd("ConvTranspose", rank)(cin, int(get("out")), k, stride, pad,
                                             axes(get("output_padding"), rank, 0),
                                             groups, bias, dil)
        elif op == "maxpool":
            mod = _nd("MaxPool", rank)(k, stride, pad, dil, ceil_mode=get("ceil_mode") == "1")
        else:
            if any(d != 1 for d in dil):
                raise Error("torch's AvgPool%dd has no dilation (dilation %s)"
                            % (rank, get("dilation")))
            mod = _nd("AvgPool", rank)(k, stride, pad, ceil_mode=get("ceil_mode") == "1")
    elif op == "gap":
        mod = _nd("AdaptiveAvgPool", rank)(1)
    elif op == "fc":
        feats = cin * math.prod(int(ref["in_" + a]) for a in spatial)
        mod = Fc(feats, int(get("out")), get("bias", "1") != "0")
    elif op == "add":
        mod = Add()
    elif op == "concat":
        mod = Concat()
    elif op == "mul":
        mod = Mul()
    elif op == "bn":
        mod = _nd("BatchNorm", rank)(cin)
    elif op == "act":
        mod = act()
    elif op == "slice":
        mod = Slice(int(get("start") or 0), int(get("out")))
    elif op == "shuffle":
        mod = Shuffle(int(get("groups")))
    elif op == "layernorm":
        mod = LayerNorm(cin, rank)
    elif op == "scale":
        mod = Scale(cin, rank)
    elif op == "upsample":
        mode = get("mode") or "nearest"
        corners = None if mode == "nearest" else False
        if get("scale"):
            factor = tuple(float(f) for f in axes(get("scale"), rank, 1))
            mod = nn.Upsample(scale_factor=factor, mode=mode, align_corners=corners)
        else:
            size = tuple(int(get(a)) for a in spatial)
            mod = nn.Upsample(size=size, mode=mode, align_corners=corners)
    else:
        raise Error("op '%s' has no torch counterpart here" % op)
    if op in ("add", "concat", "mul"):
        if relu:
            raise Error("relu_after does not take a multi-input op ('%s')" % op)
        return mod
    return Wrap(mod, nn.ReLU()) if relu else Wrap(mod)


def _need_torch():
    if torch is None:
        raise Error("%s: needs torch (Debian: apt-get install python3-torch)" % PROG)


def _planned(bksef, net, plan, workdir):
    """The network file `bksef --export-network` writes for PLAN's kernels
    (every row's k_plan pinned), in WORKDIR; checked against the plan's
    totals."""
    try:
        with open(plan, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise Error("%s:%s: cannot read the plan: %s" % (PROG, plan, getattr(e, "strerror", None) or e))
    need = ("layer", "k_plan", "total_macs_plan", "total_params_plan")
    if not rows or any(c not in rows[0] for c in need):
        raise Error("%s:%s: not a plan of bksef --batch (it needs the columns %s)"
                    % (PROG, plan, ", ".join(need)))
    # Pin every tunable convolution (bksef would otherwise choose its kernel
    # anew) and any other whose kernel the plan changes; the others keep
    # their kernel as loaded (which may be beyond a pin's 63, as M5's 80).
    loaded = {r["name"]: r["k"] for r in bksef_layers(bksef, net)}
    pins = []
    for r in rows:
        if r.get("tunable") == "1" or r["k_plan"] != loaded.get(r["layer"]):
            pins += ["--pin", "%s=%s" % (r["layer"], r["k_plan"])]
    out = os.path.join(workdir, "planned.csv")
    run_bksef(bksef, ["--batch", "-o", os.devnull, "--export-network", out] + pins + ["--", net])
    got = bksef_summary(bksef, out)
    want = rows[0]
    for key, col in (("macs", "total_macs_plan"), ("params", "total_params_plan")):
        if got.get(key) != want[col]:
            raise Error("%s:%s: the plan's kernels give %s %s on %s, but the plan says %s"
                        " (a plan of another network?)"
                        % (PROG, plan, key, got.get(key), net, want[col]))
    return out


def _build(bksef, path, act, relu_after):
    """Build the Network of network file PATH (bksef-valid) and return
    (model, bksef --layers rows)."""
    ref = bksef_layers(bksef, path)
    rows = read_network(path)
    if len(rows) != len(ref):
        raise Error("%s:%s: %d rows read here, %d by bksef" % (PROG, path, len(rows), len(ref)))
    names = [r["name"] for r in ref]
    index = {n: i for i, n in enumerate(names)}
    first = ref[0]
    rank = 1 if "in_l" in first else 3 if "in_t" in first else 2
    spatial = ("l",) if rank == 1 else ("t", "h", "w")[3 - rank:]
    input_size = [int(first["out_c"])] + [int(first["out_" + a]) for a in spatial]
    ops, sources, layers = [], [], []
    for i, (row, r) in enumerate(zip(rows, ref)):
        op = r["op"]
        src = r["inputs"].split(" ") if r["inputs"] else []
        # bksef's inputs column joins names with spaces; the file's from
        # column (names separated by spaces, bksef(5)) or the row above say
        # which.
        if op != "input":
            src = [n for n in row.get("from", "").split(" ") if n] or [names[i - 1]]
        try:
            sources.append([index[s] for s in src])
            layers.append(_make_layer(op, row, r, rank, act, op in relu_after))
        except (Error, KeyError, ValueError, RuntimeError) as e:
            raise Error("%s:%s: layer '%s' (%s): %s" % (PROG, path, names[i], op, e))
        ops.append(op)
    return Network(names, ops, sources, layers, input_size), ref


def build(net, plan=None, bksef=None, act=None, relu_after=()):
    """A torch.nn.Module for bksef network file NET (format 1 or 2), with
    the kernels of PLAN (a CSV of `bksef --batch`) applied when given.
    BKSEF: the binary (see find_bksef).  ACT: the module class for act rows
    (default torch.nn.ReLU).  RELU_AFTER: ops after whose rows a ReLU is
    added, such as ("bn",).  Raises bksef_torch.Error with a one-line
    message on a bad file or plan."""
    _need_torch()
    bksef = find_bksef(bksef)
    with tempfile.TemporaryDirectory(prefix="bksef_torch.") as tmp:
        net = network_file(bksef, net, tmp)
        path = _planned(bksef, net, plan, tmp) if plan else net
        model, _ = _build(bksef, path, act or nn.ReLU, set(relu_after))
    return model


# ---------------------------------------------------------------- counting


def count(model):
    """One forward pass of MODEL (a Network) at its input size, batch 1:
    [(output shape without the batch, MACs, parameters)] per layer, by
    bksef's counting rules (see the module's docstring)."""
    shapes, macs = {}, {}
    owner = {}
    for i, layer in enumerate(model.layers):
        for m in layer.modules():
            owner[m] = i
    hooks = []

    def conv_hook(m, inp, out):
        if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
            n = m.weight.numel() * math.prod(out.shape[2:])
        elif isinstance(m, (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)):
            n = m.weight.numel() * math.prod(inp[0].shape[2:])
        else:
            n = m.weight.numel()
        macs[owner[m]] = macs.get(owner[m], 0) + n

    def shape_hook(i):
        # an fc's N x C is bksef's C x 1 x 1
        return lambda m, inp, out: shapes.__setitem__(
            i, tuple(out.shape[1:]) + (1,) * (len(model.input_size) - out.dim() + 1))

    counted = (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d, nn.ConvTranspose2d,
               nn.ConvTranspose3d, nn.Linear)
    for i, layer in enumerate(model.layers):
        hooks.append(layer.register_forward_hook(shape_hook(i)))
        for m in layer.modules():
            if isinstance(m, counted):
                hooks.append(m.register_forward_hook(conv_hook))
    was = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(torch.zeros(1, *model.input_size))
    finally:
        for h in hooks:
            h.remove()
        model.train(was)
    return [(shapes[i], macs.get(i, 0), sum(p.numel() for p in layer.parameters()))
            for i, layer in enumerate(model.layers)]


def _shape_of(ref):
    """A --layers row's output shape as a tuple (C, then each axis)."""
    cols = ["out_c"] + [c for c in ("out_l", "out_t", "out_h", "out_w") if c in ref]
    return tuple(int(ref[c]) for c in cols)


def _fmt(shape):
    return "x".join(str(s) for s in shape)


def check(model, ref, summary, label):
    """Compare MODEL's counts with bksef's --layers rows REF and --summary
    SUMMARY; return the list of differences, one line each, naming the
    layer."""
    errs = []
    got = count(model)
    for name, (shape, macs, params), r in zip(model.names, got, ref):
        want = _shape_of(r)
        if shape != want:
            errs.append("%s: layer '%s': output shape %s, bksef says %s" % (label, name, _fmt(shape), _fmt(want)))
        if macs != int(r["macs"]):
            errs.append("%s: layer '%s': %d MACs, bksef says %s" % (label, name, macs, r["macs"]))
        if params != int(r["params"]):
            errs.append("%s: layer '%s': %d parameters, bksef says %s" % (label, name, params, r["params"]))
    totals = {"params": sum(g[2] for g in got), "macs": sum(g[1] for g in got)}
    for key, value in totals.items():
        if str(value) != summary.get(key):
            errs.append("%s: total %s %d, bksef --summary says %s" % (label, key, value, summary.get(key)))
    return errs, totals


def export_onnx(model, out):
    """Write MODEL to OUT with torch.onnx.export: opset 13, batch 1 at the
    network's input size, training mode (batch normalisation kept, not
    folded into the convolutions)."""
    import warnings
    model.eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, torch.zeros(1, *model.input_size), out, opset_version=OPSET,
                          training=torch.onnx.TrainingMode.TRAINING,
                          input_names=["input"], output_names=["output"])


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="bksef_torch.py",
        description="Build a torch.nn.Module from a bksef network file (and a plan), "
                    "check it against bksef's counts, export it to ONNX.")
    ap.add_argument("network", help="a bksef network file (bksef(5))")
    ap.add_argument("--plan", help="a plan CSV of bksef --batch: its kernels are applied")
    ap.add_argument("--check", action="store_true",
                    help="compare every layer's shape, MACs and parameters with bksef's")
    ap.add_argument("--onnx", metavar="OUT.onnx", help="export the model to OUT.onnx (opset 13)")
    ap.add_argument("--bksef", help="the bksef binary (default: $BKSEF, ../src/bksef, bksef)")
    args = ap.parse_args(argv)
    try:
        _need_torch()
        bksef = find_bksef(args.bksef)
        with tempfile.TemporaryDirectory(prefix="bksef_torch.") as tmp:
            net = network_file(bksef, args.network, tmp)
            path = _planned(bksef, net, args.plan, tmp) if args.plan else net
            label = args.network + (" with " + args.plan if args.plan else "")
            model, ref = _build(bksef, path, nn.ReLU, set())
            nparams = sum(p.numel() for p in model.parameters())
            print("%s: %d layers, input %s, %d parameters" % (label, len(model.names),
                                                             _fmt(model.input_size), nparams))
            errs = []
            summary = bksef_summary(bksef, path) if args.check else None
            if args.check:
                try:
                    errs, totals = check(model, ref, summary, label)
                except RuntimeError as e:
                    raise Error("%s:%s: torch's forward pass failed: %s" % (PROG, label, str(e).splitlines()[0]))
                if not errs:
                    print("check: %d layers' output shapes, MACs and parameters equal to bksef --layers"
                          % len(ref))
                    print("check: params %d, macs %d, equal to bksef --summary"
                          % (totals["params"], totals["macs"]))
            if args.onnx:
                try:
                    export_onnx(model, args.onnx)
                except Exception as e:  # torch's exporter raises many kinds
                    raise Error("%s:%s: torch.onnx.export failed: %s"
                                % (PROG, args.onnx, str(e).splitlines()[0] if str(e) else type(e).__name__))
                print("onnx: wrote %s (opset %d)" % (args.onnx, OPSET))
                if args.check:
                    back = bksef_summary(bksef, args.onnx)
                    for key in ("params", "macs", "flops", "rf"):
                        if back.get(key) != summary.get(key):
                            errs.append("%s: bksef --summary of the export gives %s %s, the network %s"
                                        % (args.onnx, key, back.get(key), summary.get(key)))
                    if not errs[-1:] or not errs[-1].startswith(args.onnx):
                        print("onnx: bksef --summary %s: params %s, macs %s, flops %s, rf %s: equal"
                              % (args.onnx, back["params"], back["macs"], back["flops"], back["rf"]))
        for e in errs:
            print("%s:%s" % (PROG, e), file=sys.stderr)
        if errs:
            return 1
    except Error as e:
        print(e, file=sys.stderr)
        return 1
    except Exception as e:  # never a traceback: one line, status 1
        print("%s: %s: %s" % (PROG, type(e).__name__, str(e).splitlines()[0] if str(e) else ""),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
