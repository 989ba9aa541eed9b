// Package sortition holds the deterministic arithmetic x/pog's keeper uses
// to choose re-execution verifiers (ARCHITECTURE.md §5): a commit-reveal
// randomness beacon among bonded verifiers, and weighted sampling without
// replacement by stake x reputation. Everything here is integer and SHA-256
// arithmetic over sorted inputs, so it gives bit-identical results on every
// CPU and word size. There are no floats, no map iteration and no
// dependence on input order. The package holds no state; the keeper stores
// commitments, decides which reveals count, and applies penalties.
//
// # Scheme
//
// For beacon round r on chain chainID:
//
//  1. Commit. Each bonded verifier v picks a fresh, uniformly random 32-byte
//     secret s_v and publishes CommitHash(chainID, r, v, s_v).
//  2. Reveal. Once the commit window has closed, v publishes Reveal{v, s_v}.
//     The keeper accepts it only if it matches v's stored commitment.
//  3. Seed. When the reveal window closes, Seed(chainID, r, accepted) is the
//     round's 32-byte output. Seed sorts the reveals by participant, so the
//     order in which they were included does not matter.
//  4. Sample. Sample(seed, candidates, k) draws k verifiers. Each draw picks
//     a remaining candidate with probability weight / remaining weight,
//     using exact rejection sampling from a SHA-256 stream of the seed, so
//     the draws have no modulo bias.
//
// # Grinding bound
//
// With commit-reveal, the only choice an adversary has once commitments are
// fixed is to withhold reveals it committed to. A secret cannot be changed
// after its commitment, and the honest secrets are hidden until they are
// revealed. An adversary that controls k of the committed participants (k
// here is not Sample's k) can therefore pick among at most 2^k seeds: one
// for each subset of its k reveals that it publishes. It can compute all of
// them if it reveals last.
// Each such seed is an independent-looking SHA-256 output. So if some
// outcome (for example "the adversary holds a majority of the sampled
// verifier weight") has probability p under a uniform seed, the adversary
// can reach it with probability at most 2^k * p. Every withheld reveal is
// visible on chain as a commitment with no reveal, and the keeper penalizes
// it. Picking a seed that withholds j reveals therefore costs j penalties.
//
// No single block proposer can grind. The seed depends only on revealed
// secrets, which earlier commitments fixed; a proposer chooses neither
// secrets nor timestamps that enter the seed. A proposer can at most censor
// reveal transactions, which has the same effect as withholding them:
// censoring c reveals gives at most 2^c choices, and 2^(k+c) together with
// k withheld ones. The keeper should accept reveals over a window of
// several blocks, so that one proposer cannot censor them all and an honest
// participant can resubmit in a block proposed by someone else.
//
// The bound assumes at least one revealed secret is honest, meaning
// unknown to the adversary. Seed is still defined with zero reveals (the
// hash of the tag, chain-id, round and count 0), but that value is
// predictable by anyone. A seed whose reveals all come from one colluding
// group is known to that group in advance, and the group could even have
// chosen its secrets to fix the seed. The keeper must treat a round with
// fewer than a minimum number of reveals as failed and must not sample from
// it.
//
// # What the keeper must enforce
//
//   - Commitments are accepted only in the commit window, and reveals only
//     in a later reveal window that spans several blocks.
//   - A round with fewer than the minimum number of accepted reveals fails.
//     Committed participants that did not reveal are penalized.
//   - Everything the sample depends on must be fixed before the seed can be
//     known. A submission is sampled with a beacon round whose commit window
//     closes after the submission was included. A per-submission seed, if
//     the keeper derives one (for example SHA-256 of the round seed and the
//     submission id), is safe only then; otherwise a submitter could grind
//     its submission id. The candidate list (addresses and weights) is
//     snapshotted no later than the end of the commit window. A verifier
//     that could change its stake after seeing the seed would shift the
//     cumulative weights and grind the draw.
//   - The number of candidates n is capped. Sample costs O(n log n) to sort
//     plus O(k*n) big-integer steps. On a 2-core machine it takes about
//     0.3 ms for n = 1,000, k = 21, and 5.5 ms for n = 10,000. A governance
//     parameter of about 1,000 candidates, with a hard ceiling near 10,000,
//     keeps this negligible in a block. The keeper should compute a
//     submission's sample once and store it, instead of calling Eligible for
//     every vote.
//
// # Byte layouts
//
// All integers are u64 big-endian; "lp(x)" is u64(len(x)) || x.
//
//	CommitHash = SHA-256("litegpt/pog/beacon/v1" || lp(chainID) || u64(round) || lp(participant) || secret)
//	Seed       = SHA-256("litegpt/pog/seed/v1" || lp(chainID) || u64(round) || u64(count) ||
//	                     lp(p_1) || s_1 || ... || lp(p_count) || s_count)   with p_1 < ... < p_count
//	stream     = SHA-256("litegpt/pog/sample/v1" || seed || u64(0)) || SHA-256(... || u64(1)) || ...
//
// The three tags are prefix-free, so no input to one hash is an input to
// another. A uniform draw below a total T of bit length L reads the next
// ceil(L/8) stream bytes, clears the top 8*ceil(L/8)-L bits, and takes the
// result as a big-endian integer. If it is >= T, the draw reads again.
// Candidates are walked in ascending address order, and the first whose
// running weight sum exceeds the draw is chosen and removed.
package sortition
