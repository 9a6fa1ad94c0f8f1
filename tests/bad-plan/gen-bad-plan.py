#!/usr/bin/env python3
"""gen-bad-plan.py -- write tests/bad-plan/files/: good.csv (the plan CSV of
`bksef --batch paper-cifar10-cnn`, given as the first argument) and the bad
plans made from it, each wrong in one way.  Run once; the files are
committed (make check needs no Python).
Usage: tests/bad-plan/gen-bad-plan.py GOOD.csv"""
import csv
import io
import os
import sys

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
with open(sys.argv[1], newline="") as f:
    rows = list(csv.reader(f))
head = rows[0]


def col(name):
    return head.index(name)


def write(name, table, raw=None):
    path = os.path.join(here, name)
    if raw is not None:
        with open(path, "wb") as f:
            f.write(raw)
        return
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(table)
    with open(path, "w", newline="") as f:
        f.write(out.getvalue())


def copy():
    return [list(r) for r in rows]


def set_all(name, value):
    t = copy()
    for r in t[1:]:
        r[col(name)] = value
    return t


def set_one(line, name, value):
    """Set column NAME of the row on LINE (2 = the first row)."""
    t = copy()
    t[line - 1][col(name)] = value
    return t


def drop_col(name):
    c = col(name)
    return [r[:c] + r[c + 1:] for r in rows]


write("good.csv", rows)
# The same plan with other kernels, pins and request (the other side).
t = set_all("lambda3", "0.3")
t[1][col("k_plan")] = "3"
t[1][col("pinned")] = "1"
write("other.csv", t)
write("empty.csv", [], raw=b"")
write("comments-only.csv", [], raw=b"# a comment\n# another\n")
write("header-only.csv", [head])
write("no-k_plan.csv", drop_col("k_plan"))
write("no-network.csv", drop_col("network"))
write("no-layer.csv", drop_col("layer"))
write("no-budget.csv", drop_col("budget"))
t = copy()
t = [r + [r[col("layer")]] for r in t]
t[0][-1] = "layer"
write("layer-twice.csv", t)
t = copy()
t[2] = t[2][:-1]
write("short-row.csv", t)
write("unknown-layer.csv", set_one(3, "layer", "stage9.0.conv"))
write("not-conv.csv", set_one(3, "layer", "stage1.0.bn"))
write("kernel-shape.csv", set_one(2, "k_plan", "4"))
write("kernel-token.csv", set_one(2, "k_plan", "abc"))
write("kernel-big.csv", set_one(2, "k_plan", "99"))
write("kernel-axes.csv", set_one(2, "k_plan", "3x3x3"))
write("kernel-empty.csv", set_one(2, "k_plan", ""))
t = copy()
t.insert(4, list(t[2]))
write("duplicate-row.csv", t)
t = copy()
del t[3]
write("missing-row.csv", t)
write("other-network.csv", set_all("network", "paper-cifar10-cnn-2"))
write("unknown-network.csv", set_all("network", "no-such-network"))
write("network-dash.csv", set_all("network", "-"))
write("context-differs.csv", set_one(4, "lambda3", "0.2"))
write("budget-differs.csv", set_one(5, "budget", "1"))
write("lambda-text.csv", set_all("lambda1", "abc"))
write("lambda-negative.csv", set_all("lambda2", "-1"))
write("lambda-nan.csv", set_all("lambda3", "nan"))
write("lambda-inf.csv", set_all("lambda3", "1e999"))
write("gamma-zero.csv", set_all("gamma", "0"))
write("beta-empty.csv", set_all("beta", ""))
write("scope-bad.csv", set_all("scope", "global"))
write("cost-bad.csv", set_all("cost", "flops"))
write("baseline-bad.csv", set_all("baseline", "5"))
write("pinned-bad.csv", set_one(2, "pinned", "yes"))
write("pinned-two.csv", set_one(3, "pinned", "2"))
write("score-bad.csv", set_one(2, "score_k7", "high"))
write("layer-empty.csv", set_one(2, "layer", ""))
write("network-empty.csv", set_all("network", ""))
t = set_all("solver", "best")
write("budget-partial.csv", t)
t = set_all("solver", "best")
for r in t[1:]:
    r[col("budget")] = "-5"
    r[col("resource")] = "macs"
write("budget-negative.csv", t)
for r in t[1:]:
    r[col("budget")] = "99999999999999999999"
write("budget-huge.csv", t)
for r in t[1:]:
    r[col("budget")] = "1000"
    r[col("resource")] = "joules"
write("resource-bad.csv", t)
for r in t[1:]:
    r[col("resource")] = "macs"
    r[col("solver")] = "greedy"
write("solver-bad.csv", t)
good = open(sys.argv[1], "rb").read()
write("quote-open.csv", None, raw=good.replace(b"\nstage1.1.conv,", b'\n"stage1.1.conv,', 1))
write("nul-byte.csv", None, raw=good.replace(b"stage2.0.conv", b"stage2\x000.conv", 1))
write("bad-utf8.csv", None, raw=good.replace(b"stage2.0.conv", b"stage2\xff0.conv", 1))
write("not-a-plan.csv", None, raw=b"name,op,out,h,w\nin,input,3,8,8\n")
