package keeper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/pog/sortition"
	"github.com/litegpt/litegpt/x/pog/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// The beacon. Round r spans [start, start + B) for the B it started
// with: bonded verifiers commit sortition.CommitHash of a secret in the
// first half (the commit window) and reveal it in the second. At the last
// height of the commit window the verifier set is snapshotted
// (candidates, weighted by stake x reputation), before anyone can know the
// seed; at the round's last height the seed is fixed from the reveals.
// A poll opened during round r waits for round r+1, whose commitments
// were not even made when the poll was opened, so neither the submitter
// nor any proposer can choose its committee. See x/pog/sortition for the
// bound on what withholding reveals can bias.

// commitWindowEnd is the first height of round c's reveal window.
func commitWindowEnd(c types.Clock) int64 { return c.RoundStartHeight + int64(c.RoundBlocks/2) }

// roundEnd is the first height after round c.
func roundEnd(c types.Clock) int64 { return c.RoundStartHeight + int64(c.RoundBlocks) }

// CommitBeacon takes a VERIFIER's commitment in the current round's commit
// window, once per verifier and round.
func (k msgServer) CommitBeacon(ctx context.Context, msg *types.MsgCommitBeacon) (*types.MsgCommitBeaconResponse, error) {
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	verifier, err := k.verifierSigner(ctx, msg.Verifier)
	if err != nil {
		return nil, err
	}
	clock, err := k.Clock.Get(ctx)
	if err != nil {
		return nil, err
	}
	h := height(ctx)
	if msg.Round != clock.Round || h >= commitWindowEnd(clock) {
		return nil, types.ErrWrongStage.Wrapf("round %d takes commitments at heights [%d, %d); this is height %d of round %d",
			clock.Round, clock.RoundStartHeight, commitWindowEnd(clock), h, clock.Round)
	}
	key := collections.Join(clock.Round, verifier)
	if has, err := k.BeaconEntries.Has(ctx, key); err != nil || has {
		if err == nil {
			err = types.ErrInvalidBeacon.Wrapf("%s already committed in round %d", msg.Verifier, clock.Round)
		}
		return nil, err
	}
	entry := types.BeaconEntry{Round: clock.Round, Verifier: k.addressString(verifier), Commitment: msg.Commitment}
	return &types.MsgCommitBeaconResponse{}, k.BeaconEntries.Set(ctx, key, entry)
}

// RevealBeacon opens a commitment in the current round's reveal window.
func (k msgServer) RevealBeacon(ctx context.Context, msg *types.MsgRevealBeacon) (*types.MsgRevealBeaconResponse, error) {
	if err := msg.Validate(); err != nil {
		return nil, err
	}
	verifier, err := k.parseAddress("verifier", msg.Verifier)
	if err != nil {
		return nil, err
	}
	clock, err := k.Clock.Get(ctx)
	if err != nil {
		return nil, err
	}
	h := height(ctx)
	if msg.Round != clock.Round || h < commitWindowEnd(clock) {
		return nil, types.ErrWrongStage.Wrapf("round %d takes reveals at heights [%d, %d); this is height %d of round %d",
			clock.Round, commitWindowEnd(clock), roundEnd(clock), h, clock.Round)
	}
	key := collections.Join(clock.Round, verifier)
	entry, err := k.BeaconEntries.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, types.ErrInvalidBeacon.Wrapf("%s made no commitment in round %d", msg.Verifier, clock.Round)
	} else if err != nil {
		return nil, err
	}
	if len(entry.Secret) != 0 {
		return nil, types.ErrInvalidBeacon.Wrapf("%s already revealed in round %d", msg.Verifier, clock.Round)
	}
	want := sortition.CommitHash(sdk.UnwrapSDKContext(ctx).ChainID(), clock.Round, verifier, [32]byte(msg.Secret))
	if !bytes.Equal(want[:], entry.Commitment) {
		return nil, types.ErrInvalidBeacon.Wrap("the secret does not open your commitment (sortition.CommitHash of chain-id, round, your address and the secret)")
	}
	entry.Secret = msg.Secret
	return &types.MsgRevealBeaconResponse{}, k.BeaconEntries.Set(ctx, key, entry)
}

// verifierSigner parses a signer that must be bonded for VERIFIER.
func (k Keeper) verifierSigner(ctx context.Context, bech32 string) (sdk.AccAddress, error) {
	addr, err := k.parseAddress("verifier", bech32)
	if err != nil {
		return nil, err
	}
	if err := k.stake.RequireRole(ctx, addr, staketypes.RoleVerifier); err != nil {
		return nil, types.ErrUnauthorized.Wrapf("the beacon and the polls take bonded verifiers: %s", err)
	}
	return addr, nil
}

