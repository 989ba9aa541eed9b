package dataset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// IDX magic numbers: two zero bytes, the element type (0x08, unsigned
// byte) and the number of dimensions.
const (
	idxImagesMagic = 0x00000803 // N x rows x cols unsigned bytes
	idxLabelsMagic = 0x00000801 // N unsigned bytes
)

// LoadIDX reads an IDX images file and its labels file (the MNIST /
// Fashion-MNIST layout), each plain or gzip-compressed. The data set is
// named after the images file. See ReadIDX.
func LoadIDX(imagesPath, labelsPath string) (Dataset, error) {
	images, err := os.Open(imagesPath)
	if err != nil {
		return Dataset{}, fmt.Errorf("idx images: %w", err)
	}
	defer images.Close()
	labels, err := os.Open(labelsPath)
	if err != nil {
		return Dataset{}, fmt.Errorf("idx labels: %w", err)
	}
	defer labels.Close()
	ds, err := ReadIDX(images, labels)
	if err != nil {
		return Dataset{}, fmt.Errorf("idx %s, %s: %w", imagesPath, labelsPath, err)
	}
	ds.Name = filepath.Base(imagesPath)
	return ds, nil
}

// ReadIDX reads IDX images (magic 0x00000803: N images of rows x cols
// unsigned bytes) and labels (magic 0x00000801: N unsigned bytes), each
// plain or gzip-compressed. Each image is a sample of rows*cols features,
// pixel/255 in [0, 1]; Classes is the largest label + 1, at least 2.
// Wrong magic numbers, differing counts, empty or oversized data sets
// (more than MaxValues pixels), truncated data and trailing bytes are
// errors; truncation wraps io.ErrUnexpectedEOF.
func ReadIDX(images, labels io.Reader) (Dataset, error) {
	img, err := decompress(images)
	if err != nil {
		return Dataset{}, fmt.Errorf("images: %w", err)
	}
	lab, err := decompress(labels)
	if err != nil {
		return Dataset{}, fmt.Errorf("labels: %w", err)
	}
	imgDims, err := readIDXHeader(img, idxImagesMagic)
	if err != nil {
		return Dataset{}, fmt.Errorf("images: %w", err)
	}
	labDims, err := readIDXHeader(lab, idxLabelsMagic)
	if err != nil {
		return Dataset{}, fmt.Errorf("labels: %w", err)
	}
	n, rows, cols := uint64(imgDims[0]), uint64(imgDims[1]), uint64(imgDims[2])
	if labDims[0] != imgDims[0] {
		return Dataset{}, fmt.Errorf("the images file holds %d images but the labels file %d labels", n, labDims[0])
	}
	if n == 0 {
		return Dataset{}, errors.New("the files hold no images")
	}
	if rows == 0 || cols == 0 {
		return Dataset{}, fmt.Errorf("images are %dx%d pixels, expected at least 1x1", rows, cols)
	}
	features := rows * cols // < 2^64: both are below 2^32
	if features > MaxValues || n > MaxValues/features {
		return Dataset{}, fmt.Errorf("%d images of %dx%d pixels exceed the limit of %d values", n, rows, cols, MaxValues)
	}
	y, classes, err := readIDXLabels(lab, n)
	if err != nil {
		return Dataset{}, fmt.Errorf("labels: %w", err)
	}
	pixels, err := readExactly(img, n*features)
	if err != nil {
		return Dataset{}, fmt.Errorf("images: pixels of %d images of %dx%d: %w", n, rows, cols, err)
	}
	if err := expectEOF(img); err != nil {
		return Dataset{}, fmt.Errorf("images: after %d images: %w", n, err)
	}
	x := make([]float64, len(pixels))
	for i, p := range pixels {
		x[i] = float64(p) / 255
	}
	return Dataset{Features: int(features), Classes: classes, X: x, Y: y}, nil
}

// readIDXLabels reads n labels and checks the stream ends there.
func readIDXLabels(r io.Reader, n uint64) ([]int, int, error) {
	raw, err := readExactly(r, n)
	if err != nil {
		return nil, 0, fmt.Errorf("%d labels: %w", n, err)
	}
	if err := expectEOF(r); err != nil {
		return nil, 0, fmt.Errorf("after %d labels: %w", n, err)
	}
	y := make([]int, len(raw))
	classes := 2
	for i, b := range raw {
		y[i] = int(b)
		classes = max(classes, int(b)+1)
	}
	return y, classes, nil
}

// readIDXHeader reads the magic number and dimensions and checks the
// magic is want.
func readIDXHeader(r io.Reader, want uint32) ([]uint32, error) {
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, fmt.Errorf("reading the magic number: %w", eofIsTruncation(err))
	}
	got := binary.BigEndian.Uint32(magic[:])
	if got != want {
		return nil, fmt.Errorf("magic number 0x%08x (%s), expected 0x%08x (%s)", got, describeIDXMagic(got), want, describeIDXMagic(want))
	}
	dims := make([]uint32, want&0xff)
	if err := binary.Read(r, binary.BigEndian, dims); err != nil {
		return nil, fmt.Errorf("reading the dimensions (%d expected): %w", len(dims), eofIsTruncation(err))
	}
	return dims, nil
}

// describeIDXMagic says what an IDX magic number stands for.
func describeIDXMagic(magic uint32) string {
	switch magic {
	case idxImagesMagic:
		return "unsigned-byte images, 3 dimensions"
	case idxLabelsMagic:
		return "unsigned-byte labels, 1 dimension"
	}
	return "neither IDX images nor labels of unsigned bytes"
}

// eofIsTruncation turns a bare io.EOF (nothing at all where data was due)
// into io.ErrUnexpectedEOF.
func eofIsTruncation(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
