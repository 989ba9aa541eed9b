package state

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// PutModel stores a model's bytes under its weights commitment.
func (s *Store) PutModel(commitment [32]byte, model []byte) error {
	return s.write(map[string][]byte{string(key(bucketModel, commitment[:])): model})
}

// Model returns the bytes stored under commitment, or ErrNotFound. The
// caller checks them against the commitment when it decodes them.
func (s *Store) Model(commitment [32]byte) ([]byte, error) {
	return s.get(key(bucketModel, commitment[:]))
}

// Deal is what the sidecar knows of a Data Market deal it is in.
type Deal struct {
	// ID is the deal's id on chain.
	ID uint64 `json:"id"`
	// Role is "seller" or "buyer".
	Role string `json:"role"`
	// Stage is the last step the sidecar completed, e.g. "delivered".
	Stage string `json:"stage"`
	// Height is when it completed it.
	Height int64 `json:"height"`
}

// PutDeal stores d and, when key is not nil, the deal's 32-byte key, in
// one write: a deal is never stored without the key it was delivered
// with.
func (s *Store) PutDeal(d Deal, dealKey []byte) error {
	if d.ID == 0 {
		return fmt.Errorf("state: a deal id is at least 1")
	}
	if dealKey != nil && len(dealKey) != 32 {
		return fmt.Errorf("state: a deal key is 32 bytes, got %d", len(dealKey))
	}
	bz, err := json.Marshal(d)
	if err != nil {
		return err
	}
	puts := map[string][]byte{string(key(bucketDeal, u64(d.ID))): bz}
	if dealKey != nil {
		puts[string(key(bucketKey, u64(d.ID)))] = dealKey
	}
	return s.write(puts)
}

// Deal returns deal id, or ErrNotFound.
func (s *Store) Deal(id uint64) (Deal, error) {
	var d Deal
	return d, s.getJSON(key(bucketDeal, u64(id)), &d)
}

// DealKey returns deal id's key, or ErrNotFound.
func (s *Store) DealKey(id uint64) ([]byte, error) { return s.get(key(bucketKey, u64(id))) }

// Deals returns every deal, by id.
func (s *Store) Deals() ([]Deal, error) {
	var out []Deal
	err := s.each(bucketDeal, func(_, v []byte) error {
		var d Deal
		if err := json.Unmarshal(v, &d); err != nil {
			return err
		}
		out = append(out, d)
		return nil
	})
	return out, err
}

// Cursor returns the last block height processed (0 before the first).
func (s *Store) Cursor() (int64, error) {
	v, err := s.get(key(bucketMeta, []byte(metaCursor)))
	if err == ErrNotFound {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return int64(binary.BigEndian.Uint64(v)), nil
}

// SetCursor records that every block up to height was processed; it
// never moves back.
func (s *Store) SetCursor(height int64) error {
	cur, err := s.Cursor()
	if err != nil {
		return err
	}
	if height < cur {
		return fmt.Errorf("state: the cursor is at %d; it does not move back to %d", cur, height)
	}
	return s.write(map[string][]byte{string(key(bucketMeta, []byte(metaCursor))): u64(uint64(height))})
}

// bucketSecret holds beacon secrets by (chain-id, round).
const bucketSecret byte = 's'

// secretKey is the key of a round's beacon secret on a chain.
func secretKey(chainID string, round uint64) []byte {
	return key(bucketSecret, append(u64(round), chainID...))
}

// PutBeaconSecret stores the 32-byte secret a verifier commits to in
// round of chainID. It is written (synced) before the commitment is
// signed, so a restart can still reveal it; a round's secret is set once.
func (s *Store) PutBeaconSecret(chainID string, round uint64, secret []byte) error {
	if len(secret) != 32 {
		return fmt.Errorf("state: a beacon secret is 32 bytes, got %d", len(secret))
	}
	k := secretKey(chainID, round)
	if _, err := s.get(k); err == nil {
		return fmt.Errorf("state: round %d of %s already has its secret", round, chainID)
	} else if err != ErrNotFound {
		return err
	}
	return s.write(map[string][]byte{string(k): secret})
}

// BeaconSecret returns round's secret on chainID, or ErrNotFound.
func (s *Store) BeaconSecret(chainID string, round uint64) ([]byte, error) {
	return s.get(secretKey(chainID, round))
}
