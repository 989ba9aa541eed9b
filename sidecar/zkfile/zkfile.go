package zkfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
)

// Kind is what a file holds.
type Kind uint8

// Kinds of files.
const (
	KindProof        Kind = 1
	KindProvingKey   Kind = 2
	KindVerifyingKey Kind = 3
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindProof:
		return "proof"
	case KindProvingKey:
		return "proving key"
	case KindVerifyingKey:
		return "verifying key"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// maxPayload bounds what a reader allocates per kind.
func (k Kind) maxPayload() uint64 {
	switch k {
	case KindProof:
		return 1 << 12
	case KindVerifyingKey:
		return 1 << 20
	case KindProvingKey:
		return 1 << 34
	}
	return 0
}

// Version is the envelope's format version.
const Version uint16 = 1

var magic = []byte("LGPTZK")

// ErrMalformed wraps every decoding error.
var ErrMalformed = errors.New("malformed zk file")

var idPattern = regexp.MustCompile(`^[a-z0-9._-]{3,64}$`)

// Marshal wraps obj's gnark encoding in the envelope.
func Marshal(kind Kind, circuitID string, obj io.WriterTo) ([]byte, error) {
	if kind.maxPayload() == 0 {
		return nil, fmt.Errorf("unknown file kind %d", kind)
	}
	if !idPattern.MatchString(circuitID) {
		return nil, fmt.Errorf("circuit id %q must be 3..64 of a-z, 0-9, '.', '_', '-'", circuitID)
	}
	var payload bytes.Buffer
	if _, err := obj.WriteTo(&payload); err != nil {
		return nil, fmt.Errorf("encode %s: %w", kind, err)
	}
	out := make([]byte, 0, 50+len(circuitID)+payload.Len())
	out = append(out, magic...)
	out = binary.BigEndian.AppendUint16(out, Version)
	out = append(out, byte(kind), byte(len(circuitID)))
	out = append(out, circuitID...)
	out = binary.BigEndian.AppendUint64(out, uint64(payload.Len()))
	sum := checksum(out, payload.Bytes())
	out = append(out, sum[:]...)
	return append(out, payload.Bytes()...), nil
}

// checksum is SHA-256 of the header before it and the payload.
func checksum(header, payload []byte) [32]byte {
	h := sha256.New()
	h.Write(header)
	h.Write(payload)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Unmarshal checks the envelope of bz, expecting kind and (unless
// wantID is empty) circuit wantID, and decodes the payload into obj. It
// returns the file's circuit id.
func Unmarshal(bz []byte, kind Kind, wantID string, obj io.ReaderFrom) (string, error) {
	fail := func(format string, args ...any) (string, error) {
		return "", fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
	}
	if len(bz) < 10 || !bytes.Equal(bz[:6], magic) {
		return fail("not a LiteGPT zk file (no %q header)", magic)
	}
	if v := binary.BigEndian.Uint16(bz[6:]); v != Version {
		return fail("format version %d, this build reads version %d", v, Version)
	}
	if got := Kind(bz[8]); got != kind {
		return fail("file holds a %s, expected a %s", got, kind)
	}
	n := int(bz[9])
	if len(bz) < 10+n+40 {
		return fail("truncated header (%d bytes)", len(bz))
	}
	id := string(bz[10 : 10+n])
	if !idPattern.MatchString(id) {
		return fail("circuit id %q is not a valid id", id)
	}
	if wantID != "" && id != wantID {
		return fail("%s is for circuit %s, expected %s", kind, id, wantID)
	}
	size := binary.BigEndian.Uint64(bz[10+n:])
	payload := bz[10+n+40:]
	if size > kind.maxPayload() {
		return fail("%s payload of %d bytes exceeds the %d-byte limit", kind, size, kind.maxPayload())
	}
	if uint64(len(payload)) != size {
		return fail("header announces a %d-byte payload, the file has %d (truncated or padded)", size, len(payload))
	}
	if sum := checksum(bz[:10+n+8], payload); !bytes.Equal(sum[:], bz[10+n+8:10+n+40]) {
		return fail("checksum mismatch: the file is corrupted")
	}
	r := bytes.NewReader(payload)
	read, err := readFrom(obj, r)
	if err != nil {
		return fail("gnark cannot decode the %s: %v", kind, err)
	}
	if read != int64(len(payload)) {
		return fail("%d trailing bytes after the %s", int64(len(payload))-read, kind)
	}
	return id, nil
}

// readFrom runs gnark's decoder, turning a panic on hostile bytes into an
// error (the checksum makes that unlikely but not impossible).
func readFrom(obj io.ReaderFrom, r io.Reader) (n int64, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder panicked: %v", p)
		}
	}()
	return obj.ReadFrom(r)
}

// WriteFile writes bz atomically: a synced temporary file in the same
// directory renamed over path.
func WriteFile(path string, bz []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(bz); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Write marshals obj and writes it to path.
func Write(path string, kind Kind, circuitID string, obj io.WriterTo) error {
	bz, err := Marshal(kind, circuitID, obj)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := WriteFile(path, bz); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// ReadProof reads a proof file for circuit wantID (any if empty).
func ReadProof(path, wantID string) (groth16.Proof, string, error) {
	p := groth16.NewProof(ecc.BN254)
	id, err := readFile(path, KindProof, wantID, p)
	return p, id, err
}

// ReadProvingKey reads a proving-key file.
func ReadProvingKey(path, wantID string) (groth16.ProvingKey, string, error) {
	pk := groth16.NewProvingKey(ecc.BN254)
	id, err := readFile(path, KindProvingKey, wantID, pk)
	return pk, id, err
}

// ReadVerifyingKey reads a verifying-key file.
func ReadVerifyingKey(path, wantID string) (groth16.VerifyingKey, string, error) {
	vk := groth16.NewVerifyingKey(ecc.BN254)
	id, err := readFile(path, KindVerifyingKey, wantID, vk)
	return vk, id, err
}

func readFile(path string, kind Kind, wantID string, obj io.ReaderFrom) (string, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	id, err := Unmarshal(bz, kind, wantID, obj)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return id, nil
}
