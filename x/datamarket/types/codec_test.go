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

	"github.com/litegpt/litegpt/x/datamarket/types"
)

// allMsgs is one of every x/datamarket message.
var allMsgs = []sdk.Msg{
	&types.MsgPostOffer{}, &types.MsgPostBid{}, &types.MsgCancelOrder{}, &types.MsgMatch{}, &types.MsgDeliver{},
	&types.MsgAcceptDelivery{}, &types.MsgRevealKey{}, &types.MsgDispute{}, &types.MsgUpdateParams{},
}

// Every message and Params is registered with the amino name of its
// amino.name option.
func TestAminoNames(t *testing.T) {
	cdc := codec.NewLegacyAmino()
	types.RegisterLegacyAminoCodec(cdc)
	ms := []proto.Message{&types.Params{}}
	for _, m := range allMsgs {
		ms = append(ms, m)
	}
	for _, m := range ms {
		desc, err := proto.HybridResolver.FindDescriptorByName(protoreflect.FullName(proto.MessageName(m)))
		require.NoError(t, err)
		want := protov2.GetExtension(desc.Options(), amino.E_Name).(string)
		require.NotEmpty(t, want, proto.MessageName(m))
		bz, err := cdc.MarshalJSON(m)
		require.NoError(t, err)
		require.Contains(t, string(bz), `"type":"`+want+`"`, proto.MessageName(m))
	}
}

// Every message resolves by its type URL, and every Msg service method
// is one of them.
func TestRegisterInterfaces(t *testing.T) {
	registry := codectypes.NewInterfaceRegistry()
	types.RegisterInterfaces(registry)
	urls := map[string]bool{}
	for _, m := range allMsgs {
		url := sdk.MsgTypeURL(m)
		got, err := registry.Resolve(url)
		require.NoError(t, err, url)
		require.IsType(t, m, got)
		urls[url] = true
	}
	desc, err := proto.HybridResolver.FindDescriptorByName(protoreflect.FullName(types.Msg_serviceDesc.ServiceName))
	require.NoError(t, err)
	methods := desc.(protoreflect.ServiceDescriptor).Methods()
	require.Equal(t, len(allMsgs), methods.Len())
	for i := range methods.Len() {
		require.True(t, urls["/"+string(methods.Get(i).Input().FullName())], methods.Get(i).Name())
	}
}
