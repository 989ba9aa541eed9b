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
	legacy.RegisterAminoMsg(cdc, &MsgCreateTask{}, "litegpt/bm/MsgCreateTask")
	legacy.RegisterAminoMsg(cdc, &MsgRevealValidationSlice{}, "litegpt/bm/MsgRevealValidationSlice")
	legacy.RegisterAminoMsg(cdc, &MsgRevealTestSet{}, "litegpt/bm/MsgRevealTestSet")
	legacy.RegisterAminoMsg(cdc, &MsgApproveCircuit{}, "litegpt/bm/MsgApproveCircuit")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeCircuit{}, "litegpt/bm/MsgRevokeCircuit")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterModel{}, "litegpt/bm/MsgRegisterModel")
	legacy.RegisterAminoMsg(cdc, &MsgDeprecateModel{}, "litegpt/bm/MsgDeprecateModel")
	legacy.RegisterAminoMsg(cdc, &MsgPostBounty{}, "litegpt/bm/MsgPostBounty")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "litegpt/bm/MsgUpdateParams")
	cdc.RegisterConcrete(&Params{}, "litegpt/bm/Params", nil)
}

// RegisterInterfaces registers the module's messages and Msg service.
func RegisterInterfaces(registry codectypes.InterfaceRegistry) {
	registry.RegisterImplementations((*sdk.Msg)(nil),
		&MsgCreateTask{}, &MsgRevealValidationSlice{}, &MsgRevealTestSet{},
		&MsgApproveCircuit{}, &MsgRevokeCircuit{}, &MsgRegisterModel{},
		&MsgDeprecateModel{}, &MsgPostBounty{}, &MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(registry, &_Msg_serviceDesc)
}
