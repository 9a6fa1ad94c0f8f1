# tests/tui/local.mk -- see tests/local.mk.
