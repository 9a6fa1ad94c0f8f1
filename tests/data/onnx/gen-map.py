#!/usr/bin/env python3
"""gen-map.py -- write the small ONNX models of tests/data/onnx/map/ that
tests/cli/onnx-map.sh maps: one per fused pattern, per opset family, per
blocker, symbolic dims and the naming rule.  Built with onnx.helper (Debian:
python3-onnx; no torch); the files are committed, so `make check` needs no
Python.  Run it again (from any folder) only to change them:

    python3 tests/data/onnx/gen-map.py

The expected totals are worked out by hand in each function's docstring;
tests/cli/onnx-map.sh repeats them, citing this file.  Weights are zeros
(their values do not matter, only their dims).
"""

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "map")
PRODUCER = "bksef gen-map.py"


def init(name, shape, dtype=np.float32):
    return numpy_helper.from_array(np.zeros(shape, dtype), name)


def ints(name, values):
    return numpy_helper.from_array(np.array(values, np.int64), name)


def scalar(name, v):
    return numpy_helper.from_array(np.array(v, np.float32), name)


def io(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def save(nodes, inits, name, opset, inputs=None, outputs=None, check=True, domains=()):
    g = helper.make_graph(nodes, name.replace(".onnx", ""),
                          inputs or [io("x", [1, 3, 8, 8])],
                          outputs or [io("y", [1, 5])], inits)
    m = helper.make_model(g, producer_name=PRODUCER,
                          opset_imports=[helper.make_opsetid("", opset)] +
                          [helper.make_opsetid(d, 1) for d in domains])
    m.producer_version = "1"
    m.ir_version = 8
    if check:
        onnx.checker.check_model(m)
    os.makedirs(HERE, exist_ok=True)
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(m.SerializeToString())
    print("wrote", name)


def conv(inp, out, cin, cout, k=3, pad=1, name=None, bias=True, **kw):
    """A conv node and its inits; weight 'OUT.w', bias 'OUT.b'."""
    ins = [inp, out + ".w"] + ([out + ".b"] if bias else [])
    node = helper.make_node("Conv", ins, [out], name=name or out, kernel_shape=[k, k],
                            pads=[pad] * 4, **kw)
    return node, [init(out + ".w", [cout, cin // kw.get("group", 1), k, k])] + (
        [init(out + ".b", [cout])] if bias else [])


def head(inp, c, out="y"):
    """GAP -> Flatten -> Gemm to 5: C*5 + 5 params, C*5 MACs."""
    return [
        helper.make_node("GlobalAveragePool", [inp], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["flat"], name="flatten", axis=1),
        helper.make_node("Gemm", ["flat", "fc.w", "fc.b"], [out], name="fc", transB=1),
    ], [init("fc.w", [5, c]), init("fc.b", [5])]


# The conv of most models: 3 -> 4, 3x3, pad 1, bias, on 3x8x8:
# params 4*3*9 + 4 = 112, MACs 8*8*4*27 = 6912.  With head(4): params
# 112 + 25 = 137, MACs 6912 + 20 = 6932, rf 3.


def act_chain(name, opset, chain):
    """conv -> CHAIN (one act) -> head: params 137, MACs 6932, 5 layers
    (input, conv, act, gap, fc)."""
    c, ci = conv("x", "c1", 3, 4)
    h, hi = head("a", 4)
    nodes, inits = chain("c1", "a")
    save([c] + nodes + h, ci + hi + inits, name, opset)


def silu(x, out):
    return [helper.make_node("Sigmoid", [x], ["s"], name="sig"),
            helper.make_node("Mul", [x, "s"], [out], name="silu")], []


def hardswish13(x, out):
    return [helper.make_node("HardSigmoid", [x], ["hs"], name="hsig", alpha=1 / 6, beta=0.5),
            helper.make_node("Mul", [x, "hs"], [out], name="hswish")], []


def hardswish14(x, out):
    return [helper.make_node("HardSwish", [x], [out], name="hswish")], []


def gelu_erf(x, out):
    return [helper.make_node("Div", [x, "sqrt2"], ["d"], name="div"),
            helper.make_node("Erf", ["d"], ["e"], name="erf"),
            helper.make_node("Add", ["e", "one"], ["e1"], name="add1"),
            helper.make_node("Mul", [x, "e1"], ["m"], name="mul"),
            helper.make_node("Mul", ["m", "half"], [out], name="half")], [
        scalar("sqrt2", 1.4142135), scalar("one", 1.0), scalar("half", 0.5)]


def clip11(x, out):
    return [helper.make_node("Clip", [x, "lo", "hi"], [out], name="relu6")], [
        scalar("lo", 0.0), scalar("hi", 6.0)]


def se():
    """Squeeze-excitation: conv 3->8 (224 params, 8*8*8*27 = 13824 MACs),
    GAP, 1x1 conv 8->2 (18 params, 16 MACs), Relu, 1x1 conv 2->8 (24, 16),
    Sigmoid, Mul(x, gate) -> a mul row; then head(8): 45 params, 40 MACs.
    Totals: params 224+18+24+45 = 311, MACs 13824+16+16+40 = 13896."""
    c, ci = conv("x", "c1", 3, 8)
    f1, f1i = conv("p", "fc1", 8, 2, k=1, pad=0)
    f2, f2i = conv("r", "fc2", 2, 8, k=1, pad=0)
    h, hi = head("g", 8)
    nodes = [c, helper.make_node("GlobalAveragePool", ["c1"], ["p"], name="squeeze"), f1,
             helper.make_node("Relu", ["fc1"], ["r"], name="relu"), f2,
             helper.make_node("Sigmoid", ["fc2"], ["sg"], name="sigmoid"),
             helper.make_node("Mul", ["c1", "sg"], ["g"], name="excite")] + h
    save(nodes, ci + f1i + f2i + hi, "se-op13.onnx", 13)


def layernorm(opset):
    """ConvNeXt-like: conv 3->4 (112, 6912), Transpose to channels last,
    layer norm over the 4 channels (8 params), MatMul 4->6 + Add bias (a 1x1
    conv: 24 + 6 = 30 params, 8*8*4*6 = 1536 MACs), Transpose back, head(6)
    (35, 30).  Totals: params 112+8+30+35 = 185, MACs 6912+1536+30 = 8478.
    Opset 17: one LayerNormalization node; before: the ReduceMean chain."""
    c, ci = conv("x", "c1", 3, 4)
    nodes = [c, helper.make_node("Transpose", ["c1"], ["t"], name="to_nhwc", perm=[0, 2, 3, 1])]
    inits = ci + [init("ln.w", [4]), init("ln.b", [4]), init("lin.w", [4, 6]),
                  init("lin.b", [6])]
    if opset >= 17:
        nodes.append(helper.make_node("LayerNormalization", ["t", "ln.w", "ln.b"], ["ln"],
                                      name="ln", axis=-1, epsilon=1e-6))
    else:
        nodes += [
            helper.make_node("ReduceMean", ["t"], ["mu"], name="mean", axes=[-1]),
            helper.make_node("Sub", ["t", "mu"], ["xc"], name="sub"),
            helper.make_node("Pow", ["xc", "two"], ["sq"], name="pow"),
            helper.make_node("ReduceMean", ["sq"], ["var"], name="var", axes=[-1]),
            helper.make_node("Add", ["var", "eps"], ["ve"], name="addeps"),
            helper.make_node("Sqrt", ["ve"], ["sd"], name="sqrt"),
            helper.make_node("Div", ["xc", "sd"], ["nx"], name="div"),
            helper.make_node("Mul", ["nx", "ln.w"], ["nw"], name="scale"),
            helper.make_node("Add", ["nw", "ln.b"], ["ln"], name="shift"),
        ]
        inits += [scalar("two", 2.0), scalar("eps", 1e-6)]
    nodes += [helper.make_node("MatMul", ["ln", "lin.w"], ["mm"], name="pwconv"),
              helper.make_node("Add", ["mm", "lin.b"], ["mb"], name="pwbias"),
              helper.make_node("Transpose", ["mb"], ["back"], name="to_nchw", perm=[0, 3, 1, 2])]
    h, hi = head("back", 6)
    save(nodes + h, inits + hi, "layernorm-op%d.onnx" % opset, opset)


def shuffle():
    """ShuffleNet-like: conv 3->4 (112, 6912), Split into 2+2 channels
    (two slice rows), Concat, channel shuffle in 2 groups (Reshape to
    [1,2,2,8,8] from a Shape -> Gather -> Unsqueeze -> Concat subgraph,
    Transpose, Reshape to [1,-1,8,8]), head(4) (25, 20).  Totals: params
    137, MACs 6932."""
    c, ci = conv("x", "c1", 3, 4)
    nodes = [c,
             helper.make_node("Split", ["c1", "split"], ["a", "b"], name="split", axis=1),
             helper.make_node("Concat", ["b", "a"], ["cat"], name="cat", axis=1),
             helper.make_node("Shape", ["cat"], ["shp"], name="shape"),
             helper.make_node("Gather", ["shp", "zero"], ["n"], name="batch", axis=0),
             helper.make_node("Unsqueeze", ["n", "ax0"], ["n1"], name="unsq"),
             helper.make_node("Concat", ["n1", "rest"], ["s5"], name="shape5", axis=0),
             helper.make_node("Reshape", ["cat", "s5"], ["g"], name="group"),
             helper.make_node("Transpose", ["g"], ["gt"], name="swap", perm=[0, 2, 1, 3, 4]),
             helper.make_node("Reshape", ["gt", "s4"], ["sh"], name="shuffle")]
    h, hi = head("sh", 4)
    save(nodes + h, ci + hi + [ints("split", [2, 2]), ints("zero", 0), ints("ax0", [0]),
                               ints("rest", [2, 2, 8, 8]), ints("s4", [1, -1, 8, 8])],
         "shuffle-op13.onnx", 13)


def same_upper():
    """auto_pad SAME_UPPER, stride 1, 3x3: 2 pixels in all, 1 a side, which
    the format can write (pad 1).  Totals as the conv + head: 137, 6932."""
    c = helper.make_node("Conv", ["x", "c1.w", "c1.b"], ["c1"], name="c1",
                         kernel_shape=[3, 3], auto_pad="SAME_UPPER")
    h, hi = head("c1", 4)
    save([c] + h, [init("c1.w", [4, 3, 3, 3]), init("c1.b", [4])] + hi, "same-upper-op13.onnx", 13)


def blockers():
    """Five blockers, each on its own branch from the input, listed at once
    in node order; the nodes fed only by refused ones are not listed:
      node 0 (Conv 'asym'): asymmetric pads [0, 0, 1, 1]
      node 2 (Resize 'up'): mode cubic (the format's upsample is nearest or
        linear)
      node 4 (Custom 'custom'): custom domain 'com.example'
      node 6 (QuantizeLinear 'quant'): quantized
      node 8 (ConvTranspose 'deconv'): asymmetric pads [0, 0, 1, 1]
    and the Relu after each (nodes 1, 3, 5, 7, 9) is not listed."""
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["a"], name="asym", kernel_shape=[3, 3],
                         pads=[0, 0, 1, 1]),
        helper.make_node("Relu", ["a"], ["a1"], name="r0"),
        helper.make_node("Resize", ["x", "", "scales"], ["b"], name="up", mode="cubic"),
        helper.make_node("Relu", ["b"], ["b1"], name="r1"),
        helper.make_node("Custom", ["x"], ["c"], name="custom", domain="com.example"),
        helper.make_node("Relu", ["c"], ["c1"], name="r2"),
        helper.make_node("QuantizeLinear", ["x", "qs"], ["d"], name="quant"),
        helper.make_node("Relu", ["d"], ["d1"], name="r3"),
        helper.make_node("ConvTranspose", ["x", "wt"], ["e"], name="deconv", kernel_shape=[2, 2],
                         strides=[2, 2], pads=[0, 0, 1, 1]),
        helper.make_node("Relu", ["e"], ["e1"], name="r4"),
    ]
    inits = [init("w", [4, 3, 3, 3]), scalar("qs", 0.1),
             numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "scales"),
             init("wt", [3, 4, 2, 2])]
    outs = [io(n, [1]) for n in ("a1", "b1", "c1", "d1", "e1")]
    save(nodes, inits, "blockers-op13.onnx", 13, outputs=outs, check=False,
         domains=("com.example",))


