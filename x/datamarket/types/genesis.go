package types

// DefaultGenesis returns the default genesis: default params, no orders or
// deals, and ids starting at 1.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextOrderId: 1, NextDealId: 1, Ledger: ZeroLedger()}
}

// Validate checks the genesis: valid params; next ids of at least 1; every
// offer, bid and deal valid on its own (Offer.Validate, Bid.Validate,
// Deal.Validate); order ids unique across offers and bids (one id space)
// and below next_order_id; deal ids unique and below next_deal_id, their
// orders below next_order_id; and leaf uses of settled deals only, for
// leaves the deal sold, each counted at least once and listed once; a
// ledger with no negative amount that pays out no more than was escrowed
// (absent amounts read as zero). The escrow balance and the ledger's
// agreement with the deals are checked by InitGenesis (the invariants).
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return ErrInvalidGenesis.Wrapf("params: %s", err)
	}
	if err := gs.Ledger.Validate(); err != nil {
		return err
	}
	if gs.NextOrderId == 0 || gs.NextDealId == 0 {
		return ErrInvalidGenesis.Wrapf("next_order_id and next_deal_id must be at least 1 (ids start at 1), got %d and %d", gs.NextOrderId, gs.NextDealId)
	}
	orders := make(map[uint64]struct{}, len(gs.Offers)+len(gs.Bids))
	useOrderID := func(what string, i int, id uint64) error {
		if id >= gs.NextOrderId {
			return ErrInvalidGenesis.Wrapf("%s[%d]: id %d must be below next_order_id %d", what, i, id, gs.NextOrderId)
		}
		if _, dup := orders[id]; dup {
			return ErrInvalidGenesis.Wrapf("%s[%d]: order id %d is used twice (offers and bids share one id space)", what, i, id)
		}
		orders[id] = struct{}{}
		return nil
	}
	for i, o := range gs.Offers {
		if err := o.Validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("offers[%d] (id %d): %s", i, o.Id, err)
		}
		if err := useOrderID("offers", i, o.Id); err != nil {
			return err
		}
	}
	for i, b := range gs.Bids {
		if err := b.Validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("bids[%d] (id %d): %s", i, b.Id, err)
		}
		if err := useOrderID("bids", i, b.Id); err != nil {
			return err
		}
	}
	deals := make(map[uint64]Deal, len(gs.Deals))
	for i, d := range gs.Deals {
		if err := d.Validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("deals[%d] (id %d): %s", i, d.Id, err)
		}
		if d.Id >= gs.NextDealId {
			return ErrInvalidGenesis.Wrapf("deals[%d]: id %d must be below next_deal_id %d", i, d.Id, gs.NextDealId)
		}
		if d.OfferId >= gs.NextOrderId || d.BidId >= gs.NextOrderId {
			return ErrInvalidGenesis.Wrapf("deals[%d]: orders %d and %d must be below next_order_id %d", i, d.OfferId, d.BidId, gs.NextOrderId)
		}
		if _, dup := deals[d.Id]; dup {
			return ErrInvalidGenesis.Wrapf("deals[%d]: deal id %d is used twice", i, d.Id)
		}
		deals[d.Id] = d
	}
	type leafKey struct{ deal, leaf uint64 }
	uses := make(map[leafKey]struct{}, len(gs.LeafUses))
	for i, u := range gs.LeafUses {
		d, ok := deals[u.DealId]
		switch {
		case !ok:
			return ErrInvalidGenesis.Wrapf("leaf_uses[%d]: deal %d is not among the deals", i, u.DealId)
		case d.Status != DealSettled:
			return ErrInvalidGenesis.Wrapf("leaf_uses[%d]: deal %d is %s; only settled deals' leaves are used", i, u.DealId, d.Status)
		case u.Leaf < d.LeafStart || u.Leaf-d.LeafStart >= d.LeafCount:
			return ErrInvalidGenesis.Wrapf("leaf_uses[%d]: leaf %d is not one deal %d sold ([%d, %d))", i, u.Leaf, u.DealId, d.LeafStart, d.LeafStart+d.LeafCount)
		case u.Uses == 0:
			return ErrInvalidGenesis.Wrapf("leaf_uses[%d]: uses must be at least 1 (leaves never used are not listed)", i)
		}
		k := leafKey{u.DealId, u.Leaf}
		if _, dup := uses[k]; dup {
			return ErrInvalidGenesis.Wrapf("leaf_uses[%d]: deal %d leaf %d is listed twice", i, u.DealId, u.Leaf)
		}
		uses[k] = struct{}{}
	}
	return nil
}
