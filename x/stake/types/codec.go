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
	legacy.RegisterAminoMsg(cdc, &MsgRegisterParticipant{}, "litegpt/stake/MsgRegisterParticipant")
	legacy.RegisterAminoMsg(cdc, &MsgBondRole{}, "litegpt/stake/MsgBondRole")
	legacy.RegisterAminoMsg(cdc, &MsgUnbondRole{}, "litegpt/stake/MsgUnbondRole")
	legacy.RegisterAminoMsg(cdc, &MsgLeaveRole{}, "litegpt/stake/MsgLeaveRole")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParticipant{}, "litegpt/stake/MsgUpdateParticipant")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "litegpt/stake/MsgUpdateParams")
	cdc.RegisterConcrete(&Params{}, "litegpt/stake/Params", nil)
}

// RegisterInterfaces registers the module's messages and Msg service.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgRegisterParticipant{}, &MsgBondRole{}, &MsgUnbondRole{},
		&MsgLeaveRole{}, &MsgUpdateParticipant{}, &MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
