package verifier

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/litegpt/litegpt/x/pog/types"
)

// ErrBallotTampered is a ballot whose commitment is not the
// types.VoteCommitment of its fields: revealing it would fail on chain.
var ErrBallotTampered = errors.New("ballot does not match its commitment")

// BallotFormat tags ballot files; LoadBallot reads only this format.
const BallotFormat = "litegpt-ballot/v1"

// MaxBallotFileBytes bounds a ballot file.
const MaxBallotFileBytes = 1 << 16

// MaxVoterBytes bounds a voter's address bytes (the SDK's limit).
const MaxVoterBytes = 255

// Ballot is one juror's vote on one poll: the result, the salt that hides
// it until the reveal, and their commitment. The commitment goes on chain
// with MsgCommitVote; the result and the salt with MsgRevealVote.
type Ballot struct {
	ChainID    string
	PollID     uint64
	Voter      []byte // the juror's account address bytes
	Result     types.VoteResult
	Salt       [types.SaltSize]byte
	Commitment [32]byte
}

// NewBallot draws a 32-byte salt from rnd (crypto/rand.Reader in
// production) and commits to r for voter on the chain's poll. r must pass
// types.VoteResult.Validate.
func NewBallot(chainID string, pollID uint64, voter []byte, r types.VoteResult, rnd io.Reader) (Ballot, error) {
	b := Ballot{ChainID: chainID, PollID: pollID, Voter: bytes.Clone(voter), Result: r}
	if err := b.checkFields(); err != nil {
		return Ballot{}, err
	}
	if rnd == nil {
		return Ballot{}, errors.New("ballot: no randomness source for the salt")
	}
	if _, err := io.ReadFull(rnd, b.Salt[:]); err != nil {
		return Ballot{}, fmt.Errorf("ballot: drawing the salt: %w", err)
	}
	if b.Salt == [types.SaltSize]byte{} {
		return Ballot{}, errors.New("ballot: the randomness source gave an all-zero salt")
	}
	b.Commitment = types.VoteCommitment(b.ChainID, b.PollID, b.Voter, b.Result, b.Salt)
	return b, nil
}

// checkFields checks everything but the commitment.
func (b Ballot) checkFields() error {
	if b.ChainID == "" {
		return errors.New("ballot: empty chain-id")
	}
	if b.PollID == 0 {
		return errors.New("ballot: poll ids start at 1, got 0")
	}
	if len(b.Voter) == 0 || len(b.Voter) > MaxVoterBytes {
		return fmt.Errorf("ballot: a voter address has 1..%d bytes, got %d", MaxVoterBytes, len(b.Voter))
	}
	if err := b.Result.Validate(); err != nil {
		return fmt.Errorf("ballot: %w", err)
	}
	return nil
}

// Check validates the fields and recomputes the commitment; a ballot
// whose commitment does not match is ErrBallotTampered.
func (b Ballot) Check() error {
	if err := b.checkFields(); err != nil {
		return err
	}
	if got := types.VoteCommitment(b.ChainID, b.PollID, b.Voter, b.Result, b.Salt); got != b.Commitment {
		return fmt.Errorf("%w: its fields commit to %x, it records %x", ErrBallotTampered, got, b.Commitment)
	}
	return nil
}

// ballotJSON is a ballot file: bytes in base64 (as the chain's JSON has
// them), the verdict by its proto name.
type ballotJSON struct {
	Format       string `json:"format"`
	ChainID      string `json:"chain_id"`
	PollID       uint64 `json:"poll_id"`
	Voter        []byte `json:"voter"`
	Verdict      string `json:"verdict"`
	Metric       int64  `json:"metric"`
	ParentMetric int64  `json:"parent_metric"`
	Salt         []byte `json:"salt"`
	Commitment   []byte `json:"commitment"`
}

// MarshalJSON encodes the ballot file's content.
func (b Ballot) MarshalJSON() ([]byte, error) {
	return json.Marshal(ballotJSON{Format: BallotFormat, ChainID: b.ChainID, PollID: b.PollID, Voter: b.Voter,
		Verdict: b.Result.Verdict.String(), Metric: b.Result.Metric, ParentMetric: b.Result.ParentMetric,
		Salt: b.Salt[:], Commitment: b.Commitment[:]})
}

// UnmarshalJSON decodes a ballot file's content strictly (unknown fields,
// another format tag, a salt or commitment of the wrong size are errors)
// and Checks it.
func (b *Ballot) UnmarshalJSON(bz []byte) error {
	dec := json.NewDecoder(bytes.NewReader(bz))
	dec.DisallowUnknownFields()
	var j ballotJSON
	if err := dec.Decode(&j); err != nil {
		return fmt.Errorf("ballot: %w", err)
	}
	if j.Format != BallotFormat {
		return fmt.Errorf("ballot: format %q, this sidecar reads %q", j.Format, BallotFormat)
	}
	verdict, ok := types.Verdict_value[j.Verdict]
	if !ok {
		return fmt.Errorf("ballot: unknown verdict %q", j.Verdict)
	}
	if len(j.Salt) != types.SaltSize {
		return fmt.Errorf("ballot: the salt has %d bytes, want %d", len(j.Salt), types.SaltSize)
	}
	if len(j.Commitment) != 32 {
		return fmt.Errorf("ballot: the commitment has %d bytes, want 32", len(j.Commitment))
	}
	out := Ballot{ChainID: j.ChainID, PollID: j.PollID, Voter: j.Voter,
		Result: types.VoteResult{Verdict: types.Verdict(verdict), Metric: j.Metric, ParentMetric: j.ParentMetric}}
	copy(out.Salt[:], j.Salt)
	copy(out.Commitment[:], j.Commitment)
	if err := out.Check(); err != nil {
		return err
	}
	*b = out
	return nil
}

// Save writes the ballot to path as indented JSON, mode 0600 (the salt is
// the vote's secret until the reveal), replacing any file there
// atomically and durably: after Save returns, a crash or restart finds
// the whole ballot.
func (b Ballot) Save(path string) error {
	if err := b.Check(); err != nil {
		return err
	}
	bz, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return fmt.Errorf("ballot: %w", err)
	}
	return writeFileAtomic(path, append(bz, '\n'), 0o600)
}

// LoadBallot reads a ballot file written by Save and Checks it.
func LoadBallot(path string) (Ballot, error) {
	bz, err := readSmallFile(path, MaxBallotFileBytes)
	if err != nil {
		return Ballot{}, fmt.Errorf("ballot file: %w", err)
	}
	var b Ballot
	if err := json.Unmarshal(bz, &b); err != nil {
		return Ballot{}, fmt.Errorf("ballot file %s: %w", path, err)
	}
	return b, nil
}