def conv1d():
    """A 1-D network on [1, 2, 16]: Conv 2->4, k 3, pad 1, bias (params
    4*2*3 + 4 = 28, MACs 16*4*2*3 = 384); MaxPool k 2 s 2 (L 8); Conv 4->4,
    k 3, dilation 2, no pad, no bias (L 8 - 4 = 4; params 48, MACs
    4*4*4*3 = 192); head(4) (25, 20).  Totals: params 101, MACs 596, 6
    layers; rf 3, then 3 + 1 = 4 (jump 2), then 4 + 2*2*2 = 12.
    At --input-size 2x32: L 32, 16, 12: MACs 32*24 + 12*48 + 20 = 1364."""
    nodes = [
        helper.make_node("Conv", ["x", "c1.w", "c1.b"], ["c1"], name="c1", kernel_shape=[3],
                         pads=[1, 1]),
        helper.make_node("MaxPool", ["c1"], ["p"], name="pool", kernel_shape=[2], strides=[2]),
        helper.make_node("Conv", ["p", "c2.w"], ["c2"], name="c2", kernel_shape=[3],
                         dilations=[2]),
    ]
    h, hi = head("c2", 4)
    save(nodes + h, [init("c1.w", [4, 2, 3]), init("c1.b", [4]), init("c2.w", [4, 4, 3])] + hi,
         "conv1d-op13.onnx", 13, inputs=[io("x", [1, 2, 16])])


