#!/usr/bin/env python3
"""gen-bad-onnx.py -- write the bad ONNX corpus of tests/bad-onnx/files/:
model files that are truncated, break the protobuf wire format, claim
absurd lengths or counts, hold graphs bksef refuses (If, Loop, cycles,
missing initializers) or are not models at all.  cases.txt says what
bksef must answer to each; run-bad-onnx.sh checks it.

The files are committed, so `make check` needs no Python; run this again
only to change them (python3-onnx for the models built with onnx.helper):

    python3 tests/bad-onnx/gen-bad-onnx.py

The wire-level files are written byte by byte with the small protobuf
writer below, so that each breaks exactly one rule at a known offset (the
comments give it).  The 300 MiB models of the memory-bound cases are
written at test time by run-bad-onnx.sh from big-model.head and
big-model.tail around 300 MiB of zero bytes.
"""

import os
import random

from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "files")
TOP = os.path.dirname(os.path.dirname(HERE))


# ------------------------------------------------------------ protobuf
def varint(v):
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def tag(field, wt):
    return varint(field << 3 | wt)


def vint(field, v):
    """A varint field; a negative V as protobuf writes int64: 10 bytes."""
    return tag(field, 0) + varint(v & 0xFFFFFFFFFFFFFFFF)


def ld(field, payload):
    """A length-delimited field."""
    if isinstance(payload, str):
        payload = payload.encode()
    return tag(field, 2) + varint(len(payload)) + payload


def node(op, inputs=(), outputs=(), name=None, attrs=b""):
    b = b"".join(ld(1, i) for i in inputs) + b"".join(ld(2, o) for o in outputs)
    if name is not None:
        b += ld(3, name)
    if op is not None:
        b += ld(4, op)
    return b + attrs


def value(name, dims=None):
    """A ValueInfoProto: FLOAT tensor of DIMS (None: no type)."""
    b = ld(1, name)
    if dims is not None:
        shape = b"".join(ld(1, vint(1, d)) for d in dims)
        b += ld(2, ld(1, vint(1, TensorProto.FLOAT) + ld(2, shape)))
    return b


def model(graph, opset=13, ir=8):
    """ModelProto: ir_version, producer_name, graph, opset_import."""
    return vint(1, ir) + ld(2, "gen-bad-onnx.py") + ld(7, graph) + ld(8, vint(2, opset))


def relu_graph(extra=b""):
    """x -> Relu -> y, with EXTRA appended to the graph."""
    return (ld(1, node("Relu", ["x"], ["y"], "relu")) + ld(2, "g") + ld(11, value("x", [1, 4]))
            + ld(12, value("y", [1, 4])) + extra)


