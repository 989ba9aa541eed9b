package networktest

import (
	"context"
	"crypto/hpke"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// The transport layer of a delivery: the seller seals each ciphertext
// chunk again to the buyer's HPKE key, read from the buyer's x/stake
// record, so that only the buyer can read the stream (ARCHITECTURE.md
// section 4, step 2). The suite is DHKEM(X25519), HKDF-SHA256, AES-256-GCM.

// transportInfo binds a sealed chunk to its deal and position.
func transportInfo(dealID uint64, index int) []byte {
	return fmt.Appendf(nil, "litegpt/delivery-transport/v1 deal %d chunk %d", dealID, index)
}

// sealToBuyer seals deal dealID's chunks to the HPKE key buyer registered
// as a LEARNER.
func sealToBuyer(t *testing.T, ctx context.Context, buyer sdk.AccAddress, dealID uint64, chunks [][]byte) [][]byte {
	t.Helper()
	rec, bond := participant(t, ctx, buyer, staketypes.RoleLearner)
	require.True(t, bond.IsPositive(), "the buyer is bonded as LEARNER")
	pub, err := hpkeKEM.NewPublicKey(rec.HpkePublicKey)
	require.NoError(t, err)
	out := make([][]byte, len(chunks))
	for i, c := range chunks {
		out[i], err = hpke.Seal(pub, hpke.HKDFSHA256(), hpke.AES256GCM(), transportInfo(dealID, i), c)
		require.NoError(t, err)
	}
	return out
}

// receive opens the chunks sealed to a's HPKE key.
func (a account) receive(t *testing.T, dealID uint64, sealed [][]byte) [][]byte {
	t.Helper()
	out := make([][]byte, len(sealed))
	for i, s := range sealed {
		var err error
		out[i], err = hpke.Open(a.hpke, hpke.HKDFSHA256(), hpke.AES256GCM(), transportInfo(dealID, i), s)
		require.NoError(t, err, "opening transported chunk %d of deal %d", i, dealID)
	}
	return out
}
