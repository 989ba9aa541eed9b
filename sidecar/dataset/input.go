package dataset

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// gzipMagic starts every gzip stream.
var gzipMagic = []byte{0x1f, 0x8b}

// decompress returns r's content, gunzipped when it starts with the gzip
// magic (whatever the file is called).
func decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic, err := br.Peek(len(gzipMagic))
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if !bytes.Equal(magic, gzipMagic) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return zr, nil
}

// readExactly reads n bytes, growing its buffer only as data arrives, so a
// header that promises more than the input holds costs no memory. Fewer
// bytes are an error wrapping io.ErrUnexpectedEOF that says how many came.
func readExactly(r io.Reader, n uint64) ([]byte, error) {
	var buf bytes.Buffer
	got, err := buf.ReadFrom(io.LimitReader(r, int64(n)))
	if err != nil {
		return nil, err
	}
	if uint64(got) < n {
		return nil, fmt.Errorf("%w: got %d of %d bytes", io.ErrUnexpectedEOF, got, n)
	}
	return buf.Bytes(), nil
}

// expectEOF checks that r holds nothing more (reading to the end also
// makes a gzip reader verify its checksum).
func expectEOF(r io.Reader) error {
	var one [1]byte
	n, err := io.ReadFull(r, one[:])
	switch {
	case n > 0:
		return errors.New("trailing data after the declared content")
	case errors.Is(err, io.EOF):
		return nil
	default:
		return err
	}
}
