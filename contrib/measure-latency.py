#!/usr/bin/env python3
"""measure-latency.py -- time every convolution of a bksef network at each
kernel a plan may give it, with torch on this machine, and write the table
`bksef --latency-table` reads (bksef(5), LATENCY TABLES).

Usage: contrib/measure-latency.py [--bksef PATH] [--candidates LIST]
                                  [--runs N] [--threads N] NETWORK > TABLE.csv

The shapes come from `bksef --layers NETWORK`, the kernels from `bksef
--batch NETWORK` (each tunable conv's scored candidates, and every conv's
loaded kernel).  Each conv is built alone as a torch.nn.Conv2d with the
padding that keeps its output shape, on a random input of its shape (batch
1, float32), run a few times to warm up, then timed RUNS times; the fastest
run is written (the least disturbed by other work on the machine).  Only convolutions are timed, as bksef's measured cost expects.
Optional: nothing in `make check` needs torch.
"""
import argparse
import csv
import io
import subprocess
import sys
import time


def bksef_csv(bksef, args):
    out = subprocess.run([bksef] + args, check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def extents(token):
    return tuple(int(x) for x in token.split("x")) if "x" in token else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("network")
    ap.add_argument("--bksef", default="bksef")
    ap.add_argument("--candidates", default=None)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    a = ap.parse_args()

    import torch

    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    layers = {r["name"]: r for r in bksef_csv(a.bksef, ["--layers", a.network])}
    extra = ["--candidates", a.candidates] if a.candidates else []
    plan = bksef_csv(a.bksef, ["--batch", "--lambda3", "0"] + extra + [a.network])

    # The first convolution pays for the library's set-up: warm it up first.
    with torch.no_grad():
        for _ in range(10):
            torch.nn.Conv2d(16, 16, 3, padding=1)(torch.randn(1, 16, 32, 32))
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["layer", "kernel", "seconds"])
    for row in plan:
        name = row["layer"]
        l = layers[name]
        kernels = {row["k_base"]}
        if row["tunable"] == "1":
            kernels |= {k[len("score_k"):] for k, v in row.items()
                        if k.startswith("score_k") and v != ""}
        for tok in sorted(kernels, key=lambda t: (len(t), t)):
            ks = extents(tok) or (int(tok), int(tok))
            st = extents(l["stride"]) or (int(l["stride"]),) * 2
            dl = extents(l["dilation"]) or (int(l["dilation"]),) * 2
            # The padding bksef gives a kernel that keeps the output shape.
            pad = tuple(d * (k - 1) // 2 for k, d in zip(ks, dl))
            conv = torch.nn.Conv2d(int(l["in_c"]), int(l["out_c"]), ks, stride=st,
                                   padding=pad, dilation=dl, groups=int(l["groups"]))
            x = torch.randn(1, int(l["in_c"]), int(l["in_h"]), int(l["in_w"]))
            times = []
            with torch.no_grad():
                for _ in range(5):
                    conv(x)
                for _ in range(a.runs):
                    t0 = time.perf_counter()
                    conv(x)
                    times.append(time.perf_counter() - t0)
            w.writerow([name, tok, "%.9g" % min(times)])
            sys.stdout.flush()


if __name__ == "__main__":
    main()
