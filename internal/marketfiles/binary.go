package marketfiles

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// binReader reads a binary file front to back, counting bytes so that a
// truncated or overlong file is reported with the offset and the field
// that is missing.
type binReader struct {
	r      *bufio.Reader
	offset uint64
}

func newBinReader(r io.Reader) *binReader { return &binReader{r: bufio.NewReader(r)} }

// bytes reads exactly n bytes for what. It grows its buffer as data
// arrives, so a corrupt length in a short file does not allocate n bytes.
func (b *binReader) bytes(n uint64, what string) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(min(n, 1<<16)))
	got, err := io.CopyN(&buf, b.r, int64(n))
	b.offset += uint64(got)
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("truncated: the file ends at byte %d, inside %s (%d of its %d bytes present)", b.offset, what, got, n)
		}
		return nil, fmt.Errorf("reading %s at byte %d: %w", what, b.offset, err)
	}
	return buf.Bytes(), nil
}

func (b *binReader) uint8(what string) (uint8, error) {
	bz, err := b.bytes(1, what)
	if err != nil {
		return 0, err
	}
	return bz[0], nil
}

func (b *binReader) uint32(what string) (uint32, error) {
	bz, err := b.bytes(4, what)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint32(bz), nil
}

func (b *binReader) uint64(what string) (uint64, error) {
	bz, err := b.bytes(8, what)
	if err != nil {
		return 0, err
	}
	return binary.BigEndian.Uint64(bz), nil
}

// header checks the magic and the format version that start every file.
func (b *binReader) header(magic [4]byte, version uint8, kind string) error {
	got, err := b.bytes(4, kind+" magic")
	if err != nil {
		return err
	}
	if [4]byte(got) != magic {
		return fmt.Errorf("not a %s: it starts with %x, expected the magic %q", kind, got, magic[:])
	}
	v, err := b.uint8(kind + " format version")
	if err != nil {
		return err
	}
	if v != version {
		return fmt.Errorf("%s format version %d is not supported, expected %d", kind, v, version)
	}
	return nil
}

// end checks that nothing follows the last field.
func (b *binReader) end(kind string) error {
	if _, err := b.r.ReadByte(); err == nil {
		return fmt.Errorf("%s has trailing bytes after its last field at byte %d", kind, b.offset)
	} else if !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading the end of the %s: %w", kind, err)
	}
	return nil
}
