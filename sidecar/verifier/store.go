package verifier

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/wire"
)

// ErrWithheld is returned by a Store that does not hold the weights asked
// for: the verifier could not fetch them (VERDICT_WITHHELD).
var ErrWithheld = errors.New("weights withheld")

// ErrMismatch is returned by a Store whose entry for a commitment is not a
// model with that commitment (a corrupted or substituted file): the
// fetched weights do not match (VERDICT_INVALID).
var ErrMismatch = errors.New("weights do not match their commitment")

// Store fetches model weights by their pkg/commit weights commitment (what
// x/pog records as a version's weights_commitment).
//
// Weights returns ErrWithheld (possibly wrapped) when the store does not
// hold the commitment and ErrMismatch when what it holds is not a model
// with that commitment; any other error is the store's own failure (a
// verifier does not vote on it). A store need not check what it returns:
// Reexecute checks every model against the commitment it asked for.
type Store interface {
	Weights(c commit.Digest) (*learn.Model, error)
}

// MemStore is an in-process Store. The zero value is empty and ready;
// it is safe for concurrent use and hands out copies.
type MemStore struct {
	mu     sync.RWMutex
	models map[commit.Digest]*learn.Model
}

// NewMemStore returns a store holding models, each under its own
// commitment.
func NewMemStore(models ...*learn.Model) (*MemStore, error) {
	s := &MemStore{}
	for i, m := range models {
		if _, err := s.Add(m); err != nil {
			return nil, fmt.Errorf("model %d: %w", i, err)
		}
	}
	return s, nil
}

// Add stores a copy of m under its weights commitment and returns it.
func (s *MemStore) Add(m *learn.Model) (commit.Digest, error) {
	if m == nil {
		return commit.Digest{}, errors.New("memstore: nil model")
	}
	if err := m.Validate(); err != nil {
		return commit.Digest{}, fmt.Errorf("memstore: %w", err)
	}
	c, err := m.Commitment()
	if err != nil {
		return commit.Digest{}, fmt.Errorf("memstore: %w", err)
	}
	s.Put(c, m)
	return c, nil
}

// Put stores a copy of m under c as given, without checking that c is its
// commitment (what an untrusted peer could serve; Reexecute checks). A nil
// m removes c.
func (s *MemStore) Put(c commit.Digest, m *learn.Model) {
	if m == nil {
		s.Remove(c)
		return
	}
	m = m.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.models == nil {
		s.models = make(map[commit.Digest]*learn.Model)
	}
	s.models[c] = m
}

// Remove drops c, so the store withholds it.
func (s *MemStore) Remove(c commit.Digest) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.models, c)
}

// Weights returns a copy of the model stored under c, or ErrWithheld.
func (s *MemStore) Weights(c commit.Digest) (*learn.Model, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.models[c]
	if !ok {
		return nil, fmt.Errorf("%w: %s is not in the store", ErrWithheld, c)
	}
	return m.Clone(), nil
}

// DirStore is a Store over a directory of model files, one per version,
// named <hex commitment>.model, in the sidecar's model file format: one
// lossless sidecar/wire message (wire.Plain), the format litegpt-sidecar
// train and prove write.
type DirStore struct {
	Dir string
}

// ModelFileExt ends every DirStore file name.
const ModelFileExt = ".model"

// Path is where the store keeps the model of commitment c.
func (s DirStore) Path(c commit.Digest) string {
	return filepath.Join(s.Dir, c.String()+ModelFileExt)
}

// Weights reads and decodes the file of c. No file is ErrWithheld; a file
// that is not a valid model message (wire.ErrMalformed: truncated,
// corrupted, over wire.MaxMessageBytes, or with weights that do not match
// the commitment it carries) or that carries another commitment is
// ErrMismatch; any other failure (permissions, I/O) is returned as is.
func (s DirStore) Weights(c commit.Digest) (*learn.Model, error) {
	path := s.Path(c)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: no model file %s", ErrWithheld, path)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("model file %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("model file %s is not a regular file", path)
	}
	// The limit holds even if the file grows after Stat.
	bz, err := io.ReadAll(io.LimitReader(f, wire.MaxMessageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("model file %s: %w", path, err)
	}
	msg, err := wire.Decode(bz)
	if err != nil {
		if errors.Is(err, wire.ErrMalformed) {
			return nil, fmt.Errorf("%w: model file %s: %v", ErrMismatch, path, err)
		}
		return nil, fmt.Errorf("model file %s: %w", path, err)
	}
	if msg.Commitment != c {
		return nil, fmt.Errorf("%w: model file %s holds weights with commitment %s", ErrMismatch, path, msg.Commitment)
	}
	return msg.Model, nil
}

// Put writes m as the model file of its commitment (atomically: a reader
// never sees half a file) with its gossip metadata, and returns the
// commitment.
func (s DirStore) Put(m *learn.Model, samples, age uint64) (commit.Digest, error) {
	if m == nil {
		return commit.Digest{}, errors.New("dirstore: nil model")
	}
	bz, decoded, err := wire.Encode(m, samples, age, wire.Plain(), nil)
	if err != nil {
		return commit.Digest{}, fmt.Errorf("dirstore: %w", err)
	}
	c, err := decoded.Commitment()
	if err != nil {
		return commit.Digest{}, fmt.Errorf("dirstore: %w", err)
	}
	if err := writeFileAtomic(s.Path(c), bz, 0o644); err != nil {
		return commit.Digest{}, err
	}
	return c, nil
}
