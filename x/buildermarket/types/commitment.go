package types

import (
	"crypto/sha256"
	"encoding/binary"
)

// DatasetKind says which committed dataset of a task a commitment opens.
type DatasetKind byte

// Dataset kinds.
const (
	// DatasetValidation is a validation slice (index = its position).
	DatasetValidation DatasetKind = 0
	// DatasetTest is the hidden test set (index 0).
	DatasetTest DatasetKind = 1
)

// datasetTag domain-separates dataset commitments.
const datasetTag = "litegpt/dataset/v1"

// DatasetCommitment is what a task commits for a dataset it reveals later:
// SHA-256("litegpt/dataset/v1" || kind || index (uint32 big-endian) ||
// data root (32 bytes) || leaf count (uint64 big-endian) || salt). The salt
// (32 random bytes) hides the root until the reveal; the kind and index
// stop one slice's opening from being used for another.
func DatasetCommitment(kind DatasetKind, index uint32, dataRoot []byte, leafCount uint64, salt []byte) []byte {
	h := sha256.New()
	h.Write([]byte(datasetTag))
	h.Write([]byte{byte(kind)})
	h.Write(binary.BigEndian.AppendUint32(nil, index))
	h.Write(dataRoot)
	h.Write(binary.BigEndian.AppendUint64(nil, leafCount))
	h.Write(salt)
	return h.Sum(nil)
}
