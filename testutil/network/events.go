package network

import (
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// TypedEvents returns the typed events T among events, in order. It reads
// block events too: it drops the "mode" attribute (BeginBlock, EndBlock)
// baseapp adds to them, a plain string that sdk.ParseTypedEvent would
// refuse. (So no typed event of this chain may have a field named mode.)
func TypedEvents[T any, P interface {
	*T
	proto.Message
}](events []abci.Event) ([]P, error) {
	name := proto.MessageName(P(new(T)))
	var out []P
	for _, e := range events {
		if e.Type != name {
			continue
		}
		msg, err := sdk.ParseTypedEvent(withoutMode(e))
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", name, err)
		}
		out = append(out, msg.(P))
	}
	return out, nil
}

// TypedEvent returns the one typed event T among events.
func TypedEvent[T any, P interface {
	*T
	proto.Message
}](events []abci.Event) (P, error) {
	all, err := TypedEvents[T, P](events)
	if err != nil {
		return nil, err
	}
	if len(all) != 1 {
		return nil, fmt.Errorf("want one %s event, got %d", proto.MessageName(P(new(T))), len(all))
	}
	return all[0], nil
}

// withoutMode drops the "mode" attribute of block events.
func withoutMode(e abci.Event) abci.Event {
	out := abci.Event{Type: e.Type}
	for _, a := range e.Attributes {
		if a.Key != "mode" {
			out.Attributes = append(out.Attributes, a)
		}
	}
	return out
}
