package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterLegacyAminoCodec registers the module's messages with the amino
// names of their amino.name options, for Ledger and Keplr-style signing.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgPostOffer{}, "litegpt/dm/MsgPostOffer")
	legacy.RegisterAminoMsg(cdc, &MsgPostBid{}, "litegpt/dm/MsgPostBid")
	legacy.RegisterAminoMsg(cdc, &MsgCancelOrder{}, "litegpt/dm/MsgCancelOrder")
	legacy.RegisterAminoMsg(cdc, &MsgMatch{}, "litegpt/dm/MsgMatch")
	legacy.RegisterAminoMsg(cdc, &MsgDeliver{}, "litegpt/dm/MsgDeliver")
	legacy.RegisterAminoMsg(cdc, &MsgAcceptDelivery{}, "litegpt/dm/MsgAcceptDelivery")
	legacy.RegisterAminoMsg(cdc, &MsgRevealKey{}, "litegpt/dm/MsgRevealKey")
	legacy.RegisterAminoMsg(cdc, &MsgDispute{}, "litegpt/dm/MsgDispute")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "litegpt/dm/MsgUpdateParams")
	cdc.RegisterConcrete(&Params{}, "litegpt/dm/Params", nil)
}

// RegisterInterfaces registers the module's messages and Msg service.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgPostOffer{}, &MsgPostBid{}, &MsgCancelOrder{}, &MsgMatch{}, &MsgDeliver{}, &MsgAcceptDelivery{}, &MsgRevealKey{}, &MsgDispute{}, &MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
