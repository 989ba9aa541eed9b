// Package state is the sidecar's crash-safe on-disk state: the models it
// holds by commitment, its deals and their keys, the transactions it is
// sending (an outbox, so a restart neither loses nor repeats one) and the
// last block height it processed. It is an embedded goleveldb store;
// every write is synced before it returns, so what a call reported as
// stored survives a crash or a kill.
package state