def conv3d():
    """A 3-D network on [1, 2, 4, 8, 8]: Conv 2->4, kernel 1x3x3, stride
    1x2x2, pads 0x1x1, no bias (out 4x4x4; params 4*2*9 = 72, MACs
    64*4*18 = 4608); BatchNormalization (8); Relu; AveragePool 2x2x2 stride
    2 (2x2x2); head(4) (25, 20).  Totals: params 105, MACs 4628, 7 layers;
    rf t 1 then 2, h and w 3 (jump 2) then 3 + 2 = 5: 5 (t 2, h 5, w 5).
    At --input-size 2x2x4x4: conv out 2x2x2, MACs 8*72 + 20 = 596 (rf the same)."""
    nodes = [
        helper.make_node("Conv", ["x", "c1.w"], ["c1"], name="c1", kernel_shape=[1, 3, 3],
                         strides=[1, 2, 2], pads=[0, 1, 1, 0, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "bn.s", "bn.b", "bn.m", "bn.v"], ["bn"],
                         name="bn"),
        helper.make_node("Relu", ["bn"], ["r"], name="relu"),
        helper.make_node("AveragePool", ["r"], ["p"], name="pool", kernel_shape=[2, 2, 2],
                         strides=[2, 2, 2]),
    ]
    h, hi = head("p", 4)
    save(nodes + h, [init("c1.w", [4, 2, 1, 3, 3])] +
         [init("bn." + k, [4]) for k in "sbmv"] + hi,
         "conv3d-op13.onnx", 13, inputs=[io("x", [1, 2, 4, 8, 8])])


