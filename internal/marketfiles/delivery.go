package marketfiles

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/litegpt/litegpt/pkg/commit"
)

// Delivery file layout (all integers big-endian):
//
//	"LGDV"            magic
//	1                 format version (uint8)
//	deal id           (uint64)
//	leaf start        (uint64) the deal's first leaf in the offer's data tree
//	c                 chunk count (uint32), at least 1
//	c times:
//	  len             chunk length (uint32), 0..MaxChunkBytes
//	  len bytes       the ciphertext chunk, as exchange.SealLeaves made it
//
// and nothing after the last chunk. Chunk i is chunk index i of the deal:
// what exchange.CiphertextRoot hashes in order.
var deliveryMagic = [4]byte{'L', 'G', 'D', 'V'}

// DeliveryVersion is the delivery file format version this package writes.
const DeliveryVersion = 1

// MaxChunkBytes bounds one chunk of a delivery file: 64 MiB, the largest
// chunk size the chain's max_chunk_bytes parameter may ever allow. Chunks of
// any length up to it are kept as they are, even ones too short to be a
// ciphertext, because a bad chunk is exactly what a buyer must be able to
// read and dispute.
const MaxChunkBytes = 64 << 20

// Delivery is the seller's encrypted delivery of one deal.
type Delivery struct {
	DealID    uint64
	LeafStart uint64
	Chunks    [][]byte
}

// Validate checks the delivery's ranges: 1..2^32-1 chunks (a chunk index is
// a uint32), each at most MaxChunkBytes, and leaves LeafStart.. inside the
// largest data tree.
func (d Delivery) Validate() error {
	if len(d.Chunks) == 0 || uint64(len(d.Chunks)) > math.MaxUint32 {
		return fmt.Errorf("a delivery has 1..%d chunks, got %d", uint32(math.MaxUint32), len(d.Chunks))
	}
	if d.LeafStart > commit.MaxLeaves || uint64(len(d.Chunks)) > commit.MaxLeaves-d.LeafStart {
		return fmt.Errorf("a delivery of %d chunks from leaf %d runs past the largest data tree (%d leaves)", len(d.Chunks), d.LeafStart, commit.MaxLeaves)
	}
	for i, c := range d.Chunks {
		if len(c) > MaxChunkBytes {
			return fmt.Errorf("chunk %d is %d bytes, at most %d", i, len(c), MaxChunkBytes)
		}
	}
	return nil
}

// WriteDelivery writes d as a delivery file.
func WriteDelivery(w io.Writer, d Delivery) error {
	if err := d.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.Write(deliveryMagic[:])
	bw.WriteByte(DeliveryVersion)
	bw.Write(binary.BigEndian.AppendUint64(nil, d.DealID))
	bw.Write(binary.BigEndian.AppendUint64(nil, d.LeafStart))
	bw.Write(binary.BigEndian.AppendUint32(nil, uint32(len(d.Chunks))))
	for _, c := range d.Chunks {
		bw.Write(binary.BigEndian.AppendUint32(nil, uint32(len(c))))
		bw.Write(c)
	}
	return bw.Flush() // bufio keeps the first write error and returns it here
}

// ReadDelivery reads a delivery file, rejecting a wrong magic or version,
// a truncated file, trailing bytes and out-of-range counts and lengths.
func ReadDelivery(r io.Reader) (Delivery, error) {
	br := newBinReader(r)
	if err := br.header(deliveryMagic, DeliveryVersion, "delivery file"); err != nil {
		return Delivery{}, err
	}
	var d Delivery
	var err error
	if d.DealID, err = br.uint64("the deal id"); err != nil {
		return Delivery{}, err
	}
	if d.LeafStart, err = br.uint64("the leaf start"); err != nil {
		return Delivery{}, err
	}
	count, err := br.uint32("the chunk count")
	if err != nil {
		return Delivery{}, err
	}
	if count == 0 {
		return Delivery{}, fmt.Errorf("delivery file names 0 chunks, expected at least 1")
	}
	if d.LeafStart > commit.MaxLeaves || uint64(count) > commit.MaxLeaves-d.LeafStart {
		return Delivery{}, fmt.Errorf("delivery file names %d chunks from leaf %d, past the largest data tree (%d leaves)", count, d.LeafStart, commit.MaxLeaves)
	}
	for i := range count {
		n, err := br.uint32(fmt.Sprintf("the length of chunk %d", i))
		if err != nil {
			return Delivery{}, err
		}
		if n > MaxChunkBytes {
			return Delivery{}, fmt.Errorf("chunk %d names %d bytes, at most %d", i, n, MaxChunkBytes)
		}
		c, err := br.bytes(uint64(n), fmt.Sprintf("the %d bytes of chunk %d", n, i))
		if err != nil {
			return Delivery{}, err
		}
		d.Chunks = append(d.Chunks, c)
	}
	if err := br.end("delivery file"); err != nil {
		return Delivery{}, err
	}
	return d, nil
}

// WriteDeliveryFile writes d to a new file at path (mode 0644). It refuses
// to replace an existing file: once a delivery's root is posted, its chunks
// are the only ones the buyer can accept.
func WriteDeliveryFile(path string, d Delivery) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return CreateFile(path, 0o644, func(w io.Writer) error { return WriteDelivery(w, d) })
}

// ReadDeliveryFile reads the delivery file at path.
func ReadDeliveryFile(path string) (Delivery, error) {
	f, err := os.Open(path)
	if err != nil {
		return Delivery{}, err
	}
	defer f.Close()
	d, err := ReadDelivery(f)
	if err != nil {
		return Delivery{}, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}