// snapshotCandidates stores round's verifier set: every account that may
// act as VERIFIER, weighted by its bond x reputation score / 10^6, the
// heaviest max_candidates of them (ties by address).
func (k Keeper) snapshotCandidates(ctx context.Context, round uint64, params types.Params) (int, error) {
	bonds, err := k.stake.BondsOfRole(ctx, staketypes.RoleVerifier)
	if err != nil {
		return 0, err
	}
	var jurors []sortition.Candidate
	for _, b := range bonds {
		if k.stake.RequireRole(ctx, b.Address, staketypes.RoleVerifier) != nil {
			continue // below the minimum after a slash
		}
		score, err := k.reputation.Score(ctx, b.Address)
		if err != nil {
			return 0, err
		}
		w := b.Amount.Mul(math.NewIntFromUint64(score)).QuoRaw(1_000_000)
		if w.IsPositive() {
			jurors = append(jurors, sortition.Candidate{Address: b.Address, Weight: w})
		}
	}
	sort.SliceStable(jurors, func(i, j int) bool {
		if !jurors[i].Weight.Equal(jurors[j].Weight) {
			return jurors[i].Weight.GT(jurors[j].Weight)
		}
		return bytes.Compare(jurors[i].Address, jurors[j].Address) < 0
	})
	if len(jurors) > int(params.MaxCandidates) {
		jurors = jurors[:params.MaxCandidates]
	}
	for _, j := range jurors {
		if err := k.Candidates.Set(ctx, collections.Join(round, sdk.AccAddress(j.Address)), j.Weight); err != nil {
			return 0, err
		}
	}
	return len(jurors), nil
}

// finalizeRound fixes round's seed from its reveals (failed with fewer
// than beacon_min_reveals), reports the verifiers that committed and did
// not reveal, removes the round's entries, stores the round and starts
// the next one.
func (k Keeper) finalizeRound(ctx context.Context, clock types.Clock, params types.Params) (types.Clock, error) {
	round := types.BeaconRound{Round: clock.Round}
	var reveals []sortition.Reveal
	var silent []sdk.AccAddress
	var keys []collections.Pair[uint64, sdk.AccAddress]
	err := k.BeaconEntries.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](clock.Round),
		func(key collections.Pair[uint64, sdk.AccAddress], e types.BeaconEntry) (bool, error) {
			keys = append(keys, key)
			round.Commits++
			if len(e.Secret) == 0 {
				silent = append(silent, key.K2())
			} else {
				reveals = append(reveals, sortition.Reveal{Participant: key.K2(), Secret: [32]byte(e.Secret)})
			}
			return false, nil
		})
	if err != nil {
		return clock, err
	}
	round.Reveals = uint32(len(reveals))
	n, err := k.countCandidates(ctx, clock.Round)
	if err != nil {
		return clock, err
	}
	round.Candidates = uint32(n)
	if len(reveals) < int(params.BeaconMinReveals) {
		round.Failed = true
	} else {
		seed, err := sortition.Seed(sdk.UnwrapSDKContext(ctx).ChainID(), clock.Round, reveals)
		if err != nil {
			return clock, err
		}
		round.Seed = seed[:]
	}
	for _, key := range keys {
		if err := k.BeaconEntries.Remove(ctx, key); err != nil {
			return clock, err
		}
	}
	for _, addr := range silent {
		k.report(ctx, addr, reputationtypes.OutcomeVoteAgainstOutcome, fmt.Sprintf("pog/beacon/%d/unrevealed", clock.Round))
	}
	if err := k.BeaconRounds.Set(ctx, round.Round, round); err != nil {
		return clock, err
	}
	if err := emit(ctx, &types.EventBeaconRoundFinal{Round: round}); err != nil {
		return clock, err
	}
	next := clock
	next.Round, next.RoundStartHeight, next.RoundBlocks = clock.Round+1, roundEnd(clock), params.BeaconBlocks
	return next, nil
}

// countCandidates counts round's snapshot.
func (k Keeper) countCandidates(ctx context.Context, round uint64) (int, error) {
	n := 0
	err := k.Candidates.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](round),
		func(collections.Pair[uint64, sdk.AccAddress], math.Int) (bool, error) { n++; return false, nil })
	return n, err
}

// candidatesOf returns round's snapshot, leaving out the excluded
// accounts (a poll's interested parties).
func (k Keeper) candidatesOf(ctx context.Context, round uint64, exclude ...string) ([]sortition.Candidate, error) {
	var out []sortition.Candidate
	err := k.Candidates.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](round),
		func(key collections.Pair[uint64, sdk.AccAddress], w math.Int) (bool, error) {
			for _, x := range exclude {
				if k.sameAccount(key.K2(), x) {
					return false, nil
				}
			}
			out = append(out, sortition.Candidate{Address: key.K2(), Weight: w})
			return false, nil
		})
	return out, err
}

// removeCandidates drops round's snapshot.
func (k Keeper) removeCandidates(ctx context.Context, round uint64) error {
	return k.Candidates.Clear(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](round))
}
