package types

import (
	"crypto/sha256"
	"encoding/binary"
)

// voteTag separates vote commitments from every other hash.
const voteTag = "litegpt/pog/vote/v1"

// SaltSize is the size of a vote's salt.
const SaltSize = 32

// VoteCommitment is the commitment a juror posts with MsgCommitVote and
// opens with MsgRevealVote: SHA-256 of the tag "litegpt/pog/vote/v1",
// the chain-id (8-byte big-endian length, bytes), the poll id (8 bytes),
// the voter's address bytes (length-prefixed), the verdict (4 bytes), the
// metric and the parent metric (8 bytes each, two's complement) and the
// 32-byte salt. The salt keeps others from guessing the vote from the
// commitment; the voter's address keeps a commitment from being copied.
func VoteCommitment(chainID string, pollID uint64, voter []byte, r VoteResult, salt [SaltSize]byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(voteTag))
	var n [8]byte
	field := func(b []byte) {
		binary.BigEndian.PutUint64(n[:], uint64(len(b)))
		h.Write(n[:])
		h.Write(b)
	}
	field([]byte(chainID))
	binary.BigEndian.PutUint64(n[:], pollID)
	h.Write(n[:])
	field(voter)
	var v [4]byte
	binary.BigEndian.PutUint32(v[:], uint32(r.Verdict))
	h.Write(v[:])
	binary.BigEndian.PutUint64(n[:], uint64(r.Metric))
	h.Write(n[:])
	binary.BigEndian.PutUint64(n[:], uint64(r.ParentMetric))
	h.Write(n[:])
	h.Write(salt[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Validate checks a vote's result: a verdict, metrics that are not
// negative, and no metrics unless the verdict is VALID.
func (r VoteResult) Validate() error {
	switch r.Verdict {
	case VerdictValid:
		if r.Metric < 0 || r.ParentMetric < 0 {
			return ErrInvalidVote.Wrapf("metrics are x10^6 values of at least 0, got %d and %d", r.Metric, r.ParentMetric)
		}
	case VerdictInvalid, VerdictWithheld:
		if r.Metric != 0 || r.ParentMetric != 0 {
			return ErrInvalidVote.Wrapf("a %s vote carries no metrics, got %d and %d", r.Verdict, r.Metric, r.ParentMetric)
		}
	default:
		return ErrInvalidVote.Wrapf("verdict must be VALID, INVALID or WITHHELD, got %s", r.Verdict)
	}
	return nil
}
