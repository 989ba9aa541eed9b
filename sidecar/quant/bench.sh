#!/usr/bin/env bash
# bench.sh: run the sidecar/quant benchmarks and print a Markdown table
# with each benchmark's time per operation, throughput (MB/s of the int64
# tensor, 8 bytes per value) and its time ratios to BenchmarkCopyBaseline
# and BenchmarkCloneBaseline measured in the same run. With -count N the table shows the median of
# the N runs of each benchmark (robust to a busy machine).
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
function median(name,   k, j, t, m) {
	m = runs[name]
	for (k = 1; k <= m; k++) for (j = k + 1; j <= m; j++)
		if (ns[name, j] < ns[name, k]) { t = ns[name, k]; ns[name, k] = ns[name, j]; ns[name, j] = t }
	return m % 2 ? ns[name, (m + 1) / 2] : (ns[name, m / 2] + ns[name, m / 2 + 1]) / 2
}
/^Benchmark/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
	for (i = 3; i < NF; i++) {
		v = $i; u = $(i+1)
		if (u == "ns/op") ns[name, ++runs[name]] = v
		if (u == "B/op") bytes[name] = v
		if (u == "allocs/op") allocs[name] = v
	}
	if (!(name in seen)) { seen[name] = 1; order[++n] = name }
}
END {
	if (n == 0 || !("CopyBaseline" in runs) || !("CloneBaseline" in runs)) { print "no baseline result" > "/dev/stderr"; exit 1 }
	for (i = 1; i <= n; i++) med[order[i]] = median(order[i])
	copyb = med["CopyBaseline"]; clone = med["CloneBaseline"]
	print "| benchmark | ns/op | MB/s | vs CopyBaseline | vs CloneBaseline | B/op | allocs/op |"
	print "|---|---:|---:|---:|---:|---:|---:|"
	for (i = 1; i <= n; i++) {
		b = order[i]; t = med[b]
		printf "| %s | %d | %.0f | %.2fx | %.2fx | %d | %d |\n", b, t, 8 * 101770 * 1000 / t, t / copyb, t / clone, bytes[b], allocs[b]
	}
}'
