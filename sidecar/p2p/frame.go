package p2p

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Frames are a 4-byte big-endian length followed by that many bytes.

// writeFrame writes one length-prefixed frame.
func writeFrame(w io.Writer, payload []byte) error {
	if uint64(len(payload)) > maxFrame {
		return ErrMessageTooLarge
	}
	var hdr [4]byte
	binary.BigEndian.PutUint32(hdr[:], uint32(len(payload)))
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}

// readFrameHeader reads a frame's length prefix.
func readFrameHeader(r io.Reader) (uint64, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, err
	}
	return uint64(binary.BigEndian.Uint32(hdr[:])), nil
}

// readFrame reads one frame of at most max bytes. A longer frame is not
// read: it returns an error wrapping ErrMessageTooLarge and the caller
// must reset the stream.
func readFrame(r io.Reader, max int) ([]byte, error) {
	n, err := readFrameHeader(r)
	if err != nil {
		return nil, err
	}
	if n > uint64(max) {
		return nil, fmt.Errorf("%w: frame of %d bytes, limit %d", ErrMessageTooLarge, n, max)
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, err
	}
	return buf, nil
}
