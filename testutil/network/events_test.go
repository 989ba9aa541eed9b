package network_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/testutil/network"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
)

// TestTypedEvents: typed events are read back from tx and block events
// alike (baseapp's mode attribute dropped), others are skipped, and
// TypedEvent wants exactly one.
func TestTypedEvents(t *testing.T) {
	ev, err := sdk.TypedEventToEvent(&pogtypes.EventVoteCommitted{PollId: 7, Voter: "lgpt1voter"})
	require.NoError(t, err)
	block := abci.Event(ev)
	block.Attributes = append(block.Attributes, abci.EventAttribute{Key: "mode", Value: "EndBlock"})
	other, err := sdk.TypedEventToEvent(&pogtypes.EventPollOpened{})
	require.NoError(t, err)
	events := []abci.Event{abci.Event(ev), abci.Event(other), block}

	all, err := network.TypedEvents[pogtypes.EventVoteCommitted](events)
	require.NoError(t, err)
	require.Len(t, all, 2)
	require.Equal(t, uint64(7), all[1].PollId)
	_, err = network.TypedEvent[pogtypes.EventVoteCommitted](events)
	require.ErrorContains(t, err, "want one litegpt.pog.v1.EventVoteCommitted event, got 2")
	one, err := network.TypedEvent[pogtypes.EventPollOpened](events)
	require.NoError(t, err)
	require.NotNil(t, one)
}
