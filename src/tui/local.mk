# src/tui/local.mk -- the explorer's sources, linked into bksef.
src_bksef_SOURCES += src/tui/explorer.c
