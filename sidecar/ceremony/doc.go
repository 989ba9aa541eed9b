// Package ceremony makes the Groth16 (BN254) keys of LiteGPT's
// Proof-of-Gradient circuits, so that a governance proposal approving a
// circuit (x/buildermarket Circuit) can cite a verifying key, the ceremony
// kind and a transcript hash that anyone can recompute.
//
// # Multi-party ceremony
//
// The ceremony is gnark's mpcsetup (backend/groth16/bn254/mpcsetup, the
// protocol of Bowe, Gabizon and Miers, https://eprint.iacr.org/2017/1050):
//
//   - Phase 1, powers of tau: contributors in turn multiply secret τ, α, β
//     into [τⁱ]₁, [τⁱ]₂, [ατⁱ]₁, [βτⁱ]₁ for i < N, N the smallest power of
//     two at least the circuit's constraint count. A public beacon then
//     seals the phase.
//   - Phase 2, circuit-specific: starting from the constraint system
//     evaluated on the phase-1 output, contributors in turn multiply a
//     secret δ (and one σ per Pedersen commitment of the circuit) in. A
//     second beacon seals it and yields the proving and verifying keys.
//
// Every contribution carries proofs of knowledge of its update and the hash
// of the one before it, and the Transcript records all of them in order,
// with both beacons and their sources. Verify replays everything and
// returns the verifying key, which voters compare byte for byte with the
// proposal's; TranscriptHash is the proposal's transcript_hash.
//
// # Trust model
//
// The keys are sound (nobody can forge proofs) if at least one phase-1
// contributor and at least one phase-2 contributor were honest, meaning
// they drew their secrets at random and destroyed them, and each beacon
// was unpredictable until after the last contribution of its phase. One
// honest party per phase suffices because every contribution multiplies
// its secret into all before it; the beacon stops the last contributor from
// choosing a contribution that biases the result, since it cannot know the
// beacon yet. Contributions run gnark's Contribute, which draws from
// crypto/rand and keeps the secrets only in memory (Go cannot guarantee
// they are wiped: contribute on a machine you then restart).
//
// Soundness does not depend on the coordinator, who only passes the
// transcript along: a dropped or replaced contribution breaks the hash
// chain or a proof, and Verify names the failing contribution.
//
// # Beacon sources
//
// A beacon's Source names where its Value can be fetched again, and the
// ceremony announces it before the phase's last contribution, naming a
// future round or height:
//
//   - "drand <chain> round <R>": the 32-byte randomness of drand round R
//     (e.g. "drand quicknet round 5123456"), hex-decoded.
//   - "<chain-id> block hash at height <H>": the 32-byte block hash of
//     height H of a LiteGPT chain (e.g. "litegpt-1 block hash at height
//     120000").
//
// The package records the source as text and cannot fetch the value; the
// CLI or the voter checks that Value is what Source names.
//
// # Single-party setup
//
// LocalSetup runs gnark's groth16.Setup. Whoever runs it knows the secrets
// and can forge proofs, so its keys are Kind SingleParty and the chain
// accepts them on local chain-ids only. Its transcript hash,
// SinglePartyHash, covers the circuit id, the constraint system and the
// verifying key, so it can still be recomputed.
//
// # Encoding
//
// Transcripts have one canonical binary encoding (MarshalBinary); decoding
// is strict and checks every length against the input before allocating,
// including inside gnark's contribution encodings, whose layout is checked
// before gnark's own decoder reads them. Only Verify, Check and the
// contribute and seal steps run cryptography.
package ceremony