def convtranspose():
    """ConvTranspose 4->6, group 2, kernel 3, stride 2, pads 1, output_padding
    1, bias, on [1, 4, 4, 4]: out (4-1)*2 - 2 + 2 + 1 + 1 = 8 (8x8); params
    9*2*6 + 6 = 114, MACs over the input's positions 9*2*6*16 = 1728;
    head(6) (35, 30).  Totals: params 149, MACs 1758, 4 layers; rf: of its
    3 taps on the stride-2 grid floor(2/2) + 1 = 2 fall on input pixels:
    r = 1 + 1 = 2."""
    nodes = [helper.make_node("ConvTranspose", ["x", "t.w", "t.b"], ["t"], name="t",
                              kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                              output_padding=[1, 1], group=2)]
    h, hi = head("t", 6)
    save(nodes + h, [init("t.w", [4, 3, 3, 3]), init("t.b", [6])] + hi,
         "convtranspose-op13.onnx", 13, inputs=[io("x", [1, 4, 4, 4])])


def up_conv(first):
    """FIRST (an upsample by 2 of [1, 2, 4, 4]) -> Conv 2->4 3x3 pad 1 bias
    on 8x8 (params 4*2*9 + 4 = 76, MACs 64*4*18 = 4608)."""
    c, ci = conv("u", "c1", 2, 4)
    return first + [c], ci


