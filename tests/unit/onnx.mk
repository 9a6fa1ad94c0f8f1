# tests/unit/onnx.mk -- unit tests of the ONNX reader (src/core/onnx.h) over
# the tiny models of tests/data/onnx (written by tests/data/onnx/gen-onnx.py
# with python3-onnx; committed, so that `make check` needs no Python).
if HAVE_CMOCKA
check_PROGRAMS += tests/unit/test_onnx
TESTS += tests/unit/test_onnx
tests_unit_test_onnx_SOURCES = tests/unit/test_onnx.c \
	tests/bad-onnx/onnx-dump.c tests/bad-onnx/onnx-dump.h
tests_unit_test_onnx_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/bad-onnx \
	-DTEST_DATA_DIR='"$(abs_top_srcdir)/tests/data"'
tests_unit_test_onnx_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_onnx_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)

# The mapping onto networks (src/core/onnx_map.h).
check_PROGRAMS += tests/unit/test_onnx_map
TESTS += tests/unit/test_onnx_map
tests_unit_test_onnx_map_SOURCES = tests/unit/test_onnx_map.c
tests_unit_test_onnx_map_CPPFLAGS = $(AM_CPPFLAGS) -DTEST_DATA_DIR='"$(abs_top_srcdir)/tests/data"'
tests_unit_test_onnx_map_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_onnx_map_LDADD = $(CORE_LIBS) $(CMOCKA_LIBS)
endif

# The models, and the script that writes them.
EXTRA_DIST += \
	tests/data/onnx/gen-onnx.py \
	tests/data/onnx/cbr-op11.onnx \
	tests/data/onnx/cbr-op13.onnx \
	tests/data/onnx/cbr-op17.onnx \
	tests/data/onnx/cbr-folded-bn.onnx \
	tests/data/onnx/handbuilt-op18-reduce.onnx \
	tests/data/onnx/handbuilt-op19-resize.onnx \
	tests/data/onnx/handbuilt-op20-gelu.onnx \
	tests/data/onnx/handbuilt-op21-int4.onnx \
	tests/data/onnx/external-data.onnx \
	tests/data/onnx/symbolic-batch.onnx \
	tests/data/onnx/inits-as-inputs.onnx \
	tests/data/onnx/if-node.onnx
