package keeper

import (
	"context"

	"cosmossdk.io/collections"

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// InitGenesis loads a validated genesis: params, open offers and bids,
// deals, leaf uses, the next ids and the escrow ledger. It rebuilds both queues from the
// records (each open order at its expiry height, each open deal at its
// deadline; the book indexes follow the records) and then requires every
// invariant, the escrow balance included.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := gs.Validate(); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, o := range gs.Offers {
		if err := k.Offers.Set(ctx, o.Id, o); err != nil {
			return err
		}
		if err := k.OrderExpiries.Set(ctx, collections.Join(o.ExpiryHeight, o.Id)); err != nil {
			return err
		}
	}
	for _, b := range gs.Bids {
		if err := k.Bids.Set(ctx, b.Id, b); err != nil {
			return err
		}
		if err := k.OrderExpiries.Set(ctx, collections.Join(b.ExpiryHeight, b.Id)); err != nil {
			return err
		}
	}
	for _, d := range gs.Deals {
		if err := k.Deals.Set(ctx, d.Id, d); err != nil {
			return err
		}
		if d.Status.IsOpen() {
			if err := k.DealDeadlines.Set(ctx, collections.Join(d.DeadlineHeight, d.Id)); err != nil {
				return err
			}
		}
	}
	for _, u := range gs.LeafUses {
		if err := k.LeafUses.Set(ctx, collections.Join(u.DealId, u.Leaf), u.Uses); err != nil {
			return err
		}
	}
	if err := k.NextOrderID.Set(ctx, gs.NextOrderId); err != nil {
		return err
	}
	if err := k.NextDealID.Set(ctx, gs.NextDealId); err != nil {
		return err
	}
	if err := k.EscrowLedger.Set(ctx, gs.Ledger.Normalized()); err != nil {
		return err
	}
	return k.Invariants(ctx)
}

// ExportGenesis exports the module state in id order (leaf uses by deal,
// then leaf), so that export(import(g)) == g.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}
	if err := k.Offers.Walk(ctx, nil, func(_ uint64, o types.Offer) (bool, error) {
		gs.Offers = append(gs.Offers, o)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Bids.Walk(ctx, nil, func(_ uint64, b types.Bid) (bool, error) {
		gs.Bids = append(gs.Bids, b)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.Deals.Walk(ctx, nil, func(_ uint64, d types.Deal) (bool, error) {
		gs.Deals = append(gs.Deals, d)
		return false, nil
	}); err != nil {
		return nil, err
	}
	if err := k.LeafUses.Walk(ctx, nil, func(key collections.Pair[uint64, uint64], uses uint64) (bool, error) {
		gs.LeafUses = append(gs.LeafUses, types.LeafUse{DealId: key.K1(), Leaf: key.K2(), Uses: uses})
		return false, nil
	}); err != nil {
		return nil, err
	}
	nextOrder, err := k.NextOrderID.Peek(ctx)
	if err != nil {
		return nil, err
	}
	nextDeal, err := k.NextDealID.Peek(ctx)
	if err != nil {
		return nil, err
	}
	gs.NextOrderId, gs.NextDealId = max(nextOrder, 1), max(nextDeal, 1)
	if gs.Ledger, err = k.GetLedger(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}
