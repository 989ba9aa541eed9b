package networktest

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/sidecar/transport"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// The transport layer of a delivery: the seller seals each ciphertext
// chunk again to the buyer's HPKE key, read from the buyer's x/stake
// record, so that only the buyer can read the stream (ARCHITECTURE.md
// section 4, step 2), with sidecar/transport.

// sealToBuyer seals deal dealID's chunks to the HPKE key buyer registered
// as a LEARNER, as a seller's sidecar does (sidecar/transport).
func sealToBuyer(t *testing.T, ctx context.Context, buyer sdk.AccAddress, dealID uint64, chunks [][]byte) []byte {
	t.Helper()
	rec, bond := participant(t, ctx, buyer, staketypes.RoleLearner)
	require.True(t, bond.IsPositive(), "the buyer is bonded as LEARNER")
	var stream bytes.Buffer
	require.NoError(t, transport.Seal(&stream, rec.HpkePublicKey, dealID, chunks))
	return stream.Bytes()
}

// receive opens the delivery stream sealed to a's HPKE key.
func (a account) receive(t *testing.T, dealID uint64, stream []byte) [][]byte {
	t.Helper()
	chunks, err := transport.Open(bytes.NewReader(stream), a.hpke, dealID)
	require.NoError(t, err, "opening the delivery stream of deal %d", dealID)
	return chunks
}
