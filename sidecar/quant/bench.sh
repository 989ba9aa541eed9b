#!/usr/bin/env bash
# bench.sh: run the sidecar/quant benchmarks and print a Markdown table
# with each benchmark's time per operation, throughput (MB/s of the int64
# tensor, 8 bytes per value) and its time ratio to BenchmarkCopyBaseline
# measured in the same run.
#
#   sidecar/quant/bench.sh [-benchtime 1s] [-count 1]
#
# Run from the repository root. The raw `go test` output goes to stderr.
set -euo pipefail

benchtime=1s
count=1
while [[ $# -gt 0 ]]; do
	case $1 in
	-benchtime) benchtime=$2; shift 2 ;;
	-count) count=$2; shift 2 ;;
	*) echo "unknown flag $1" >&2; exit 2 ;;
	esac
done

go test -run '^$' -bench . -benchmem -benchtime "$benchtime" -count "$count" ./sidecar/quant/ | tee /dev/stderr |
	awk '
/^Benchmark/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
	for (i = 3; i < NF; i++) {
		v = $i; u = $(i+1)
		if (u == "ns/op") { ns[name] += v; runs[name]++ }
		if (u == "MB/s") mbs[name] += v
		if (u == "B/op") bytes[name] = v
		if (u == "allocs/op") allocs[name] = v
	}
	if (!(name in seen)) { seen[name] = 1; order[++n] = name }
}
END {
	if (n == 0 || !("CopyBaseline" in ns)) { print "no baseline result" > "/dev/stderr"; exit 1 }
	base = ns["CopyBaseline"] / runs["CopyBaseline"]
	print "| benchmark | ns/op | MB/s | vs CopyBaseline | B/op | allocs/op |"
	print "|---|---:|---:|---:|---:|---:|"
	for (i = 1; i <= n; i++) {
		b = order[i]; t = ns[b] / runs[b]
		printf "| %s | %d | %.0f | %.2fx | %d | %d |\n", b, t, mbs[b] / runs[b], t / base, bytes[b], allocs[b]
	}
}'
