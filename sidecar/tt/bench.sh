#!/usr/bin/env bash
# bench.sh: run the sidecar/tt benchmarks and print a Markdown table with
# each benchmark's time per operation and its ratio to
# BenchmarkDenseMulBaseline measured in the same run.
#
#   sidecar/tt/bench.sh [-benchtime 1s]
#
# Run from the repository root. The raw `go test` output goes to stderr.
set -euo pipefail

benchtime=1s
if [[ ${1:-} == -benchtime ]]; then benchtime=$2; shift 2; fi

go test -run '^$' -bench . -benchmem -benchtime "$benchtime" ./sidecar/tt/ | tee /dev/stderr |
	awk '
/^Benchmark/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
	for (i = 3; i < NF; i++) {
		v = $i; u = $(i+1)
		if (u == "ns/op") ns[name] = v
		if (u == "B/op") bytes[name] = v
		if (u == "allocs/op") allocs[name] = v
		if (u == "GFLOP/s") gflops[name] = v
	}
	order[++n] = name
}
END {
	base = ns["DenseMulBaseline"]
	if (n == 0 || base == "") { print "no baseline result" > "/dev/stderr"; exit 1 }
	print "| benchmark | ns/op | vs DenseMulBaseline | B/op | allocs/op | GFLOP/s |"
	print "|---|---:|---:|---:|---:|---:|"
	for (i = 1; i <= n; i++) {
		b = order[i]
		printf "| %s | %d | %.2fx | %d | %d | %s |\n", b, ns[b], ns[b] / base, bytes[b], allocs[b], (b in gflops ? gflops[b] : "")
	}
}'
