package wire

import (
	"fmt"

	"github.com/litegpt/litegpt/sidecar/quant"
	"github.com/litegpt/litegpt/sidecar/tt"
)

// Version is the wire format version this package writes and reads.
const Version = 1

// MaxMessageBytes bounds an encoded message (a 2^26-parameter model at
// int32 is 256 MiB; gossip models are far smaller).
const MaxMessageBytes = 1 << 28

// Options choose how a model is encoded.
type Options struct {
	// Precision of every tensor (TT cores included).
	Precision quant.Precision
	// BlockSize is the number of values per scale for int8 and int4.
	BlockSize int
	// TTRank > 0 sends each dense weight matrix whose sides both factor
	// into TTCores modes as a TT-SVD with ranks capped at TTRank
	// (lossy); 0 sends matrices as they are.
	TTRank int
	// TTCores is the number of TT cores of such matrices (2..8).
	TTCores int
	// Uncommitted leaves the commitment empty. Only in-process
	// simulations use it, to skip hashing what they never send; Decode
	// rejects such a message.
	Uncommitted bool
}

// DefaultBlockSize is the int8/int4 block of 64 values (one 4-byte scale
// per 64 bytes of int8 codes).
const DefaultBlockSize = 64

// Plain is lossless int32.
func Plain() Options { return Options{Precision: quant.Int32} }

// Validate checks the options.
func (o Options) Validate() error {
	if !o.Precision.Valid() {
		return fmt.Errorf("wire options: unknown precision %d: expected int32, fp16, int8 or int4", o.Precision)
	}
	if (o.Precision == quant.Int8 || o.Precision == quant.Int4) && (o.BlockSize < 1 || o.BlockSize > 1<<16) {
		return fmt.Errorf("wire options: %s needs a block size of 1..65536, got %d", o.Precision, o.BlockSize)
	}
	if o.TTRank < 0 || o.TTRank > 256 {
		return fmt.Errorf("wire options: TT rank must be 0..256, got %d", o.TTRank)
	}
	if o.TTRank > 0 && (o.TTCores < 2 || o.TTCores > 8) {
		return fmt.Errorf("wire options: TT encoding needs 2..8 cores, got %d", o.TTCores)
	}
	return nil
}

// blockSize is the block size quant expects for the precision.
func (o Options) blockSize() int {
	if o.Precision == quant.Int8 || o.Precision == quant.Int4 {
		return o.BlockSize
	}
	return 1
}

// ttModes factors a rows x cols matrix for TT encoding, or reports false
// when either side does not factor into TTCores modes.
func (o Options) ttModes(rows, cols int) (rowModes, colModes []int, ok bool) {
	if o.TTRank == 0 {
		return nil, nil, false
	}
	r, err := tt.Modes(rows, o.TTCores)
	if err != nil {
		return nil, nil, false
	}
	c, err := tt.Modes(cols, o.TTCores)
	if err != nil {
		return nil, nil, false
	}
	return r, c, true
}