def resize():
    """Opset 13: Resize nearest (asymmetric, floor: torch's) by scales
    [1, 1, 2, 2] of [1, 2, 4, 4]; conv 2->4 (76, 4608); Resize linear
    (pytorch_half_pixel: torch's align_corners=False) to sizes [1, 4, 12,
    12]; head(4) (25, 20).  Totals: params 101, MACs 4628, 6 layers; rf:
    nearest keeps r = 1 (jump 1/2); the conv adds ceil(2 * 1/2) = 1: 2; the
    linear upsample keeps it: 2."""
    nodes, inits = up_conv([helper.make_node(
        "Resize", ["x", "", "s2"], ["u"], name="up", mode="nearest",
        coordinate_transformation_mode="asymmetric", nearest_mode="floor")])
    nodes.append(helper.make_node("Resize", ["c1", "", "", "sz"], ["l"], name="lin",
                                  mode="linear",
                                  coordinate_transformation_mode="pytorch_half_pixel"))
    h, hi = head("l", 4)
    save(nodes + h, inits + hi + [
        numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "s2"),
        ints("sz", [1, 4, 12, 12])], "resize-op13.onnx", 13, inputs=[io("x", [1, 2, 4, 4])])


def upsample(opset):
    """Upsample nearest by [1, 1, 2, 2] (opset 7: the scales attribute; 9:
    an input) of [1, 2, 4, 4]; conv 2->4 (76, 4608); head(4) (25, 20).
    Totals: params 101, MACs 4628, 5 layers, rf 2 (as resize())."""
    if opset < 9:
        up = helper.make_node("Upsample", ["x"], ["u"], name="up", mode="nearest",
                              scales=[1.0, 1.0, 2.0, 2.0])
        extra = []
    else:
        up = helper.make_node("Upsample", ["x", "s2"], ["u"], name="up", mode="nearest")
        extra = [numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "s2")]
    nodes, inits = up_conv([up])
    h, hi = head("c1", 4)
    save(nodes + h, inits + hi + extra, "upsample-op%d.onnx" % opset, opset,
         inputs=[io("x", [1, 2, 4, 4])], check=False)


def resize_blockers():
    """Every upsampling or transposed conv the format cannot say, each on its
    own branch from [1, 3, 8, 8], listed at once:
      node 0 (Resize 'lin-asym'): linear with asymmetric coordinates
      node 1 (Resize 'near-half'): nearest, half_pixel, to 12x12 (not a
        whole factor of 8)
      node 2 (Resize 'frac'): nearest asymmetric floor by 1.5
      node 3 (Resize 'chan'): scales the channels (2)
      node 4 (ConvTranspose 'opad'): output_padding 2, stride 2
      node 5 (ConvTranspose 'oshape'): output_shape 16x16 from 8x8, kernel 3,
        stride 2: (8-1)*2 + 3 = 17, 1 of padding in all (odd)
      node 7 (ConvTranspose 'padded'): after a Pad (node 6, not listed: a
        zero Pad is fused only into a conv or pool)"""
    inits = []
    for name, v in (("s2", [1, 1, 2, 2]), ("s15", [1, 1, 1.5, 1.5]), ("sc", [1, 2, 2, 2])):
        inits.append(numpy_helper.from_array(np.array(v, np.float32), name))
    inits += [ints("sz", [1, 3, 12, 12]), init("w2", [3, 4, 2, 2]), init("w3", [3, 4, 3, 3])]
    nodes = [
        helper.make_node("Resize", ["x", "", "s2"], ["a"], name="lin-asym", mode="linear",
                         coordinate_transformation_mode="asymmetric"),
        helper.make_node("Resize", ["x", "", "", "sz"], ["b"], name="near-half",
                         mode="nearest"),
        helper.make_node("Resize", ["x", "", "s15"], ["c"], name="frac", mode="nearest",
                         coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
        helper.make_node("Resize", ["x", "", "sc"], ["d"], name="chan", mode="nearest",
                         coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
        helper.make_node("ConvTranspose", ["x", "w2"], ["e"], name="opad", kernel_shape=[2, 2],
                         strides=[2, 2], output_padding=[2, 2]),
        helper.make_node("ConvTranspose", ["x", "w3"], ["g"], name="oshape",
                         kernel_shape=[3, 3], strides=[2, 2], output_shape=[16, 16]),
        helper.make_node("Pad", ["x", "pads"], ["p"], name="pad"),
        helper.make_node("ConvTranspose", ["p", "w2"], ["h"], name="padded",
                         kernel_shape=[2, 2], strides=[2, 2]),
    ]
    inits.append(ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]))
    outs = [io(n, [1]) for n in "abcdegh"]
    save(nodes, inits, "resize-blockers-op13.onnx", 13, outputs=outs, check=False)


