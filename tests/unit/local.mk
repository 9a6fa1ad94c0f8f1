# tests/unit/local.mk -- see tests/local.mk.
