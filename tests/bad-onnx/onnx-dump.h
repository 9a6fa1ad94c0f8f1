/* onnx-dump.h -- write everything an ONNX model read by onnx.h holds as
 * text, for the bad-corpus driver, the fuzz harness (which compares the
 * mapped and the streamed read) and for looking at a model by hand. */
#ifndef BKSEF_ONNX_DUMP_H
#define BKSEF_ONNX_DUMP_H

#include <stdio.h>

#include "onnx.h"

/* Write M to FP, one item a line (names escaped, floats with 9 digits):
 * the model's fields, opsets, graph inputs (real ones marked), outputs,
 * value_info, initializers and nodes with their attributes and each
 * output's consumers. */
void onnx_dump(FILE *fp, const struct onnx_model *m);

/* One line: "ir_version 7, opset 13, 8 nodes, 10 initializers (1234
 * weights), 1 input, 1 output" (the real inputs; weights: the sum of the
 * initializers' elements). */
void onnx_dump_summary(FILE *fp, const struct onnx_model *m);

#endif
