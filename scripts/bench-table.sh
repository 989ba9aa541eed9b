#!/usr/bin/env bash
# bench-table.sh: run `go test -bench` over packages and print a table with,
# for every sub-benchmark, its time per operation, its ratio to the first
# sub-benchmark of the same benchmark (the baseline, measured in the same
# run), its allocations and, where the benchmark reports it, its gas.
#
#   scripts/bench-table.sh [-benchtime 50x] PACKAGE...
#
# BENCHTIME (default 50x) sets -benchtime; the raw `go test` output is kept
# in build/bench-raw.txt.
set -euo pipefail

benchtime=${BENCHTIME:-50x}
if [[ ${1:-} == -benchtime ]]; then benchtime=$2; shift 2; fi
if [[ $# -eq 0 ]]; then
	echo "usage: $0 [-benchtime N|Ns] PACKAGE..." >&2
	exit 2
fi

mkdir -p build
raw=build/bench-raw.txt
go test -run '^$' -bench . -benchmem -benchtime "$benchtime" "$@" | tee "$raw" >&2

awk '
/^pkg: / { pkg = $2; sub(/.*\/litegpt\/litegpt\//, "", pkg) }
/^Benchmark/ && $4 == "ns/op" {
	name = $1; sub(/-[0-9]+$/, "", name)
	group = name; sub(/\/.*/, "", group)
	case_ = (index(name, "/") ? substr(name, index(name, "/") + 1) : "-")
	ns = $3 + 0
	if (!(pkg SUBSEP group in base)) base[pkg SUBSEP group] = ns
	alloc = ""; gas = ""
	for (i = 5; i < NF; i++) {
		if ($(i+1) == "allocs/op") alloc = $i
		if ($(i+1) == "gas/op") gas = $i
	}
	rows[++n] = sprintf("%-28s %-34s %-22s %14.0f %10.2fx %10s %10s", pkg, group, case_, ns, ns / base[pkg SUBSEP group], alloc, gas)
}
END {
	if (n == 0) { print "no benchmark results" > "/dev/stderr"; exit 1 }
	printf "%-28s %-34s %-22s %14s %11s %10s %10s\n", "package", "benchmark", "case", "ns/op", "vs first", "allocs/op", "gas/op"
	for (i = 1; i <= n; i++) print rows[i]
}' "$raw"
