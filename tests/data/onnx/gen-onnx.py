#!/usr/bin/env python3
"""gen-onnx.py -- write the tiny ONNX models of tests/data/onnx/ that
tests/unit/test_onnx.c reads, with onnx.helper (Debian: python3-onnx; no
torch).  The .onnx files are committed, so `make check` needs no Python;
run this again (from any folder) only to change them:

    python3 tests/data/onnx/gen-onnx.py

Debian's onnx 1.12 knows opsets up to 17.  The opset 18 to 21 models are
HAND-BUILT: written with onnx.helper without its checker (which would
refuse opsets it does not know), their producer_name says so, and their
nodes follow the operator documentation of those opsets (ReduceMean's axes
as an input at 18, Resize at 19, Gelu at 20, INT4 tensors at 21).  The
others pass onnx.checker.

Every value the unit test checks is a constant below; the test repeats
them, citing this file, and never takes them from the reader's output.
The output is deterministic: the same script writes the same bytes.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
PRODUCER = "bksef gen-onnx.py"
HAND_BUILT = "bksef gen-onnx.py (hand-built with onnx.helper, unchecked)"

# The Conv-BN-Relu-GAP-Gemm net: input 1x3x8x8, a 3x3 conv of 4 filters,
# BatchNorm, Relu, global average pool, a Gemm to 5 classes.
IN_SHAPE = [1, 3, 8, 8]
CONV_OUT = 4
CLASSES = 5


def arange(shape, scale=0.01):
    """Deterministic float32 weights: 0, 0.01, 0.02, ..."""
    n = int(np.prod(shape)) if shape else 1
    return (np.arange(n, dtype=np.float32) * np.float32(scale)).reshape(shape)


def init(name, array):
    """An initializer from a numpy array (numpy_helper: raw_data)."""
    return numpy_helper.from_array(array, name)


def conv_bn_inits(prefix=""):
    return [
        init(prefix + "conv.weight", arange([CONV_OUT, 3, 3, 3])),
        init(prefix + "conv.bias", arange([CONV_OUT])),
        init(prefix + "bn.scale", np.ones([CONV_OUT], np.float32)),
        init(prefix + "bn.bias", np.zeros([CONV_OUT], np.float32)),
        init(prefix + "bn.mean", np.zeros([CONV_OUT], np.float32)),
        init(prefix + "bn.var", np.ones([CONV_OUT], np.float32)),
    ]


def conv_node(inp, out, pads):
    return helper.make_node(
        "Conv", [inp, "conv.weight", "conv.bias"], [out], name="conv1",
        kernel_shape=[3, 3], strides=[1, 1], pads=pads, dilations=[1, 1], group=1)


def bn_node(inp, out):
    return helper.make_node(
        "BatchNormalization", [inp, "bn.scale", "bn.bias", "bn.mean", "bn.var"], [out],
        name="bn1", epsilon=1e-5, momentum=0.9)


def gemm_part(inp, out):
    """Gemm to CLASSES: its weight in float_data (typed, not raw_data), so
    that both payload encodings are read."""
    w = helper.make_tensor("fc.weight", TensorProto.FLOAT, [CLASSES, CONV_OUT],
                           arange([CLASSES, CONV_OUT]).flatten().tolist(), raw=False)
    b = init("fc.bias", np.zeros([CLASSES], np.float32))
    node = helper.make_node("Gemm", [inp, "fc.weight", "fc.bias"], [out], name="fc",
                            alpha=1.0, beta=1.0, transB=1)
    return node, [w, b]


def save(model, name, check=True):
    if check:
        onnx.checker.check_model(model)
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    print("wrote", path)


def model_of(graph, opset, producer=PRODUCER, ir_version=8):
    """A ModelProto of GRAPH importing the default domain at OPSET; IR
    version 8 unless told (onnx 1.12's own), producer_version "1"."""
    m = helper.make_model(graph, producer_name=producer,
                          opset_imports=[helper.make_opsetid("", opset)])
    m.producer_version = "1"
    m.ir_version = ir_version
    return m


def io(name, shape, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, shape)


def cbr_opset11():
    """Opset 11: Pad's pads and Clip's min/max became inputs.  Pad (pads
    as an int64 initializer, begins then ends) -> Conv without padding ->
    BN -> Clip(0, 6) -> GAP -> Flatten -> Gemm."""
    pads = init("pad.pads", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))
    cmin = init("clip.min", np.array(0.0, np.float32))
    cmax = init("clip.max", np.array(6.0, np.float32))
    fc, fc_inits = gemm_part("flat", "logits")
    nodes = [
        helper.make_node("Pad", ["input", "pad.pads"], ["padded"], name="pad", mode="constant"),
        conv_node("padded", "conv1.out", [0, 0, 0, 0]),
        bn_node("conv1.out", "bn1.out"),
        helper.make_node("Clip", ["bn1.out", "clip.min", "clip.max"], ["relu6"], name="clip"),
        helper.make_node("GlobalAveragePool", ["relu6"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten", axis=1),
        fc,
    ]
    g = helper.make_graph(nodes, "cbr11", [io("input", IN_SHAPE)],
                          [io("logits", [1, CLASSES])],
                          initializer=[pads] + conv_bn_inits() + [cmin, cmax] + fc_inits)
    save(model_of(g, 11), "cbr-op11.onnx")


def cbr_opset13():
    """Opset 13: Squeeze's axes and Split's split became inputs.  Conv
    (pads 1) -> BN -> Relu -> GAP -> Squeeze(axes [2, 3]) -> Gemm ->
    Split([2, 3], axis 1) -> Concat(axis 1)."""
    axes = init("squeeze.axes", np.array([2, 3], np.int64))
    split = init("split.sizes", np.array([2, 3], np.int64))
    fc, fc_inits = gemm_part("squeezed", "fc.out")
    nodes = [
        conv_node("input", "conv1.out", [1, 1, 1, 1]),
        bn_node("conv1.out", "bn1.out"),
        helper.make_node("Relu", ["bn1.out"], ["relu1"], name="relu1"),
        helper.make_node("GlobalAveragePool", ["relu1"], ["gap"], name="gap"),
        helper.make_node("Squeeze", ["gap", "squeeze.axes"], ["squeezed"], name="squeeze"),
        fc,
        helper.make_node("Split", ["fc.out", "split.sizes"], ["part0", "part1"], name="split",
                         axis=1),
        helper.make_node("Concat", ["part0", "part1"], ["logits"], name="concat", axis=1),
    ]
    g = helper.make_graph(nodes, "cbr13", [io("input", IN_SHAPE)],
                          [io("logits", [1, CLASSES])],
                          initializer=conv_bn_inits() + [axes, split] + fc_inits)
    save(model_of(g, 13), "cbr-op13.onnx")


def cbr_opset17():
    """Opset 17: LayerNormalization is new.  Conv -> BN -> Relu -> GAP ->
    Reshape to [1, 4] (its shape from a Constant node whose tensor is in
    int64_data) -> Gemm -> LayerNormalization(axis -1)."""
    shape = helper.make_tensor("", TensorProto.INT64, [2], [1, CONV_OUT], raw=False)
    ln_scale = init("ln.scale", np.ones([CLASSES], np.float32))
    ln_bias = init("ln.bias", np.zeros([CLASSES], np.float32))
    fc, fc_inits = gemm_part("flat", "fc.out")
    nodes = [
        conv_node("input", "conv1.out", [1, 1, 1, 1]),
        bn_node("conv1.out", "bn1.out"),
        helper.make_node("Relu", ["bn1.out"], ["relu1"], name="relu1"),
        helper.make_node("GlobalAveragePool", ["relu1"], ["gap"], name="gap"),
        helper.make_node("Constant", [], ["shape"], name="shape_const", value=shape),
        helper.make_node("Reshape", ["gap", "shape"], ["flat"], name="reshape"),
        fc,
        helper.make_node("LayerNormalization", ["fc.out", "ln.scale", "ln.bias"], ["logits"],
                         name="ln", axis=-1, epsilon=1e-5),
    ]
    g = helper.make_graph(nodes, "cbr17", [io("input", IN_SHAPE)],
                          [io("logits", [1, CLASSES])],
                          initializer=conv_bn_inits() + fc_inits + [ln_scale, ln_bias])
    # value_info for an inner value, as shape inference would add
    g.value_info.append(io("gap", [1, CONV_OUT, 1, 1]))
    save(model_of(g, 17), "cbr-op17.onnx")


def cbr_folded_bn():
    """Folded BN, as torch.onnx.export writes a Conv-BN-Relu net in eval
    mode (do_constant_folding): BatchNorm's scale and shift folded into the
    conv's weight and bias, so no BatchNormalization node is left.  Conv
    (pads 1, bias) -> Relu -> GAP -> Flatten -> Gemm at opset 13; the
    folded bias is not zero (0.5 each)."""
    w = init("conv.weight", arange([CONV_OUT, 3, 3, 3]))
    b = init("conv.bias", np.full([CONV_OUT], 0.5, np.float32))
    fc, fc_inits = gemm_part("flat", "logits")
    nodes = [
        conv_node("input", "conv1.out", [1, 1, 1, 1]),
        helper.make_node("Relu", ["conv1.out"], ["relu1"], name="relu1"),
        helper.make_node("GlobalAveragePool", ["relu1"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten", axis=1),
        fc,
    ]
    g = helper.make_graph(nodes, "folded", [io("input", IN_SHAPE)],
                          [io("logits", [1, CLASSES])], initializer=[w, b] + fc_inits)
    save(model_of(g, 13), "cbr-folded-bn.onnx")


def handbuilt_opset18():
    """HAND-BUILT, opset 18: ReduceMean's axes is an input."""
    axes = init("axes", np.array([2, 3], np.int64))
    nodes = [helper.make_node("ReduceMean", ["x", "axes"], ["y"], name="mean", keepdims=1)]
    g = helper.make_graph(nodes, "reduce18", [io("x", [1, 8, 4, 4])], [io("y", [1, 8, 1, 1])],
                          initializer=[axes])
    save(model_of(g, 18, HAND_BUILT, ir_version=8), "handbuilt-op18-reduce.onnx", check=False)


def handbuilt_opset19():
    """HAND-BUILT, opset 19: Resize with an omitted roi input ("") and
    scales as an input."""
    scales = init("scales", np.array([1.0, 1.0, 2.0, 2.0], np.float32))
    nodes = [helper.make_node("Resize", ["x", "", "scales"], ["y"], name="up", mode="nearest",
                              coordinate_transformation_mode="asymmetric",
                              nearest_mode="floor")]
    g = helper.make_graph(nodes, "resize19", [io("x", [1, 2, 4, 4])], [io("y", [1, 2, 8, 8])],
                          initializer=[scales])
    save(model_of(g, 19, HAND_BUILT, ir_version=9), "handbuilt-op19-resize.onnx", check=False)


def handbuilt_opset20():
    """HAND-BUILT, opset 20: Gelu (new at 20) with approximate="tanh"."""
    nodes = [helper.make_node("Gelu", ["x"], ["y"], name="gelu", approximate="tanh")]
    g = helper.make_graph(nodes, "gelu20", [io("x", [1, 16])], [io("y", [1, 16])])
    save(model_of(g, 20, HAND_BUILT, ir_version=9), "handbuilt-op20-gelu.onnx", check=False)


def handbuilt_opset21():
    """HAND-BUILT, opset 21: an INT4 weight (data type 22, two values a
    byte: 4 x 6 values in 12 bytes of raw_data) dequantized and used by a
    MatMul; IR version 10."""
    w = TensorProto()
    w.name = "w.int4"
    w.data_type = 22  # INT4, unknown to onnx 1.12
    w.dims.extend([4, 6])
    w.raw_data = bytes(range(12))
    scale = init("w.scale", np.array(0.5, np.float32))
    nodes = [
        helper.make_node("DequantizeLinear", ["w.int4", "w.scale"], ["w"], name="dq"),
        helper.make_node("MatMul", ["x", "w"], ["y"], name="mm"),
    ]
    g = helper.make_graph(nodes, "int4_21", [io("x", [2, 4])], [io("y", [2, 6])],
                          initializer=[w, scale])
    save(model_of(g, 21, HAND_BUILT, ir_version=10), "handbuilt-op21-int4.onnx", check=False)


def external_data():
    """Conv with its weight in external data: data_location = EXTERNAL and
    a location that does not exist, which the reader must never open."""
    w = TensorProto()
    w.name = "conv.weight"
    w.data_type = TensorProto.FLOAT
    w.dims.extend([8, 3, 5, 5])
    w.data_location = TensorProto.EXTERNAL
    for k, v in (("location", "no-such-weights.bin"), ("offset", "0"), ("length", "2400")):
        e = w.external_data.add()
        e.key = k
        e.value = v
    nodes = [helper.make_node("Conv", ["input", "conv.weight"], ["y"], name="conv",
                              kernel_shape=[5, 5], pads=[2, 2, 2, 2])]
    g = helper.make_graph(nodes, "external", [io("input", [1, 3, 16, 16])],
                          [io("y", [1, 8, 16, 16])], initializer=[w])
    # The checker would look for the data file: not checked.
    save(model_of(g, 13), "external-data.onnx", check=False)


def symbolic_batch():
    """Symbolic dims: input [N, 3, 8, 8] with N a dim_param, the output's
    batch too; the output's width given neither as a number nor a symbol."""
    w = init("conv.weight", arange([4, 3, 1, 1]))
    nodes = [helper.make_node("Conv", ["input", "conv.weight"], ["y"], name="conv",
                              kernel_shape=[1, 1])]
    out = io("y", ["N", 4, 8, None])
    g = helper.make_graph(nodes, "symbolic", [io("input", ["N", 3, 8, 8])], [out],
                          initializer=[w])
    save(model_of(g, 13), "symbolic-batch.onnx")


def inits_as_inputs():
    """An old exporter's model (IR version 3, opset 7): every initializer
    is also listed among the graph inputs."""
    inits = conv_bn_inits()
    nodes = [
        conv_node("input", "conv1.out", [1, 1, 1, 1]),
        bn_node("conv1.out", "bn1.out"),
        helper.make_node("Relu", ["bn1.out"], ["y"], name="relu1"),
    ]
    inputs = [io("input", IN_SHAPE)] + [io(t.name, list(t.dims)) for t in inits]
    g = helper.make_graph(nodes, "old", inputs, [io("y", [1, CONV_OUT, 8, 8])],
                          initializer=inits)
    save(model_of(g, 7, ir_version=3), "inits-as-inputs.onnx")


def if_node():
    """An If node: its branches are graphs, which bksef refuses."""
    then_g = helper.make_graph([helper.make_node("Identity", ["x"], ["t"], name="then_id")],
                               "then", [], [io("t", [1])])
    else_g = helper.make_graph([helper.make_node("Neg", ["x"], ["e"], name="else_neg")],
                               "else", [], [io("e", [1])])
    nodes = [helper.make_node("If", ["cond"], ["y"], name="choose", then_branch=then_g,
                              else_branch=else_g)]
    g = helper.make_graph(nodes, "if", [io("cond", [], TensorProto.BOOL), io("x", [1])],
                          [io("y", [1])])
    save(model_of(g, 13), "if-node.onnx")


def main():
    if onnx.__version__.split(".")[:2] != ["1", "12"]:
        print("note: written with onnx", onnx.__version__, "(the committed files: 1.12)",
              file=sys.stderr)
    cbr_opset11()
    cbr_opset13()
    cbr_opset17()
    cbr_folded_bn()
    handbuilt_opset18()
    handbuilt_opset19()
    handbuilt_opset20()
    handbuilt_opset21()
    external_data()
    symbolic_batch()
    inits_as_inputs()
    if_node()


if __name__ == "__main__":
    main()
