package dataset_test

import (
	"bytes"
	"testing"

	"github.com/litegpt/litegpt/sidecar/dataset"
)

// FuzzReadIDX: any pair of inputs gives an error or a valid data set of
// pixels in [0, 1], never a panic.
func FuzzReadIDX(f *testing.F) {
	images, labels := idxImages(3, 2, 2, threePixels), idxLabels(threeLabels)
	f.Add(images, labels)
	f.Add(gzipped(f, images), gzipped(f, labels))
	f.Add(images, gzipped(f, labels))
	f.Add(idxImages(1, 1, 1, []byte{255}), idxLabels([]byte{255}))
	f.Add(idxFile(0x00000801, []uint32{3, 2, 2}, threePixels), labels) // wrong magic
	f.Add(images[:9], labels)                                          // truncated header
	f.Add(images[:len(images)-1], labels)                              // truncated pixels
	f.Add(append(images, 0), labels)                                   // trailing byte
	f.Add(images, idxLabels(threeLabels[:2]))                          // counts differ
	f.Add(idxImages(0, 2, 2, nil), idxLabels(nil))                     // no images
	f.Add(idxImages(1<<20, 1<<10, 1<<10, nil), idxFile(0x00000801, []uint32{1 << 20}, nil))
	f.Add(idxImages(1<<20, 1, 1, nil), idxFile(0x00000801, []uint32{1 << 20}, nil)) // promises more than it holds
	f.Add([]byte{}, []byte{})
	f.Add([]byte{0x1f, 0x8b}, []byte{0x1f})
	f.Fuzz(func(t *testing.T, images, labels []byte) {
		ds, err := dataset.ReadIDX(bytes.NewReader(images), bytes.NewReader(labels))
		if err != nil {
			if ds.X != nil || ds.Y != nil {
				t.Fatalf("error %q came with data", err)
			}
			return
		}
		if err := ds.Validate(); err != nil {
			t.Fatalf("ReadIDX returned an invalid data set: %v", err)
		}
		if ds.Len() == 0 || ds.Classes < 2 || ds.Classes > 256 {
			t.Fatalf("%d samples, %d classes: expected at least one sample and 2..256 classes", ds.Len(), ds.Classes)
		}
		// A pixel is a byte, so the input holds every value the data set does.
		if len(ds.X) > len(images) && bytes.HasPrefix(images, []byte{0, 0}) {
			t.Fatalf("%d pixels from %d bytes of plain input", len(ds.X), len(images))
		}
		for k, x := range ds.X {
			if x < 0 || x > 1 {
				t.Fatalf("value %d is %v, expected pixel/255 in [0, 1]", k, x)
			}
		}
	})
}

// FuzzReadCSV: any input and options give an error or a valid data set,
// never a panic.
func FuzzReadCSV(f *testing.F) {
	type seed struct {
		text         string
		header       bool
		label, group string
		scale        float64
	}
	seeds := []seed{
		{"1,2,0\n3,4,1\n", false, "", "", 0},
		{"a,b,y\n1,2,0\n3,4,1\n", true, "y", "", 0},
		{"a,w,y\n1,bob,cat\n3,,dog\n", true, "y", "w", 16},
		{"1,2,0\n3,4\n", false, "", "", 0},
		{"1,x,0\n", false, "last", "", 0},
		{"\"1\",\"2\nx\",0\r\n", false, "0", "1", 2},
		{"NaN,Inf,1e999,0\n", false, "", "", 0},
		{"1,65536\n1,-1\n", false, "1", "", 0},
		{"\ufeffy\n", true, "y", "", 0},
		{"", false, "", "", 0},
		{"1,2,3\n", false, "7", "2", -1},
		{"1,2,\"3\n", false, "", "", 1e-300},
	}
	for _, s := range seeds {
		f.Add([]byte(s.text), s.header, s.label, s.group, s.scale)
	}
	f.Add(gzipped(f, []byte("1,2,0\n3,4,1\n")), false, "", "", 0.0)
	f.Add(gzipped(f, []byte("1,2,0\n\"3,4,1\n"))[:20], false, "", "", 0.0)
	f.Fuzz(func(t *testing.T, data []byte, header bool, label, group string, scale float64) {
		opts := dataset.CSVOptions{Header: header, LabelColumn: label, GroupColumn: group, Scale: scale}
		ds, err := dataset.ReadCSV(bytes.NewReader(data), opts)
		if err != nil {
			if ds.X != nil || ds.Y != nil {
				t.Fatalf("error %q came with data", err)
			}
			return
		}
		if err := opts.Validate(); err != nil {
			t.Fatalf("ReadCSV accepted options that do not validate: %v", err)
		}
		if err := ds.Validate(); err != nil {
			t.Fatalf("ReadCSV returned an invalid data set: %v", err)
		}
		if ds.Len() == 0 || ds.Classes > dataset.MaxClasses {
			t.Fatalf("%d samples, %d classes", ds.Len(), ds.Classes)
		}
		if (opts.GroupColumn != "") != (ds.Groups != nil) {
			t.Fatalf("group column %q but groups %v", opts.GroupColumn, ds.Groups)
		}
	})
}
