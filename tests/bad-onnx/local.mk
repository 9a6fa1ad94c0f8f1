# tests/bad-onnx/local.mk -- the bad ONNX corpus: malformed, hostile and
# unsupported model files (cases.txt, files/ written by gen-bad-onnx.py),
# each read by the core's ONNX reader through the onnx-read driver under a
# memory and a time bound by run-bad-onnx.sh.
check_PROGRAMS += tests/bad-onnx/onnx-read
tests_bad_onnx_onnx_read_SOURCES = tests/bad-onnx/onnx-read.c \
	tests/bad-onnx/onnx-dump.c tests/bad-onnx/onnx-dump.h
tests_bad_onnx_onnx_read_LDADD = $(CORE_LIBS)

TESTS += tests/bad-onnx/run-bad-onnx.sh
EXTRA_DIST += \
	tests/bad-onnx/run-bad-onnx.sh \
	tests/bad-onnx/gen-bad-onnx.py \
	tests/bad-onnx/cases.txt \
	tests/bad-onnx/files
