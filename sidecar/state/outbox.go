package state

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// Status is where an outbox entry is.
type Status string

// Outbox statuses.
const (
	// StatusSigned: signed and recorded, maybe broadcast. After a restart
	// the sidecar looks the hash up on chain before anything else: found,
	// it is included; not found, it broadcasts the same bytes again (the
	// same sequence: the chain cannot run it twice).
	StatusSigned Status = "signed"
	// StatusIncluded: found in a block.
	StatusIncluded Status = "included"
	// StatusAbandoned: can never be included (its sequence was used by
	// another transaction, or the chain refused it).
	StatusAbandoned Status = "abandoned"
)

// OutboxEntry is a transaction the sidecar is sending.
type OutboxEntry struct {
	// ID numbers entries from 1 in the order they were added.
	ID uint64 `json:"id"`
	// Purpose says what it does, e.g. "deliver deal 7".
	Purpose string `json:"purpose"`
	// Tx is the signed transaction's bytes.
	Tx []byte `json:"tx"`
	// Hash is its hash (hex, as the node reports it).
	Hash string `json:"hash"`
	// Sequence is the account sequence it was signed with.
	Sequence uint64 `json:"sequence"`
	// Status is where it is.
	Status Status `json:"status"`
	// Height is its block (included) or 0.
	Height int64 `json:"height"`
	// Reason says why it was abandoned.
	Reason string `json:"reason,omitempty"`
}

// Record adds a signed transaction to the outbox before it is broadcast
// and returns its id: if the sidecar dies after the broadcast, the entry
// tells the next start to look for it instead of signing a new one.
func (s *Store) Record(purpose string, tx []byte, hash string, sequence uint64) (uint64, error) {
	if len(tx) == 0 || hash == "" {
		return 0, fmt.Errorf("state: an outbox entry needs the signed bytes and their hash")
	}
	s.mu.Lock() // the id and the entry are written together
	defer s.mu.Unlock()
	if s.closed {
		return 0, ErrClosed
	}
	next := uint64(1)
	v, err := s.db.Get(key(bucketMeta, []byte(metaNextOutbox)))
	if err != nil {
		return 0, err
	}
	if v != nil {
		next = binary.BigEndian.Uint64(v)
	}
	e := OutboxEntry{ID: next, Purpose: purpose, Tx: tx, Hash: hash, Sequence: sequence, Status: StatusSigned}
	bz, err := json.Marshal(e)
	if err != nil {
		return 0, err
	}
	return next, s.writeLocked(map[string][]byte{
		string(key(bucketOutbox, u64(next))):            bz,
		string(key(bucketMeta, []byte(metaNextOutbox))): u64(next + 1),
	})
}

// Resolve sets an entry's final status (included at height, or abandoned
// for reason).
func (s *Store) Resolve(id uint64, status Status, height int64, reason string) error {
	if status != StatusIncluded && status != StatusAbandoned {
		return fmt.Errorf("state: resolve to %q or %q, not %q", StatusIncluded, StatusAbandoned, status)
	}
	var e OutboxEntry
	if err := s.getJSON(key(bucketOutbox, u64(id)), &e); err != nil {
		return err
	}
	if e.Status != StatusSigned {
		return fmt.Errorf("state: outbox entry %d is already %s", id, e.Status)
	}
	e.Status, e.Height, e.Reason = status, height, reason
	bz, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return s.write(map[string][]byte{string(key(bucketOutbox, u64(id))): bz})
}

// Pending returns the entries still signed (not known included or
// abandoned), oldest first: what a restart must settle first.
func (s *Store) Pending() ([]OutboxEntry, error) {
	var out []OutboxEntry
	err := s.each(bucketOutbox, func(_, v []byte) error {
		var e OutboxEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return err
		}
		if e.Status == StatusSigned {
			out = append(out, e)
		}
		return nil
	})
	return out, err
}
