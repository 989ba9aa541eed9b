package ceremony

import "github.com/consensys/gnark/backend/groth16"

// Keys are a circuit's Groth16 keys with what a governance proposal
// records about how they were made.
type Keys struct {
	// Kind is MultiParty for a ceremony, SingleParty for LocalSetup.
	Kind Kind
	// ProvingKey is what provers need (it is not part of the proposal).
	ProvingKey groth16.ProvingKey
	// VerifyingKey is what the chain verifies proofs with.
	VerifyingKey groth16.VerifyingKey
	// VerifyingKeyBytes is VerifyingKey's gnark WriteTo encoding, the
	// proposal's Circuit.verifying_key.
	VerifyingKeyBytes []byte
	// TranscriptHash is the proposal's Circuit.transcript_hash: the
	// TranscriptHash of the sealed transcript, or SinglePartyHash.
	TranscriptHash [32]byte
}
