# tests/cli/local.mk -- see tests/local.mk.