def bias_blockers():
    """A bias whose length is not the number of output channels, each on its
    own branch from [1, 3, 8, 8]:
      node 0 (Conv 'cbias'): 4 output channels (weight 4x3x3x3), 3 biases
      node 1 (ConvTranspose 'tbias'): group 3, weight 3x1x2x2, so 1 * 3 = 3
        output channels, 2 biases"""
    nodes = [
        helper.make_node("Conv", ["x", "w", "b3"], ["a"], name="cbias", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("ConvTranspose", ["x", "wt", "b2"], ["b"], name="tbias",
                         kernel_shape=[2, 2], strides=[2, 2], group=3),
    ]
    inits = [init("w", [4, 3, 3, 3]), init("b3", [3]), init("wt", [3, 1, 2, 2]),
             init("b2", [2])]
    save(nodes, inits, "bias-blockers-op13.onnx", 13, outputs=[io(n, [1]) for n in "ab"],
         check=False)


def resize_blockers18():
    """Hand-built at opset 18 (onnx 1.12 stops at 17: not checked): the
    Resize attributes of opset 18 the format has no word for, and sizes that
    change the channels, each on its own branch from [1, 3, 8, 8]:
      node 0 (Resize 'anti'): antialias 1
      node 1 (Resize 'axes'): axes [2, 3]
      node 2 (Resize 'aspect'): keep_aspect_ratio_policy not_larger
      node 3 (Resize 'chan'): sizes [1, 6, 16, 16]"""
    nodes = [
        helper.make_node("Resize", ["x", "", "s2"], ["a"], name="anti", mode="linear",
                         antialias=1),
        helper.make_node("Resize", ["x", "", "s22"], ["b"], name="axes", mode="linear",
                         axes=[2, 3]),
        helper.make_node("Resize", ["x", "", "", "sz"], ["c"], name="aspect", mode="linear",
                         keep_aspect_ratio_policy="not_larger"),
        helper.make_node("Resize", ["x", "", "", "szc"], ["d"], name="chan", mode="linear"),
    ]
    inits = [numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "s2"),
             numpy_helper.from_array(np.array([2, 2], np.float32), "s22"),
             ints("sz", [1, 3, 16, 16]), ints("szc", [1, 6, 16, 16])]
    save(nodes, inits, "resize-blockers-op18.onnx", 18, outputs=[io(n, [1]) for n in "abcd"],
         check=False)


def upsample_linear():
    """Opset 9: Upsample linear samples at x / scale (asymmetric), not as
    the format's linear upsample: refused."""
    nodes = [helper.make_node("Upsample", ["x", "s2"], ["y"], name="up", mode="linear")]
    save(nodes, [numpy_helper.from_array(np.array([1, 1, 2, 2], np.float32), "s2")],
         "upsample-linear-op9.onnx", 9, outputs=[io("y", [1, 3, 16, 16])], check=False)


def symbolic():
    """Input [N, 3, H, W] (all but C symbolic), fully convolutional: conv
    3->4 + head(4).  At --input-size 3x16x16: MACs 16*16*4*27 + 20 = 27668,
    params 137."""
    c, ci = conv("x", "c1", 3, 4)
    h, hi = head("c1", 4)
    save([c] + h, ci + hi, "symbolic-op13.onnx", 13, inputs=[io("x", ["N", 3, "H", "W"])])


