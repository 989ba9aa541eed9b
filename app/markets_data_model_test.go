package app

import (
	"bytes"
	"sort"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/litegpt/litegpt/pkg/commit"
	"github.com/litegpt/litegpt/pkg/exchange"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// dataset is what an offer sells: its leaves (as field elements: a batch's
// header and packed values, or a run of weights elements), their data tree
// and, for MODEL_UPDATE, the weights commitment.
type dataset struct {
	kind    dm.OfferKind
	tree    *commit.Tree
	leaves  [][]fr.Element
	weights []byte
	version uint64 // the seller's x/pog version (MODEL_UPDATE)
}

// root is the data commitment of the dataset.
func (d *dataset) root() []byte {
	r := d.tree.Root()
	return r[:]
}

// modelDeal is a deal as the model knows it: the record the chain must
// hold, and what only its parties know: the seller's key and chunks, which
// chunk (if any) the seller spoiled, and whether a party is going to walk
// away.
type modelDeal struct {
	rec    dm.Deal
	data   *dataset
	key    exchange.Key
	chunks [][]byte
	paths  [][][]byte
	// bad is the index of the chunk the seller spoiled, -1 if none.
	bad int64
	// lazy sellers never deliver, ghost buyers never accept, withholding
	// sellers never reveal the key.
	lazy, ghost, withhold bool
	// slashed is what a proven dispute took from the seller's bond.
	slashed math.Int
}

// dataModel is the x/datamarket part of the model.
type dataModel struct {
	m                   *marketModel
	nextOrder, nextDeal uint64
	offers              map[uint64]*dm.Offer
	bids                map[uint64]*dm.Bid
	deals               map[uint64]*modelDeal
	datasets            map[uint64]*dataset // by offer id, kept after the offer closes
}

func newDataModel(m *marketModel) dataModel {
	return dataModel{
		m: m, nextOrder: 1, nextDeal: 1, offers: map[uint64]*dm.Offer{}, bids: map[uint64]*dm.Bid{},
		deals: map[uint64]*modelDeal{}, datasets: map[uint64]*dataset{},
	}
}

// validOrder is the stateless check of an order's quantity, price, minimum
// reputation and expiry that the scenario's invalid orders exercise.
func (d *dataModel) validOrder(h int64, leaves uint64, price math.Int, minRep uint64, expiry int64) *errorsmod.Error {
	p := d.m.dmParams
	switch {
	case leaves == 0 || leaves > p.MaxLeavesPerOrder:
		return dm.ErrInvalidOrder
	case !price.IsPositive():
		return dm.ErrInvalidPrice
	case minRep > dm.MaxReputation || minRep%dm.ReputationBucket != 0:
		return dm.ErrInvalidOrder
	case expiry <= h || expiry > h+int64(p.MaxOrderBlocks):
		return dm.ErrInvalidOrder
	}
	return nil
}

// postOffer posts msg selling ds at height h and returns its order id.
func (d *dataModel) postOffer(h int64, msg *dm.MsgPostOffer, ds *dataset) (uint64, *errorsmod.Error) {
	if err := d.validOrder(h, msg.LeafCount, msg.PricePerLeaf, msg.MinBuyerReputation, msg.ExpiryHeight); err != nil {
		return 0, err
	}
	if err := d.m.requireRole(msg.Seller, staketypes.RoleDataNode); err != nil {
		return 0, err
	}
	switch msg.Kind {
	case dm.KindData:
		if _, ok := d.m.builder.tasks[msg.TaskId]; !ok {
			return 0, dm.ErrInvalidOrder
		}
	case dm.KindModelUpdate:
		model, ok := d.m.builder.models[msg.ModelId]
		if !ok || model.Status != buildertypes.ModelActive {
			return 0, dm.ErrInvalidOrder
		}
		if model.TaskId != msg.TaskId {
			return 0, dm.ErrIncompatible
		}
	}
	id := d.nextOrder
	d.nextOrder++
	d.offers[id] = &dm.Offer{
		Id: id, Seller: msg.Seller, Kind: msg.Kind, TaskId: msg.TaskId, ModelId: msg.ModelId, VersionId: msg.VersionId,
		WeightsCommitment: msg.WeightsCommitment, DataRoot: msg.DataRoot, LeafCount: msg.LeafCount,
		PricePerLeaf: msg.PricePerLeaf, MinBuyerReputation: msg.MinBuyerReputation, ExpiryHeight: msg.ExpiryHeight, CreatedHeight: h,
	}
	d.datasets[id] = ds
	return id, nil
}

// postBid posts msg at height h, escrowing leaves * max price, and returns
// its order id.
func (d *dataModel) postBid(h int64, msg *dm.MsgPostBid) (uint64, *errorsmod.Error) {
	if err := d.validOrder(h, msg.LeafCount, msg.MaxPricePerLeaf, 0, msg.ExpiryHeight); err != nil {
		return 0, err
	}
	if err := d.m.requireRole(msg.Buyer, staketypes.RoleLearner); err != nil {
		return 0, err
	}
	model, ok := d.m.builder.models[msg.ModelId]
	if !ok || model.Status != buildertypes.ModelActive {
		return 0, dm.ErrInvalidOrder
	}
	escrow := math.NewIntFromUint64(msg.LeafCount).Mul(msg.MaxPricePerLeaf)
	if d.m.balance(msg.Buyer).LT(escrow) {
		return 0, dm.ErrInsufficientFunds
	}
	id := d.nextOrder
	d.nextOrder++
	d.m.move(msg.Buyer, datamarketAccount(), escrow)
	d.bids[id] = &dm.Bid{
		Id: id, Buyer: msg.Buyer, Kind: msg.Kind, ModelId: msg.ModelId, TaskId: model.TaskId, LeafCount: msg.LeafCount,
		MaxPricePerLeaf: msg.MaxPricePerLeaf, Escrow: escrow, ExpiryHeight: msg.ExpiryHeight, CreatedHeight: h,
	}
	return id, nil
}

// cancel closes owner's order id; a bid's escrow goes back.
func (d *dataModel) cancel(owner string, id uint64) *errorsmod.Error {
	if o, ok := d.offers[id]; ok {
		if o.Seller != owner {
			return dm.ErrUnauthorized
		}
		delete(d.offers, id)
		return nil
	}
	b, ok := d.bids[id]
	if !ok {
		return dm.ErrOrderNotFound
	}
	if b.Buyer != owner {
		return dm.ErrUnauthorized
	}
	d.closeBid(b)
	return nil
}

// closeBid removes a bid and refunds what it still escrows.
func (d *dataModel) closeBid(b *dm.Bid) {
	d.m.move(datamarketAccount(), b.Buyer, b.Escrow)
	delete(d.bids, b.Id)
}

// sameBook reports whether offer o is in the book bid b buys from.
func sameBook(o *dm.Offer, b *dm.Bid) bool {
	if o.Kind != b.Kind {
		return false
	}
	if o.Kind == dm.KindModelUpdate {
		return o.ModelId == b.ModelId
	}
	return o.TaskId == b.TaskId
}

// eligible reports whether bid b may take offer o at height h: same book,
// not expired, another account, and the buyer's score at least the offer's
// minimum.
func (d *dataModel) eligible(h int64, o *dm.Offer, b *dm.Bid) bool {
	return sameBook(o, b) && h < o.ExpiryHeight && o.Seller != b.Buyer && d.m.score(b.Buyer) >= o.MinBuyerReputation
}

// bestOffer is the offer a router must match b with at height h: the
// eligible offer of least (price, id).
func (d *dataModel) bestOffer(h int64, b *dm.Bid) *dm.Offer {
	var best *dm.Offer
	for _, o := range d.offers {
		if !d.eligible(h, o, b) {
			continue
		}
		if best == nil || o.PricePerLeaf.LT(best.PricePerLeaf) || (o.PricePerLeaf.Equal(best.PricePerLeaf) && o.Id < best.Id) {
			best = o
		}
	}
	return best
}

// match fills bid from offer at height h for router (leaves 0: as many as
// both have left) and returns the deal id. The checks run in the order
// MsgMatch documents, so a pair that breaks several rules fails with the
// first.
func (d *dataModel) match(h int64, router string, bidID, offerID, leaves uint64) (uint64, *errorsmod.Error) {
	if err := d.m.requireRole(router, staketypes.RoleRouter); err != nil {
		return 0, err
	}
	b, ok := d.bids[bidID]
	if !ok {
		return 0, dm.ErrOrderNotFound
	}
	o, ok := d.offers[offerID]
	if !ok {
		return 0, dm.ErrOrderNotFound
	}
	switch {
	case h >= b.ExpiryHeight || h >= o.ExpiryHeight:
		return 0, dm.ErrOrderExpired
	case !sameBook(o, b):
		return 0, dm.ErrIncompatible
	case o.Seller == b.Buyer:
		return 0, dm.ErrSelfMatch
	case d.m.score(b.Buyer) < o.MinBuyerReputation:
		return 0, dm.ErrReputationTooLow
	case o.PricePerLeaf.GT(b.MaxPricePerLeaf):
		return 0, dm.ErrPriceNotCrossing
	}
	left := min(o.LeafCount-o.Filled, b.LeafCount-b.Filled)
	if leaves == 0 {
		leaves = left
	} else if leaves > left {
		return 0, dm.ErrQuantityOverflow
	}
	if best := d.bestOffer(h, b); best.Id != o.Id {
		return 0, dm.ErrNotBestOffer
	}

	price := b.MaxPricePerLeaf // the resting order's price
	if o.Id < b.Id {
		price = o.PricePerLeaf
	}
	n := math.NewIntFromUint64(leaves)
	id := d.nextDeal
	d.nextDeal++
	d.deals[id] = &modelDeal{
		rec: dm.Deal{
			Id: id, OfferId: o.Id, BidId: b.Id, Seller: o.Seller, Buyer: b.Buyer, Router: router, Kind: o.Kind,
			TaskId: o.TaskId, ModelId: b.ModelId, VersionId: o.VersionId, DataRoot: o.DataRoot, TreeLeaves: o.LeafCount,
			LeafStart: o.Filled, LeafCount: leaves, PricePerLeaf: price, Amount: n.Mul(price), Status: dm.DealAwaitingDelivery,
			DeadlineHeight: h + int64(d.m.dmParams.DeliveryWindowBlocks), CreatedHeight: h,
		},
		data: d.datasets[o.Id], bad: -1,
	}
	d.m.move(datamarketAccount(), b.Buyer, n.Mul(b.MaxPricePerLeaf.Sub(price)))
	o.Filled += leaves
	b.Filled += leaves
	b.Escrow = b.Escrow.Sub(n.Mul(b.MaxPricePerLeaf))
	if o.Filled == o.LeafCount {
		delete(d.offers, o.Id)
	}
	if b.Filled == b.LeafCount {
		d.closeBid(b)
	}
	return id, nil
}

// step loads deal id for a step by signer (its seller, or its buyer when
// buyer is set) at stage want, as every deal message does first.
func (d *dataModel) step(h int64, id uint64, signer string, buyer bool, want dm.DealStatus) (*modelDeal, *errorsmod.Error) {
	deal, ok := d.deals[id]
	switch {
	case !ok:
		return nil, dm.ErrDealNotFound
	case buyer && deal.rec.Buyer != signer, !buyer && deal.rec.Seller != signer:
		return nil, dm.ErrUnauthorized
	case deal.rec.Status != want:
		return nil, dm.ErrWrongDealStage
	case h >= deal.rec.DeadlineHeight:
		return nil, dm.ErrDeadlinePassed
	}
	return deal, nil
}

// deliver records the seller's key hash and ciphertext root.
func (d *dataModel) deliver(h int64, seller string, id uint64, keyHash, root []byte) *errorsmod.Error {
	deal, err := d.step(h, id, seller, false, dm.DealAwaitingDelivery)
	if err != nil {
		return err
	}
	deal.rec.KeyHash, deal.rec.CiphertextRoot, deal.rec.DeliveredHeight = keyHash, root, h
	deal.rec.Status, deal.rec.DeadlineHeight = dm.DealDelivered, h+int64(d.m.dmParams.AcceptanceWindowBlocks)
	return nil
}

// accept records the buyer's acceptance.
func (d *dataModel) accept(h int64, buyer string, id uint64) *errorsmod.Error {
	deal, err := d.step(h, id, buyer, true, dm.DealDelivered)
	if err != nil {
		return err
	}
	deal.rec.AcceptedHeight = h
	deal.rec.Status, deal.rec.DeadlineHeight = dm.DealAccepted, h+int64(d.m.dmParams.RevealWindowBlocks)
	return nil
}

// reveal publishes the key, which must hash to the delivered key hash.
func (d *dataModel) reveal(h int64, seller string, id uint64, key []byte) *errorsmod.Error {
	if len(key) != exchange.KeySize {
		return dm.ErrInvalidRequest
	}
	deal, err := d.step(h, id, seller, false, dm.DealAccepted)
	if err != nil {
		return err
	}
	if kh := exchange.KeyHash(exchange.Key(key)); !bytes.Equal(kh[:], deal.rec.KeyHash) {
		return dm.ErrKeyMismatch
	}
	deal.rec.Key, deal.rec.RevealedHeight = key, h
	deal.rec.Status, deal.rec.DeadlineHeight = dm.DealKeyRevealed, h+int64(d.m.dmParams.DisputeWindowBlocks)
	return nil
}

// dispute rules on chunk index of deal id: evidence that is not exactly
// the chunk the seller committed is refused, a committed good chunk is an
// unfounded dispute, and the spoiled chunk refunds the buyer, slashes and
// reports the seller. It returns the amount slashed.
func (d *dataModel) dispute(h int64, buyer string, id, index uint64, ciphertext []byte, path [][]byte) (math.Int, *errorsmod.Error) {
	if len(ciphertext) == 0 || uint64(len(ciphertext)) > uint64(d.m.dmParams.MaxChunkBytes) || len(path) > dm.MaxCiphertextPathLength {
		return math.Int{}, dm.ErrInvalidEvidence
	}
	deal, err := d.step(h, id, buyer, true, dm.DealKeyRevealed)
	if err != nil {
		return math.Int{}, err
	}
	if index >= deal.rec.LeafCount {
		return math.Int{}, dm.ErrInvalidEvidence
	}
	if !bytes.Equal(ciphertext, deal.chunks[index]) || !samePath(path, deal.paths[index]) {
		return math.Int{}, dm.ErrChunkNotCommitted
	}
	if int64(index) != deal.bad {
		return math.Int{}, dm.ErrDisputeUnfounded
	}
	deal.rec.Status, deal.rec.ClosedHeight = dm.DealDisputed, h
	d.m.move(datamarketAccount(), deal.rec.Buyer, deal.rec.Amount)
	deal.slashed = d.m.slashDataNode(deal.rec.Seller)
	d.m.report(deal.rec.Seller, reputationtypes.OutcomeDealDisputed)
	return deal.slashed, nil
}

func samePath(a, b [][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// queued is an entry of a height-keyed queue.
type queued struct {
	height int64
	id     uint64
}

// due returns the entries of q at or before h, in (height, id) order, at
// most limit of them.
func due(q []queued, h int64, limit int) []queued {
	var out []queued
	for _, e := range q {
		if e.height <= h {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].height != out[j].height {
			return out[i].height < out[j].height
		}
		return out[i].id < out[j].id
	})
	return out[:min(len(out), limit)]
}

// endBlock replays x/datamarket's EndBlock at height h: due deal deadlines
// and order expiries in height order, deals before orders at the same
// height, at most max_expiries_per_block in all.
func (d *dataModel) endBlock(h int64) {
	limit := int(d.m.dmParams.MaxExpiriesPerBlock)
	var dealQ, orderQ []queued
	for id, deal := range d.deals {
		if deal.rec.Status.IsOpen() {
			dealQ = append(dealQ, queued{deal.rec.DeadlineHeight, id})
		}
	}
	for id, o := range d.offers {
		orderQ = append(orderQ, queued{o.ExpiryHeight, id})
	}
	for id, b := range d.bids {
		orderQ = append(orderQ, queued{b.ExpiryHeight, id})
	}
	deals, orders := due(dealQ, h, limit), due(orderQ, h, limit)
	for n := 0; n < limit && len(deals)+len(orders) > 0; n++ {
		if len(orders) == 0 || (len(deals) > 0 && deals[0].height <= orders[0].height) {
			d.dealDue(h, d.deals[deals[0].id])
			deals = deals[1:]
		} else {
			if _, ok := d.offers[orders[0].id]; ok {
				delete(d.offers, orders[0].id)
			} else {
				d.closeBid(d.bids[orders[0].id])
			}
			orders = orders[1:]
		}
	}
}

// dealDue settles a deal whose dispute window ended, or expires one whose
// stage timed out.
func (d *dataModel) dealDue(h int64, deal *modelDeal) {
	r := &deal.rec
	r.ClosedHeight = h
	if r.Status == dm.DealKeyRevealed {
		router, protocol := fee(r.Amount, d.m.dmParams.RouterFeeBps), fee(r.Amount, d.m.dmParams.ProtocolFeeBps)
		d.m.move(datamarketAccount(), r.Router, router)
		d.m.fundPool(datamarketAccount(), protocol)
		d.m.move(datamarketAccount(), r.Seller, r.Amount.Sub(router).Sub(protocol))
		d.m.report(r.Seller, reputationtypes.OutcomeDealDelivered)
		d.m.report(r.Buyer, reputationtypes.OutcomeDealPaid)
		r.Status = dm.DealSettled
		return
	}
	r.ExpiredStage, r.Status = r.Status, dm.DealExpired
	d.m.move(datamarketAccount(), r.Buyer, r.Amount)
	if r.ExpiredStage == dm.DealAwaitingDelivery || r.ExpiredStage == dm.DealAccepted {
		d.m.report(r.Seller, reputationtypes.OutcomeDealUnfulfilled)
	}
}

// fee is amount * bps / 10000, rounded down.
func fee(amount math.Int, bps uint32) math.Int {
	return amount.MulRaw(int64(bps)).QuoRaw(10_000)
}

// openDeals lists the open deals in id order.
func (d *dataModel) openDeals() []*modelDeal {
	var out []*modelDeal
	for _, deal := range d.sortedDeals() {
		if deal.rec.Status.IsOpen() {
			out = append(out, deal)
		}
	}
	return out
}

// sortedDeals lists every deal in id order.
func (d *dataModel) sortedDeals() []*modelDeal {
	out := make([]*modelDeal, 0, len(d.deals))
	for _, deal := range d.deals {
		out = append(out, deal)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rec.Id < out[j].rec.Id })
	return out
}

// sortedBids lists the open bids in id order.
func (d *dataModel) sortedBids() []*dm.Bid {
	out := make([]*dm.Bid, 0, len(d.bids))
	for _, b := range d.bids {
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Id < out[j].Id })
	return out
}

// sortedOffers lists the open offers in id order.
func (d *dataModel) sortedOffers() []*dm.Offer {
	out := make([]*dm.Offer, 0, len(d.offers))
	for _, o := range d.offers {
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Id < out[j].Id })
	return out
}
