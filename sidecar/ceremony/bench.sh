#!/usr/bin/env bash
# bench.sh: run the sidecar/ceremony benchmarks (N = 2^10, 2^12, 2^14) and
# print a Markdown table: seconds per operation at each N, the ratio to
# BenchmarkSetupSingleParty (gnark's groth16.Setup) at the same N in the
# same run, and how much time grows from 2^12 to 2^14 (4x the constraints).
# With -count C each cell is the median of C runs.
#
#   sidecar/ceremony/bench.sh [-count 1]
#
# Run from the repository root; takes about 3.5 minutes per count on 2
# cores. The raw `go test` output goes to stderr.
set -euo pipefail

count=1
while [[ $# -gt 0 ]]; do
	case $1 in
	-count) count=$2; shift 2 ;;
	*) echo "unknown flag $1" >&2; exit 2 ;;
	esac
done

go test -run '^$' -bench . -benchtime 1x -count "$count" -timeout 60m ./sidecar/ceremony/ | tee /dev/stderr |
	awk '
function median(key,   k, j, t, m) {
	m = runs[key]
	for (k = 1; k <= m; k++) for (j = k + 1; j <= m; j++)
		if (ns[key, j] < ns[key, k]) { t = ns[key, k]; ns[key, k] = ns[key, j]; ns[key, j] = t }
	return m % 2 ? ns[key, (m + 1) / 2] : (ns[key, m / 2] + ns[key, m / 2 + 1]) / 2
}
/^Benchmark/ {
	name = $1; sub(/^Benchmark/, "", name); sub(/-[0-9]+$/, "", name)
	split(name, parts, "/"); op = parts[1]; size = parts[2]; sub(/^N=/, "", size)
	for (i = 3; i < NF; i++) if ($(i+1) == "ns/op") ns[op, size, ++runs[op, size]] = $i
	if (!(op in seenop)) { seenop[op] = 1; ops[++nops] = op }
	if (!(size in seensize)) { seensize[size] = 1; sizes[++nsizes] = size }
}
END {
	if (nops == 0 || !("SetupSingleParty" in seenop)) { print "no baseline result" > "/dev/stderr"; exit 1 }
	hdr = "| operation |"; sep = "|---|"
	for (s = 1; s <= nsizes; s++) { hdr = hdr " N=" sizes[s] " (s) | vs Setup |"; sep = sep "---:|---:|" }
	print hdr " 2^14 / 2^12 |"; print sep "---:|"
	for (o = 1; o <= nops; o++) {
		op = ops[o]; line = "| " op " |"
		for (s = 1; s <= nsizes; s++) {
			t = median(op SUBSEP sizes[s]); base = median("SetupSingleParty" SUBSEP sizes[s])
			line = line sprintf(" %.3f | %.2fx |", t / 1e9, t / base)
		}
		a = median(op SUBSEP "2^12"); b = median(op SUBSEP "2^14")
		print line sprintf(" %.2fx |", b / a)
	}
}'
