package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runSidecar(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out, errOut bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetArgs(args)
	err := root.Execute()
	return out.String() + errOut.String(), err
}

func TestSimulateWritesTableCSVAndPlots(t *testing.T) {
	dir := t.TempDir()
	out, err := runSidecar(t, "simulate", "--nodes", "6", "--rounds", "6", "--eval-every", "2",
		"--scenarios", "centralized,plain,int8,byzantine-robust", "--out", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"1438 training and 359 test samples", "vs centralized", "plain", "int8", "byzantine-median", "20% sign-flip", "[4/4] byzantine-median"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
	csv, err := os.ReadFile(filepath.Join(dir, "rounds.csv"))
	if err != nil || strings.Count(string(csv), "\n") != 1+4*3 {
		t.Fatalf("rounds.csv: %v\n%s", err, csv)
	}
	for _, png := range []string{"accuracy-rounds.png", "accuracy-bytes.png"} {
		if st, err := os.Stat(filepath.Join(dir, png)); err != nil || st.Size() < 1000 {
			t.Fatalf("%s: %v", png, err)
		}
	}
}

func TestSimulateRejectsBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--scenarios", "plain,plain"}, `"plain" is listed twice`},
		{[]string{"--scenarios", "federated"}, `unknown scenario "federated"`},
		{[]string{"--churn", "1.5"}, "--churn must be in [0, 0.9999]"},
		{[]string{"--keep", "0"}, "--keep must be in"},
		{[]string{"--attack", "poison"}, "unknown attack"},
		{[]string{"--robust", "mean"}, "--robust"},
		{[]string{"--precision", "int2"}, "--precision"},
		{[]string{"--nodes", "1"}, "nodes must be 2..4096, got 1"},
		{[]string{"--model", "cnn"}, "expected logreg, mlp or tt-mlp"},
		{[]string{"--data", "missing.idx"}, "needs a labels file"},
	} {
		args := append([]string{"simulate", "--rounds", "1", "--scenarios", "plain", "--out", t.TempDir()}, c.args...)
		if out, err := runSidecar(t, args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v (%s), want %q", c.args, err, out, c.want)
		}
	}
}
