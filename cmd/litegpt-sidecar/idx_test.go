package main

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

// writeIDX writes the bundled digits as an IDX pair (8x8 unsigned-byte
// images, each feature x = pixel/16 in [0, 1] stored as the byte round(255 x); labels
// 0..9), the format of MNIST and Fashion-MNIST.
func writeIDX(t *testing.T, dir string, ds dataset.Dataset) (images, labels string) {
	t.Helper()
	n := ds.Len()
	img := binary.BigEndian.AppendUint32(nil, 0x0803)
	for _, d := range []int{n, 8, 8} {
		img = binary.BigEndian.AppendUint32(img, uint32(d))
	}
	for _, x := range ds.X {
		img = append(img, byte(x*255+0.5))
	}
	lab := binary.BigEndian.AppendUint32(nil, 0x0801)
	lab = binary.BigEndian.AppendUint32(lab, uint32(n))
	for _, y := range ds.Y {
		lab = append(lab, byte(y))
	}
	images, labels = filepath.Join(dir, "images-idx3-ubyte"), filepath.Join(dir, "labels-idx1-ubyte")
	if err := os.WriteFile(images, img, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(labels, lab, 0o600); err != nil {
		t.Fatal(err)
	}
	return images, labels
}

// TestTrainEvaluateIDX trains and evaluates on an IDX data set, the path
// people take with MNIST-style files of their own: the same 1,438/359
// split of the digits as the bundled copy, and an accuracy like it.
func TestTrainEvaluateIDX(t *testing.T) {
	digits, err := dataset.BundledDigits()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	images, labels := writeIDX(t, dir, digits)
	model := filepath.Join(dir, "idx.model")
	out := mustRun(t, "train", "--data", images, "--labels", labels, "--model", "logreg", "--epochs", "3", "--out", model)
	params, _, samples, _ := wrote(t, out)
	if params != 650 || samples != 3*1438 {
		t.Fatalf("IDX training wrote %d parameters after %d samples; want 650 after %d\n%s", params, samples, 3*1438, out)
	}
	rep := evaluateJSON(t, "--data", images, "--labels", labels, "--model", model)
	if rep.Total != 359 || rep.Accuracy <= 0.85 {
		t.Fatalf("evaluate on IDX: %d samples at accuracy %.4f; want 359 above 0.85", rep.Total, rep.Accuracy)
	}
	if _, err := runCLI(t, "evaluate", "--data", images, "--model", model); err == nil {
		t.Fatal("an IDX --data without --labels was accepted")
	}
}
