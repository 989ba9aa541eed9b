package types_test

import (
	"testing"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	protov2 "google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"cosmossdk.io/api/amino"

	"github.com/cosmos/cosmos-sdk/codec"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/litegpt/litegpt/x/stake/types"
)

var allMsgs = []sdk.Msg{
	&types.MsgRegisterParticipant{}, &types.MsgBondRole{}, &types.MsgUnbondRole{},
	&types.MsgLeaveRole{}, &types.MsgUpdateParticipant{}, &types.MsgUpdateParams{},
}

// TestAminoNames checks that every message and Params is registered with
// the amino name of its amino.name option.
func TestAminoNames(t *testing.T) {
	cdc := codec.NewLegacyAmino()
	types.RegisterLegacyAminoCodec(cdc)
	for _, m := range append([]proto.Message{&types.Params{}}, toProto(allMsgs)...) {
		desc, err := proto.HybridResolver.FindDescriptorByName(protoreflect.FullName(proto.MessageName(m)))
		require.NoError(t, err)
		want := protov2.GetExtension(desc.Options(), amino.E_Name).(string)
		require.NotEmpty(t, want, proto.MessageName(m))
		bz, err := cdc.MarshalJSON(m)
		require.NoError(t, err)
		require.Contains(t, string(bz), `"type":"`+want+`"`, proto.MessageName(m))
	}
}

// TestRegisterInterfaces checks that every message resolves by its type
// URL.
func TestRegisterInterfaces(t *testing.T) {
	registry := codectypes.NewInterfaceRegistry()
	types.RegisterInterfaces(registry)
	for _, m := range allMsgs {
		url := sdk.MsgTypeURL(m)
		got, err := registry.Resolve(url)
		require.NoError(t, err, url)
		require.IsType(t, m, got)
	}
}

func toProto(msgs []sdk.Msg) []proto.Message {
	out := make([]proto.Message, len(msgs))
	for i, m := range msgs {
		out[i] = m
	}
	return out
}
