# tests/alloc/local.mk -- allocation-failure testing (alloc-fail.sh): every
# mode with the Nth allocation failing.  Two hooks: failmalloc.so, an
# LD_PRELOAD shim for the plain build, and bksef-wrap, bksef's own objects
# linked again with -Wl,--wrap, for the sanitizer build (whose runtime must
# come first, before any preloaded shim).  Both are built in either build.
TESTS += tests/alloc/alloc-fail.sh
EXTRA_DIST += \
	tests/alloc/alloc-fail.sh \
	tests/alloc/explore.keys

# A shared object built as a program: position-independent, linked with
# -shared, and without the sanitizers (it is loaded into the plain bksef).
check_PROGRAMS += tests/alloc/failmalloc.so
tests_alloc_failmalloc_so_SOURCES = tests/alloc/failmalloc.c \
	tests/alloc/failpoint.c tests/alloc/failpoint.h
tests_alloc_failmalloc_so_CFLAGS = $(WARN_CFLAGS) -fPIC
tests_alloc_failmalloc_so_LDFLAGS = -shared
tests_alloc_failmalloc_so_LDADD =

# The same objects as src/bksef, every call to an allocator or a stdio
# open from them redirected to tests/alloc/wrap.c.
ALLOC_WRAPPED = malloc calloc realloc strdup strndup fopen fdopen
check_PROGRAMS += tests/alloc/bksef-wrap
tests_alloc_bksef_wrap_SOURCES = tests/alloc/wrap.c \
	tests/alloc/failpoint.c tests/alloc/failpoint.h
tests_alloc_bksef_wrap_LDFLAGS = $(AM_LDFLAGS) $(ALLOC_WRAPPED:%=-Wl,--wrap=%)
tests_alloc_bksef_wrap_LDADD = $(src_bksef_OBJECTS) $(src_bksef_LDADD)
