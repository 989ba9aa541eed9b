package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	"github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	stakekeeper "github.com/litegpt/litegpt/x/stake/keeper"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// Dispute rules on one delivered chunk, while the dispute window of a
// KEY_REVEALED deal is open. It charges types.DisputeGas first, then
// checks that the ciphertext is chunk chunk_index under the seller's
// ciphertext root (else ErrChunkNotCommitted: nobody can dispute a chunk
// the seller never sent), then decrypts it with the revealed key and
// judges it against the offer's data root and the task's batch shape
// (pkg/exchange.Judge). A good chunk fails the message with
// ErrDisputeUnfounded and changes nothing. A bad one closes the deal as
// DISPUTED: the buyer gets the whole amount back, the seller's DATA_NODE
// stake is slashed by dispute_slash_fraction (nothing, if no stake is
// left: the refund stands) and the seller is reported OutcomeDealDisputed.
func (k msgServer) Dispute(ctx context.Context, msg *types.MsgDispute) (*types.MsgDisputeResponse, error) {
	buyer, err := k.parseAddress("buyer", msg.Buyer)
	if err != nil {
		return nil, err
	}
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := msg.Validate(params); err != nil {
		return nil, err
	}
	d, err := k.dealStep(ctx, msg.DealId, buyer, buyerParty, types.DealKeyRevealed)
	if err != nil {
		return nil, err
	}
	if msg.ChunkIndex >= d.LeafCount {
		return nil, types.ErrInvalidEvidence.Wrapf("chunk_index %d is not a chunk of deal %d, which delivers %d (0..%d)", msg.ChunkIndex, d.Id, d.LeafCount, d.LeafCount-1)
	}
	delivery, err := k.delivery(ctx, d)
	if err != nil {
		return nil, err
	}
	key, err := exchange.KeyFromBytes(d.Key)
	if err != nil {
		return nil, types.ErrInvariantViolated.Wrapf("deal %d: revealed key: %s", d.Id, err)
	}

	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(types.DisputeGas(len(msg.Ciphertext), len(msg.CiphertextPath), d.TreeLeaves), "datamarket dispute")
	if err := exchange.VerifyCiphertext(d.CiphertextRoot, d.LeafCount, msg.ChunkIndex, msg.Ciphertext, msg.CiphertextPath); err != nil {
		return nil, types.ErrChunkNotCommitted.Wrapf("deal %d: %s", d.Id, err)
	}
	fault := exchange.Judge(delivery, key, msg.ChunkIndex, msg.Ciphertext)
	if fault == "" {
		return nil, types.ErrDisputeUnfounded.Wrapf("chunk %d decrypts to leaf %d of the data root %X", msg.ChunkIndex, d.LeafStart+msg.ChunkIndex, d.DataRoot)
	}
	slashed, err := k.disputeProven(ctx, d, msg.ChunkIndex, fault, params)
	if err != nil {
		return nil, err
	}
	return &types.MsgDisputeResponse{Fault: fault, Slashed: slashed}, nil
}

// delivery is what a chunk of deal d is judged against.
func (k Keeper) delivery(ctx context.Context, d types.Deal) (exchange.Delivery, error) {
	root, err := commit.DigestFromBytes(d.DataRoot)
	if err != nil {
		return exchange.Delivery{}, types.ErrInvariantViolated.Wrapf("deal %d: data root: %s", d.Id, err)
	}
	delivery := exchange.Delivery{
		DealID: d.Id, LeafStart: d.LeafStart, DataRoot: root, TreeLeaves: d.TreeLeaves, Kind: d.LeafKind(),
	}
	if d.Kind == types.KindData {
		task, err := k.builder.GetTask(ctx, d.TaskId)
		if err != nil {
			return exchange.Delivery{}, err
		}
		if delivery.Shape, err = batchShape(task); err != nil {
			return exchange.Delivery{}, err
		}
	}
	return delivery, nil
}

// batchShape is the shape of a task's leaves: batch_size samples of
// input.features features in its format, labels in [0, classes) for
// classification (0: any label, for regression).
func batchShape(task buildertypes.Task) (exchange.BatchShape, error) {
	format := commit.Format{Bits: uint8(task.Format.Bits), Frac: uint8(task.Format.Frac)}
	if task.Format.Bits > 32 || format.Validate() != nil || task.BatchSize == 0 || task.Input.Features == 0 {
		return exchange.BatchShape{}, types.ErrInvalidRequest.Wrapf("task %d has no valid batch shape (batch size %d, %d features, format %d/%d bits); its chunks cannot be judged",
			task.Id, task.BatchSize, task.Input.Features, task.Format.Bits, task.Format.Frac)
	}
	shape := exchange.BatchShape{Samples: int(task.BatchSize), Features: int(task.Input.Features), Format: format}
	if task.Label.Kind == buildertypes.LabelClassification {
		shape.Classes = int64(task.Label.Classes)
	}
	return shape, nil
}

// disputeProven closes deal d as DISPUTED: refunds the buyer, slashes the
// seller, reports it and emits EventDisputeProven. It returns the amount
// slashed.
func (k Keeper) disputeProven(ctx context.Context, d types.Deal, chunk uint64, fault string, params types.Params) (math.Int, error) {
	if err := k.close(ctx, &d, types.DealDisputed); err != nil {
		return math.Int{}, err
	}
	if err := k.pay(ctx, d.Buyer, d.Amount, flowRefundDeal); err != nil {
		return math.Int{}, err
	}
	seller, err := k.parseAddress("seller", d.Seller)
	if err != nil {
		return math.Int{}, err
	}
	slashed, err := k.slasher.Slash(ctx, seller, staketypes.RoleDataNode, stakekeeper.SlashFraction(params.DisputeSlashFraction),
		fmt.Sprintf("datamarket deal %d: proven dispute of chunk %d: %s", d.Id, chunk, fault))
	switch {
	case errors.Is(err, staketypes.ErrRoleNotBonded) || errors.Is(err, staketypes.ErrNotRegistered):
		// The seller has no stake left to slash; the buyer is refunded anyway.
		slashed = math.ZeroInt()
	case err != nil:
		return math.Int{}, err
	}
	if err := k.report(ctx, d.Seller, reputationtypes.OutcomeDealDisputed, d.Id); err != nil {
		return math.Int{}, err
	}
	return slashed, emit(ctx, &types.EventDisputeProven{
		DealId: d.Id, ChunkIndex: chunk, Fault: fault, Refunded: d.Amount, Slashed: slashed,
	})
}

// dealReference names a deal in reputation outcomes.
func dealReference(id uint64) string { return fmt.Sprintf("datamarket deal %d", id) }
