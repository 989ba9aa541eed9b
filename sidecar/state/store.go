package state

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"

	dbm "github.com/cosmos/cosmos-db"
)

// Errors of the store.
var (
	// ErrNotFound is returned for a key the store does not hold.
	ErrNotFound = errors.New("state: not found")
	// ErrClosed is returned after Close.
	ErrClosed = errors.New("state: store is closed")
)

// Buckets of the store: each key is one prefix byte and the record's key.
const (
	bucketModel  byte = 'm' // commitment -> model bytes (the wire format)
	bucketDeal   byte = 'd' // deal id -> Deal
	bucketKey    byte = 'k' // deal id -> the deal's 32-byte key
	bucketOutbox byte = 'o' // outbox id -> OutboxEntry
	bucketMeta   byte = '_' // name -> value
)

// metaCursor is the last processed height; metaNextOutbox the next id.
const (
	metaCursor     = "cursor"
	metaNextOutbox = "next_outbox"
)

// Store is the sidecar's state. It is safe for concurrent use.
type Store struct {
	mu     sync.Mutex
	db     dbm.DB
	closed bool
}

// Open opens (or creates) the store in dir, which is created with mode
// 0700 (it holds deal keys).
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("state: creating %s: %w", dir, err)
	}
	db, err := dbm.NewGoLevelDB("sidecar", dir, nil)
	if err != nil {
		return nil, fmt.Errorf("state: opening %s: %w", dir, err)
	}
	return &Store{db: db}, nil
}

// Close closes the store; later calls return ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return s.db.Close()
}

func key(bucket byte, k []byte) []byte { return append([]byte{bucket}, k...) }

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

// get reads a raw value.
func (s *Store) get(k []byte) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	v, err := s.db.Get(k)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, ErrNotFound
	}
	return v, nil
}

// write applies puts (nil value: delete) in one synced batch: all or
// nothing, durable when it returns.
func (s *Store) write(puts map[string][]byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeLocked(puts)
}

// writeLocked is write with s.mu held.
func (s *Store) writeLocked(puts map[string][]byte) error {
	if s.closed {
		return ErrClosed
	}
	b := s.db.NewBatch()
	defer b.Close()
	for k, v := range puts {
		var err error
		if v == nil {
			err = b.Delete([]byte(k))
		} else {
			err = b.Set([]byte(k), v)
		}
		if err != nil {
			return err
		}
	}
	return b.WriteSync()
}

// each calls fn with every value of bucket, in key order.
func (s *Store) each(bucket byte, fn func(k, v []byte) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	it, err := s.db.Iterator([]byte{bucket}, []byte{bucket + 1})
	if err != nil {
		return err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		if err := fn(it.Key()[1:], it.Value()); err != nil {
			return err
		}
	}
	return it.Error()
}

// getJSON decodes a JSON record.
func (s *Store) getJSON(k []byte, out any) error {
	v, err := s.get(k)
	if err != nil {
		return err
	}
	return json.Unmarshal(v, out)
}
