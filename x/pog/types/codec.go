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
	legacy.RegisterAminoMsg(cdc, &MsgSubmitUpdate{}, "litegpt/pog/MsgSubmitUpdate")
	legacy.RegisterAminoMsg(cdc, &MsgCommitBeacon{}, "litegpt/pog/MsgCommitBeacon")
	legacy.RegisterAminoMsg(cdc, &MsgRevealBeacon{}, "litegpt/pog/MsgRevealBeacon")
	legacy.RegisterAminoMsg(cdc, &MsgCommitVote{}, "litegpt/pog/MsgCommitVote")
	legacy.RegisterAminoMsg(cdc, &MsgRevealVote{}, "litegpt/pog/MsgRevealVote")
	legacy.RegisterAminoMsg(cdc, &MsgRequestTestScore{}, "litegpt/pog/MsgRequestTestScore")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "litegpt/pog/MsgUpdateParams")
	cdc.RegisterConcrete(&Params{}, "litegpt/pog/Params", nil)
}

// RegisterInterfaces registers the module's messages and Msg service.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil), &MsgSubmitUpdate{}, &MsgCommitBeacon{}, &MsgRevealBeacon{},
		&MsgCommitVote{}, &MsgRevealVote{}, &MsgRequestTestScore{}, &MsgUpdateParams{})
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
