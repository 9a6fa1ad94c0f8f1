# tests/bench/local.mk -- see tests/local.mk.
