// Package router is the sidecar's ROUTER role: it reads the Data
// Market's open bids and, for each, the best eligible offer the chain's
// own priority index names (QueryBestOffer: lowest price, then oldest,
// among the offers the buyer's reputation may take), and plans the
// MsgMatch transactions that fill them. The chain checks price-time
// priority again when it executes a match and pays the router its fee
// (router_fee_bps) when the deal settles; a router that matched anything
// but the best offer would only see its transaction refused.
package router

import (
	"context"
	"fmt"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	dm "github.com/litegpt/litegpt/x/datamarket/types"
)

// Queries is what the router reads from x/datamarket (its QueryClient).
type Queries interface {
	Bids(ctx context.Context, in *dm.QueryBidsRequest, opts ...grpc.CallOption) (*dm.QueryBidsResponse, error)
	BestOffer(ctx context.Context, in *dm.QueryBestOfferRequest, opts ...grpc.CallOption) (*dm.QueryBestOfferResponse, error)
}

// Router plans matches for one ROUTER account.
type Router struct {
	q      Queries
	router string
	// MaxMatches bounds the matches of one plan (one block's worth).
	MaxMatches int
	// PageSize is the bids read per query.
	PageSize uint64
}

// New returns the router of account router (bech32), planning at most 50
// matches at a time.
func New(q Queries, router string) (*Router, error) {
	if router == "" {
		return nil, fmt.Errorf("router: give the ROUTER account that signs the matches")
	}
	return &Router{q: q, router: router, MaxMatches: 50, PageSize: 100}, nil
}

// Plan returns the matches to send now: for each open bid with leaves
// left (in id order, oldest first) whose best offer crosses its maximum
// price, a match of as many leaves as both have left. An offer filled by
// an earlier match of the same plan is not matched again: the next plan,
// after the block, sees the next best offer. A bid without an eligible
// offer is skipped.
func (r *Router) Plan(ctx context.Context, height int64) ([]*dm.MsgMatch, error) {
	var out []*dm.MsgMatch
	taken := map[uint64]uint64{} // offer id -> leaves this plan already takes
	var key []byte
	for len(out) < r.MaxMatches {
		page, err := r.q.Bids(ctx, &dm.QueryBidsRequest{Pagination: &query.PageRequest{Key: key, Limit: r.PageSize}})
		if err != nil {
			return nil, fmt.Errorf("router: reading the bids: %w", err)
		}
		for _, b := range page.Bids {
			if len(out) == r.MaxMatches {
				break
			}
			if b.Filled >= b.LeafCount || b.ExpiryHeight <= height {
				continue
			}
			best, err := r.q.BestOffer(ctx, &dm.QueryBestOfferRequest{BidId: b.Id})
			if status.Code(err) == codes.NotFound {
				continue
			} else if err != nil {
				return nil, fmt.Errorf("router: best offer for bid %d: %w", b.Id, err)
			}
			o := best.Offer
			left := o.LeafCount - o.Filled - taken[o.Id]
			if !best.Crosses || left == 0 {
				continue
			}
			leaves := min(left, b.LeafCount-b.Filled)
			taken[o.Id] += leaves
			out = append(out, &dm.MsgMatch{Router: r.router, BidId: b.Id, OfferId: o.Id, Leaves: leaves})
		}
		if page.Pagination == nil || len(page.Pagination.NextKey) == 0 {
			break
		}
		key = page.Pagination.NextKey
	}
	return out, nil
}
