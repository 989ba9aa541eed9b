package autoclitest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"
	"github.com/stretchr/testify/require"
	protov2 "google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/dynamicpb"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
	"cosmossdk.io/client/v2/autocli/flag"

	sdkflags "github.com/cosmos/cosmos-sdk/client/flags"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	govcli "github.com/cosmos/cosmos-sdk/x/gov/client/cli"
)

// BuildTx builds the message a tx example means, as the CLI does before it
// signs, with the signer field set to signer (the CLI takes it from --from,
// or the gov module account for a proposal), and decodes it as the chain
// will. A governance proposal's example must set --deposit, --title and
// --summary.
func BuildTx(t *testing.T, service *autocliv1.ServiceCommandDescriptor, tx TxExample, signer string) gogoproto.Message {
	t.Helper()
	if o := optionsOf(service, tx.Method); o != nil && o.GovProposal {
		for _, f := range []string{"deposit", "title", "summary"} {
			require.True(t, tx.Command.Flags().Changed(f), "tx example %v does not set --%s", tx.Args, f)
		}
	}
	msg, err := DecodeTx(EncodeTx(t, service, tx, signer))
	require.NoError(t, err, "example %v", tx.Args)
	return msg
}

// RequireEveryMethod fails unless every Query and Msg method of opts has
// command options and is in checked (the methods whose examples a test
// checked).
func RequireEveryMethod(t *testing.T, opts *autocliv1.ModuleOptions, checked map[string]bool) {
	t.Helper()
	for _, service := range []*autocliv1.ServiceCommandDescriptor{opts.Query, opts.Tx} {
		d, err := gogoproto.HybridResolver.FindDescriptorByName(protoreflect.FullName(service.Service))
		require.NoError(t, err)
		methods := d.(protoreflect.ServiceDescriptor).Methods()
		for i := 0; i < methods.Len(); i++ {
			name := string(methods.Get(i).Name())
			require.NotNil(t, optionsOf(service, name), "no command options for %s", name)
			require.True(t, checked[name], "no example for %s", name)
		}
	}
}

// EncodeTx is the message of a tx example in protobuf: flags and
// positional arguments bound by autocli's flag builder, and the signer
// field set to signer.
func EncodeTx(t *testing.T, service *autocliv1.ServiceCommandDescriptor, tx TxExample, signer string) (protoreflect.MessageDescriptor, []byte) {
	t.Helper()
	b := &flag.Builder{
		TypeResolver:          protoregistry.GlobalTypes,
		FileResolver:          gogoproto.HybridResolver,
		AddressCodec:          addresscodec.NewBech32Codec("lgpt"),
		ValidatorAddressCodec: addresscodec.NewBech32Codec("lgptvaloper"),
		ConsensusAddressCodec: addresscodec.NewBech32Codec("lgptvalcons"),
	}
	require.NoError(t, b.ValidateAndComplete())
	md := method(t, service.Service, tx.Method)
	o := optionsOf(service, tx.Method)
	require.NotNil(t, o, "%s has no command options", tx.Method)

	cmd := &cobra.Command{Use: o.Use}
	ctx := context.Background()
	binder, err := b.AddMessageFlags(&ctx, cmd.Flags(), dynamicpb.NewMessageType(md.Input()), o)
	require.NoError(t, err)
	sdkflags.AddTxFlagsToCmd(cmd)
	if o.GovProposal {
		govcli.AddGovPropFlagsToCmd(cmd)
		cmd.Flags().Bool("no-proposal", false, "") // autocli's internal flags.FlagNoProposal
	}
	require.NoError(t, cmd.ParseFlags(tx.Args), "example %v", tx.Args)
	built, err := binder.BuildMessage(cmd.Flags().Args())
	require.NoError(t, err, "example %v", tx.Args)
	signerField := md.Input().Fields().ByName(protoreflect.Name(flag.GetSignerFieldName(md.Input())))
	built.Set(signerField, protoreflect.ValueOfString(signer))

	bz, err := protov2.Marshal(built.Interface())
	require.NoError(t, err)
	return md.Input(), bz
}

// DecodeTx decodes a message as the chain does, into its gogoproto type.
func DecodeTx(md protoreflect.MessageDescriptor, bz []byte) (gogoproto.Message, error) {
	msgType := gogoproto.MessageType(string(md.FullName()))
	if msgType == nil {
		return nil, fmt.Errorf("no gogoproto type %s", md.FullName())
	}
	msg := reflect.New(msgType.Elem()).Interface().(gogoproto.Message)
	return msg, gogoproto.Unmarshal(bz, msg)
}

// optionsOf returns the command options of method, or nil.
func optionsOf(service *autocliv1.ServiceCommandDescriptor, method string) *autocliv1.RpcCommandOptions {
	for _, o := range service.RpcCommandOptions {
		if o.RpcMethod == method {
			return o
		}
	}
	return nil
}