def fixed():
    """Conv 3->4 then Flatten -> Gemm of 4*8*8 = 256 features: the graph
    fixes the input at 3x8x8; params 112 + 256*5 + 5 = 1397, MACs 6912 +
    1280 = 8192."""
    c, ci = conv("x", "c1", 3, 4)
    nodes = [c, helper.make_node("Flatten", ["c1"], ["f"], name="flatten", axis=1),
             helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["y"], name="fc", transB=1)]
    save(nodes, ci + [init("fc.w", [5, 256]), init("fc.b", [5])], "fixed-op13.onnx", 13)


def names():
    """The naming rule: the conv's output 'conv out' becomes conv_out, the
    Relu's 'conv_out' then conv_out.2; a 5000-byte name is cut to 4096.
    Totals: conv + head = 137, 6932."""
    long = "n" * 5000
    c, ci = conv("x", "conv out", 3, 4)
    h, hi = head(long, 4)
    nodes = [c, helper.make_node("Relu", ["conv out"], ["conv_out"], name="relu"),
             helper.make_node("MaxPool", ["conv_out"], [long], name="pool", kernel_shape=[1, 1])]
    save(nodes + h, ci + hi, "names-op13.onnx", 13)


def shared_weight():
    """One initializer used by two convs (as an exporter deduplicates equal
    tensors): conv 4->4 3x3 with bias (148 params, 8*8*4*36 = 9216 MACs) on
    both branches of conv1 (112, 6912), added; head(4) (25, 20).  Params
    count per use: 112 + 148 + 148 + 25 = 433, MACs 6912 + 2*9216 + 20 =
    25364 (summing the initializers once would give 285)."""
    c, ci = conv("x", "c1", 3, 4)
    nodes = [c,
             helper.make_node("Conv", ["c1", "s.w", "s.b"], ["p"], name="p", kernel_shape=[3, 3],
                              pads=[1, 1, 1, 1]),
             helper.make_node("Identity", ["s.w"], ["s.w2"], name="alias"),
             helper.make_node("Conv", ["c1", "s.w2", "s.b"], ["q"], name="q", kernel_shape=[3, 3],
                              pads=[1, 1, 1, 1]),
             helper.make_node("Add", ["p", "q"], ["pq"], name="add")]
    h, hi = head("pq", 4)
    save(nodes + h, ci + hi + [init("s.w", [4, 4, 3, 3]), init("s.b", [4])],
         "shared-weight-op13.onnx", 13)


def attrs_op9():
    """Opset 9, before Pad, Clip and Slice took inputs: Pad(pads attribute,
    1 a side) fused into a conv 3->4 3x3 without padding (8x8 out: 112
    params, 6912 MACs), Clip(min, max attributes) an act, Slice(starts,
    ends, axes attributes) of channels 0..1 a slice, head(2) (15 params, 10
    MACs).  Totals: params 127, MACs 6922, 6 layers (input, conv, act,
    slice, gap, fc)."""
    c, ci = conv("p", "c1", 3, 4, pad=0)
    nodes = [helper.make_node("Pad", ["x"], ["p"], name="pad", pads=[0, 0, 1, 1, 0, 0, 1, 1]),
             c,
             helper.make_node("Clip", ["c1"], ["r"], name="relu6", min=0.0, max=6.0),
             helper.make_node("Slice", ["r"], ["s"], name="slice", starts=[0], ends=[2], axes=[1])]
    h, hi = head("s", 2)
    save(nodes + h, ci + hi, "attrs-op9.onnx", 9)


def main():
    act_chain("silu-op13.onnx", 13, silu)
    act_chain("hardswish-op13.onnx", 13, hardswish13)
    act_chain("hardswish-op14.onnx", 14, hardswish14)
    act_chain("gelu-erf-op13.onnx", 13, gelu_erf)
    act_chain("clip-op11.onnx", 11, clip11)
    se()
    layernorm(13)
    layernorm(17)
    shuffle()
    same_upper()
    blockers()
    symbolic()
    fixed()
    names()
    shared_weight()
    attrs_op9()
    conv1d()
    conv3d()
    convtranspose()
    resize()
    upsample(7)
    upsample(9)
    resize_blockers()
    resize_blockers18()
    bias_blockers()
    upsample_linear()


if __name__ == "__main__":
    main()