def write(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print("wrote", name, len(data), "bytes")


def save(name, m):
    write(name, m.SerializeToString())


# --------------------------------------------------------- wire faults
def wire_cases():
    good = model(relu_graph())
    write("truncated-varint.onnx", b"\x08\x96")  # ir_version's varint goes on
    # 11 bytes of continued varint for ir_version, at byte offset 1
    write("varint-11-bytes.onnx", b"\x08" + b"\xff" * 10 + b"\x01" + good[2:])
    # the graph claims 2^40 bytes (byte offset of its tag: after
    # ir_version (2 bytes) and producer_name (17 bytes) = 19)
    head = vint(1, 8) + ld(2, "gen-bad-onnx.py")
    write("length-beyond-file.onnx", head + tag(7, 2) + varint(1 << 40) + relu_graph())
    # a node that claims 1000 bytes inside a graph of 12
    g = tag(1, 2) + varint(1000) + ld(4, "Relu") + ld(2, "y") + b"\x00" * 4
    write("length-beyond-message.onnx", model(g))
    # op_type as a varint (wire type 0)
    g = ld(1, node(None, ["x"], ["y"], "relu") + vint(4, 5)) + ld(11, value("x"))
    write("wire-op-type-varint.onnx", model(g))
    # dims of an initializer as fixed32 (wire type 5)
    t = tag(1, 5) + b"\x04\x00\x00\x00" + vint(2, 1) + ld(8, "w") + ld(9, b"\0" * 16)
    write("wire-dims-fixed32.onnx", model(relu_graph(ld(5, t))))
    # a group (wire type 3) at the top level, after ir_version
    write("wire-group.onnx", vint(1, 8) + tag(9, 3) + tag(9, 4) + good[2:])
    # wire type 7 inside the graph
    write("wire-type-7.onnx", model(relu_graph(tag(20, 7) + b"\x00")))
    # a field number 0 inside a node
    write("field-zero.onnx", model(ld(1, b"\x02\x00" + ld(4, "Relu"))))
    # packed floats of 5 bytes in an attribute
    attr = ld(5, ld(1, "scales") + tag(7, 2) + varint(5) + b"\0" * 5 + vint(20, 6))
    write("packed-floats-5-bytes.onnx",
          model(ld(1, node("Resize", ["x"], ["y"], "r", attr)) + ld(11, value("x"))))
    # packed dims that claim 2^62 bytes: an absurd count
    t = tag(1, 2) + varint(1 << 62) + b"\x01\x01" + vint(2, 1) + ld(8, "w")
    write("absurd-packed-dims.onnx", model(relu_graph(ld(5, t))))
    # 1025 dims of 1: more than the 1024 a tensor may have
    t = b"".join(vint(1, 1) for _ in range(1025)) + vint(2, 1) + ld(8, "w") + ld(9, b"\0" * 4)
    write("rank-1025.onnx", model(relu_graph(ld(5, t))))
    # a raw_data that claims 1 GiB inside an initializer of a few bytes
    t = vint(1, 4) + vint(2, 1) + ld(8, "w") + tag(9, 2) + varint(1 << 30) + b"\0" * 16
    write("raw-data-1gib-claimed.onnx", model(relu_graph(ld(5, t))))
    # a model cut inside a 64 KiB raw_data
    t = vint(1, 16384) + vint(2, 1) + ld(8, "w") + ld(9, b"\0" * 65536)
    full = model(relu_graph(ld(5, t)))
    write("truncated-in-raw-data.onnx", full[:len(full) - 30000])
    # cbr-op13.onnx cut in half
    with open(os.path.join(TOP, "tests/data/onnx/cbr-op13.onnx"), "rb") as f:
        cbr = f.read()
    write("truncated-half.onnx", cbr[:len(cbr) // 2])
    # no graph: a model of one field
    write("no-graph.onnx", vint(1, 8))
    # two graphs
    write("two-graphs.onnx", model(relu_graph()) + ld(7, relu_graph()))
    # IR version 8 without opset_import
    write("no-opset.onnx", vint(1, 8) + ld(7, relu_graph()))
    write("empty.onnx", b"")
    # not models: a network CSV renamed, random bytes, an ELF header
    with open(os.path.join(TOP, "tests/data/tiny.csv"), "rb") as f:
        write("csv-renamed.onnx", f.read())
    rng = random.Random(15)
    write("random.onnx", bytes(rng.randrange(256) for _ in range(4096)))
    write("elf.onnx", b"\x7fELF\x02\x01\x01\x00" + bytes(rng.randrange(256) for _ in range(512)))
    # data_location 2, which onnx.proto's enum does not define
    t = vint(1, 1) + vint(1, 4) + vint(2, 1) + ld(8, "w") + ld(9, b"\0" * 16) + vint(14, 2)
    write("data-location-2.onnx", model(relu_graph(ld(5, t))))
    # a name holding a NUL byte
    write("nul-in-name.onnx", model(ld(1, node("Relu", ["x"], ["y\0z"], "r"))
                                    + ld(11, value("x"))))
    # a ValueInfo dim_value of -5
    write("negative-dim-value.onnx", model(ld(1, node("Relu", ["x"], ["y"], "r"))
                                           + ld(11, value("x", [1, -5]))))
    # the big model of the memory-bound cases: x + w -> y, w FLOAT
    # [78643200] in 300 MiB of raw_data written between head and tail
    n = 300 * 1024 * 1024 // 4
    t_head = vint(1, n) + vint(2, 1) + ld(8, "w") + tag(9, 2) + varint(4 * n)
    tensor_len = len(t_head) + 4 * n
    g_head = (ld(1, node("Add", ["x", "w"], ["y"], "add")) + ld(2, "big")
              + tag(5, 2) + varint(tensor_len) + t_head)
    g_tail = ld(11, value("x", [n])) + ld(12, value("y", [n]))
    graph_len = len(g_head) + 4 * n + len(g_tail)
    write("big-model.head", vint(1, 8) + ld(2, "gen-bad-onnx.py") + tag(7, 2) + varint(graph_len)
          + g_head)
    write("big-model.tail", g_tail + ld(8, vint(2, 13)))


# ------------------------------------------------------ graph faults
def io(name, shape):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def mk(nodes, inputs, outputs, inits=(), opset=13):
    g = helper.make_graph(nodes, "bad", inputs, outputs, initializer=list(inits))
    m = helper.make_model(g, producer_name="gen-bad-onnx.py",
                          opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return m


def weight(name, dims, raw=None):
    t = TensorProto()
    t.name = name
    t.data_type = TensorProto.FLOAT
    t.dims.extend(dims)
    n = 1
    for d in dims:
        n *= d
    t.raw_data = bytes(4 * n) if raw is None else raw
    return t


def relu(i, o, name):
    return helper.make_node("Relu", [i], [o], name=name)


def graph_cases():
    x, y = io("x", [1, 4]), io("y", [1, 4])
    body = helper.make_graph([helper.make_node("Identity", ["v"], ["v_out"], name="id")],
                             "body", [io("i", []), io("c", []), io("v", [1])],
                             [io("c_out", []), io("v_out", [1])])
    loop = helper.make_node("Loop", ["", "", "x"], ["y"], name="repeat", body=body)
    save("loop-node.onnx", mk([loop], [x], [y]))
    save("cycle.onnx", mk([relu("b", "a", "first"), relu("a", "b", "second"),
                           helper.make_node("Add", ["x", "a"], ["y"], name="add")], [x], [y]))
    save("self-loop.onnx", mk([helper.make_node("Add", ["x", "y"], ["y"], name="acc")], [x], [y]))
    save("unsorted.onnx", mk([relu("h", "y", "last"), relu("x", "h", "first")], [x], [y]))
    conv = helper.make_node("Conv", ["x", "conv.weight"], ["y"], name="conv1",
                            kernel_shape=[1, 1])
    save("missing-initializer.onnx", mk([conv], [io("x", [1, 3, 4, 4])], [io("y", [1, 8, 4, 4])]))
    save("duplicate-output.onnx", mk([relu("x", "y", "one"), relu("x", "y", "two")], [x], [y]))
    save("output-undefined.onnx", mk([relu("x", "h", "r")], [x], [y]))
    save("output-is-initializer.onnx",
         mk([relu("x", "w", "r"), helper.make_node("Add", ["x", "w"], ["y"], name="a")], [x], [y],
            [weight("w", [1, 4])]))
    save("duplicate-initializer.onnx",
         mk([helper.make_node("Add", ["x", "w"], ["y"], name="a")], [x], [y],
            [weight("w", [1, 4]), weight("w", [1, 4])]))
    save("duplicate-input.onnx", mk([relu("x", "y", "r")], [x, x], [y]))
    add = [helper.make_node("Add", ["x", "w"], ["y"], name="a")]
    save("raw-size-mismatch.onnx", mk(add, [x], [y], [weight("w", [1, 4], bytes(10))]))
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1, 4], float_data=[1, 2, 3])
    save("typed-count-mismatch.onnx", mk(add, [x], [y], [w]))
    w = weight("w", [1, 4])
    w.float_data.extend([1.0] * 4)
    save("two-payloads.onnx", mk(add, [x], [y], [w]))
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1, 4])
    save("no-data.onnx", mk(add, [x], [y], [w]))
    w = TensorProto(name="w", dims=[1, 4], raw_data=bytes(16))
    save("no-data-type.onnx", mk(add, [x], [y], [w]))
    w = weight("w", [1, 4], bytes(16))
    del w.dims[:]
    w.dims.extend([1, -4])
    save("negative-dims.onnx", mk(add, [x], [y], [w]))
    w = weight("w", [1], bytes(4))
    del w.dims[:]
    w.dims.extend([1 << 40, 1 << 40])
    save("dims-overflow.onnx", mk(add, [x], [y], [w]))
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[1, 4],
                    data_location=TensorProto.EXTERNAL)
    e = w.external_data.add()
    e.key, e.value = "offset", "0"
    save("external-no-location.onnx", mk(add, [x], [y], [w]))
    w = weight("w", [1, 4])
    w.segment.begin = 0
    w.segment.end = 4
    save("segment.onnx", mk(add, [x], [y], [w]))
    w = helper.make_tensor("w", TensorProto.FLOAT, [1, 2], [1, 2], raw=False)
    w.ClearField("float_data")
    w.int64_data.extend([1, 2])
    save("wrong-data-field.onnx", mk(add, [x], [y], [w]))
    n = helper.make_node("Relu", ["x"], ["y"], name="r")
    n.attribute.extend([helper.make_attribute("alpha", 1.0), helper.make_attribute("alpha", 2.0)])
    save("duplicate-attribute.onnx", mk([n], [x], [y]))
    n = helper.make_node("Relu", ["x"], ["y"], name="r")
    n.ClearField("op_type")
    save("no-op-type.onnx", mk([n], [x], [y]))
    n = helper.make_node("Relu", ["x"], ["y"], name="r")
    a = n.attribute.add()
    a.type = 2
    a.i = 3
    save("attribute-no-name.onnx", mk([n], [x], [y]))
    n = helper.make_node("Constant", [], ["y"], name="c")
    a = n.attribute.add()
    a.name = "value"
    a.type = 4
    save("tensor-attribute-empty.onnx", mk([n], [], [y]))


def main():
    os.makedirs(OUT, exist_ok=True)
    wire_cases()
    graph_cases()


if __name__ == "__main__":
    main()
