package dataset_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

// threeImages are 3 images of 2x2 pixels and their labels.
var (
	threePixels = []byte{0, 255, 51, 102, 1, 2, 3, 4, 254, 253, 252, 0}
	threeLabels = []byte{7, 0, 3}
)

func readIDX(images, labels []byte) (dataset.Dataset, error) {
	return dataset.ReadIDX(bytes.NewReader(images), bytes.NewReader(labels))
}

func TestReadIDXPlainAndGzip(t *testing.T) {
	images, labels := idxImages(3, 2, 2, threePixels), idxLabels(threeLabels)
	cases := map[string][2][]byte{
		"plain":        {images, labels},
		"gzip":         {gzipped(t, images), gzipped(t, labels)},
		"gzip images":  {gzipped(t, images), labels},
		"gzip labels":  {images, gzipped(t, labels)},
		"multi-member": {append(gzipped(t, images[:9]), gzipped(t, images[9:])...), labels},
	}
	for name, files := range cases {
		t.Run(name, func(t *testing.T) {
			ds, err := readIDX(files[0], files[1])
			if err != nil {
				t.Fatal(err)
			}
			if ds.Features != 4 || ds.Len() != 3 || ds.Classes != 8 {
				t.Fatalf("got %d samples of %d features, %d classes; expected 3 of 4, 8 classes (largest label 7 + 1)", ds.Len(), ds.Features, ds.Classes)
			}
			want := make([]float64, len(threePixels))
			for i, p := range threePixels {
				want[i] = float64(p) / 255
			}
			if !slices.Equal(ds.X, want) {
				t.Fatalf("features %v, expected pixel/255 %v", ds.X, want)
			}
			if ds.X[1] != 1 || ds.X[0] != 0 || ds.X[2] != 0.2 {
				t.Fatalf("pixels 0, 255, 51 became %v %v %v, expected 0, 1, 0.2", ds.X[0], ds.X[1], ds.X[2])
			}
			if !slices.Equal(ds.Y, []int{7, 0, 3}) {
				t.Fatalf("labels %v, expected [7 0 3]", ds.Y)
			}
			if ds.Groups != nil || ds.ClassNames != nil {
				t.Fatalf("IDX has no groups or class names, got %v %v", ds.Groups, ds.ClassNames)
			}
			if err := ds.Validate(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestReadIDXClassCount(t *testing.T) {
	cases := []struct {
		labels  []byte
		classes int
	}{
		{[]byte{0, 0}, 2},     // at least 2 classes
		{[]byte{1, 0}, 2},     // binary
		{[]byte{9, 4}, 10},    // digits
		{[]byte{255, 0}, 256}, // the largest byte: labels cannot exceed 255
	}
	for _, c := range cases {
		ds, err := readIDX(idxImages(2, 1, 1, []byte{1, 2}), idxLabels(c.labels))
		if err != nil {
			t.Fatal(err)
		}
		if ds.Classes != c.classes {
			t.Errorf("labels %v give %d classes, expected %d", c.labels, ds.Classes, c.classes)
		}
		if err := ds.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func TestReadIDXErrors(t *testing.T) {
	images, labels := idxImages(3, 2, 2, threePixels), idxLabels(threeLabels)
	cases := []struct {
		name           string
		images, labels []byte
		want           []string
		truncated      bool
	}{
		{"images magic", idxFile(0x00000801, []uint32{3, 2, 2}, threePixels), labels,
			[]string{"images: magic number 0x00000801", "expected 0x00000803"}, false},
		{"labels magic", images, idxFile(0x00000803, []uint32{3}, threeLabels),
			[]string{"labels: magic number 0x00000803", "expected 0x00000801"}, false},
		{"int32 images", idxFile(0x00000c03, []uint32{3, 2, 2}, threePixels), labels,
			[]string{"magic number 0x00000c03 (neither IDX images nor labels of unsigned bytes)"}, false},
		{"swapped files", labels, images, []string{"images: magic number 0x00000801"}, false},
		{"empty images", nil, labels, []string{"images: reading the magic number"}, true},
		{"short magic", images[:3], labels, []string{"images: reading the magic number"}, true},
		{"short dims", images[:9], labels, []string{"images: reading the dimensions (3 expected)"}, true},
		{"no label dims", images, labels[:4], []string{"labels: reading the dimensions (1 expected)"}, true},
		{"short pixels", images[:len(images)-1], labels, []string{"images: pixels of 3 images of 2x2", "got 11 of 12 bytes"}, true},
		{"short labels", images, labels[:len(labels)-1], []string{"labels: 3 labels", "got 2 of 3 bytes"}, true},
		{"more images than labels", images, idxLabels(threeLabels[:2]),
			[]string{"the images file holds 3 images but the labels file 2 labels"}, false},
		{"more labels than images", idxImages(2, 2, 2, threePixels[:8]), labels,
			[]string{"the images file holds 2 images but the labels file 3 labels"}, false},
		{"trailing pixel", append(slices.Clone(images), 9), labels,
			[]string{"images: after 3 images: trailing data"}, false},
		{"trailing label", images, append(slices.Clone(labels), 1),
			[]string{"labels: after 3 labels: trailing data"}, false},
		{"no images", idxImages(0, 2, 2, nil), idxLabels(nil), []string{"no images"}, false},
		{"zero rows", idxImages(3, 0, 2, nil), labels, []string{"images are 0x2 pixels, expected at least 1x1"}, false},
		{"oversized", idxImages(1<<20, 1<<10, 1<<10, nil), idxFile(0x00000801, []uint32{1 << 20}, nil),
			[]string{"1048576 images of 1024x1024 pixels exceed the limit of 268435456 values"}, false},
		{"huge dims", idxImages(0xffffffff, 0xffffffff, 0xffffffff, nil), idxFile(0x00000801, []uint32{0xffffffff}, nil),
			[]string{"exceed the limit"}, false},
		{"truncated gzip", gzipped(t, images)[:20], labels, []string{"images:"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ds, err := readIDX(c.images, c.labels)
			requireErrorContains(t, err, c.want...)
			if ds.X != nil || ds.Y != nil {
				t.Fatalf("an error came with data %+v", ds)
			}
			if got := errors.Is(err, io.ErrUnexpectedEOF); got != c.truncated {
				t.Fatalf("errors.Is(%q, io.ErrUnexpectedEOF) = %v, expected %v", err, got, c.truncated)
			}
		})
	}
}

func TestReadIDXBadGzip(t *testing.T) {
	images := gzipped(t, idxImages(3, 2, 2, threePixels))
	// Flip a bit of the CRC-32 in the trailer: the data inflates but the
	// checksum does not match.
	images[len(images)-6] ^= 1
	_, err := readIDX(images, idxLabels(threeLabels))
	requireErrorContains(t, err, "images:", "checksum")

	_, err = readIDX([]byte{0x1f, 0x8b, 0, 0}, idxLabels(threeLabels))
	requireErrorContains(t, err, "images: gzip:")
}

func TestLoadIDX(t *testing.T) {
	dir := t.TempDir()
	imagesPath := writeFile(t, dir, "imgs-idx3-ubyte.gz", gzipped(t, idxImages(3, 2, 2, threePixels)))
	labelsPath := writeFile(t, dir, "labels.bin", idxLabels(threeLabels)) // plain, whatever the name
	ds, err := dataset.LoadIDX(imagesPath, labelsPath)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Name != "imgs-idx3-ubyte.gz" || ds.Len() != 3 || ds.Features != 4 {
		t.Fatalf("loaded %q: %d samples of %d features", ds.Name, ds.Len(), ds.Features)
	}

	_, err = dataset.LoadIDX(filepath.Join(dir, "missing"), labelsPath)
	requireErrorContains(t, err, "idx images:", "missing")
	_, err = dataset.LoadIDX(imagesPath, filepath.Join(dir, "missing"))
	requireErrorContains(t, err, "idx labels:", "missing")
	bad := writeFile(t, dir, "bad", idxLabels(threeLabels[:2]))
	_, err = dataset.LoadIDX(imagesPath, bad)
	requireErrorContains(t, err, imagesPath, bad, "3 images but the labels file 2 labels")
}

// fashionMNIST is the shared Fashion-MNIST copy, outside the repository
// (../shared/datasets from its root).
var fashionMNIST = filepath.Join("..", "..", "..", "shared", "datasets", "fashion-mnist")

// loadFashion loads a Fashion-MNIST set ("train" or "t10k"), skipping when
// the shared copy is absent (it is not part of the repository).
func loadFashion(t testing.TB, set string) dataset.Dataset {
	t.Helper()
	images := filepath.Join(fashionMNIST, set+"-images-idx3-ubyte.gz")
	labels := filepath.Join(fashionMNIST, set+"-labels-idx1-ubyte.gz")
	for _, path := range []string{images, labels} {
		if _, err := os.Stat(path); err != nil {
			t.Skipf("Fashion-MNIST is not at %s: %v", fashionMNIST, err)
		}
	}
	ds, err := dataset.LoadIDX(images, labels)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestLoadIDXFashionMNIST(t *testing.T) {
	for _, c := range []struct {
		set      string
		n, class int
	}{
		{"t10k", 10_000, 1_000},
		{"train", 60_000, 6_000},
	} {
		ds := loadFashion(t, c.set)
		if ds.Len() != c.n || ds.Features != 28*28 || ds.Classes != 10 {
			t.Fatalf("Fashion-MNIST %s: %d samples of %d features, %d classes; expected %d of 784, 10", c.set, ds.Len(), ds.Features, ds.Classes, c.n)
		}
		counts := make([]int, ds.Classes)
		for _, y := range ds.Y {
			counts[y]++
		}
		for class, n := range counts {
			if n != c.class {
				t.Fatalf("%s: class %d has %d samples, expected %d (the sets are balanced)", c.set, class, n, c.class)
			}
		}
		if err := ds.Validate(); err != nil {
			t.Fatal(err)
		}
	}
}
