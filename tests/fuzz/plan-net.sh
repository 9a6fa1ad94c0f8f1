#!/bin/sh
# plan-net.sh -- print the fixed network of fuzz_plan.c (its string
# plan_net), which the plan seeds (tests/fuzz/seeds-plan) are plans of.
# Usage: plan-net.sh FUZZ_PLAN_C
sed -n '/^static const char plan_net/,/;$/p' "$1" |
	sed -n 's/^[^"]*"\(.*\)\\n"[;]*$/\1/p' | sed 's/\\"/"/g'
