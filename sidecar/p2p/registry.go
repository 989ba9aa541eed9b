package p2p

import (
	"context"
	"fmt"
	"sync"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Registry is what the chain tells the p2p layer about a participant. The
// daemon implements it with x/stake queries; tests use MemRegistry.
type Registry interface {
	// Participant returns the participant's registered endpoint (a libp2p
	// multiaddr ending in /p2p/<peer id>) and whether it currently has a
	// bonded role. An address without a participant record returns an
	// error wrapping ErrUnknownParticipant.
	Participant(ctx context.Context, addr sdk.AccAddress) (endpoint string, bonded bool, err error)
}

// MemRegistry is an in-memory Registry for tests and local tools. It is
// safe for concurrent use.
type MemRegistry struct {
	mu sync.RWMutex
	m  map[string]memEntry
}

type memEntry struct {
	endpoint string
	bonded   bool
}

// NewMemRegistry returns an empty MemRegistry.
func NewMemRegistry() *MemRegistry { return &MemRegistry{m: map[string]memEntry{}} }

// Set records (or replaces) addr's endpoint and bonded flag.
func (r *MemRegistry) Set(addr sdk.AccAddress, endpoint string, bonded bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.m[string(addr)] = memEntry{endpoint: endpoint, bonded: bonded}
}

// Remove deletes addr's record.
func (r *MemRegistry) Remove(addr sdk.AccAddress) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, string(addr))
}

// Participant implements Registry.
func (r *MemRegistry) Participant(_ context.Context, addr sdk.AccAddress) (string, bool, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e, ok := r.m[string(addr)]
	if !ok {
		return "", false, fmt.Errorf("%w: %s", ErrUnknownParticipant, addr)
	}
	return e.endpoint, e.bonded, nil
}
