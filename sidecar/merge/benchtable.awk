# benchtable.awk: median ns/op and MB/s of every benchmark over -count runs,
# and its ratio to BenchmarkCopyBaseline measured in the same run.
#   go test -run '^$' -bench . -benchmem -count 5 ./sidecar/merge/ | awk -f sidecar/merge/benchtable.awk
/^Benchmark/ && $4 == "ns/op" {
	name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
	if (!(name in cnt)) order[++n] = name
	ns[name, ++cnt[name]] = $3; mbs[name, cnt[name]] = $5
}
function med(arr, name, c,   i, j, t, v) {
	for (i = 1; i <= c; i++) v[i] = arr[name, i] + 0
	for (i = 2; i <= c; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
	return c % 2 ? v[(c+1)/2] : (v[c/2] + v[c/2+1]) / 2
}
END {
	base = med(ns, "CopyBaseline", cnt["CopyBaseline"])
	printf "| benchmark | ns/op | MB/s | vs copy |\n|---|---:|---:|---:|\n"
	for (i = 1; i <= n; i++) {
		b = order[i]
		m = med(ns, b, cnt[b])
		printf "| %s | %.0f | %.0f | %.2fx |\n", b, m, med(mbs, b, cnt[b]), m / base
	}
}
