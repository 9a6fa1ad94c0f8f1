# tests/bad/local.mk -- see tests/local.mk.
