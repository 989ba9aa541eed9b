package app

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	gogoproto "github.com/cosmos/gogoproto/proto"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/known/anypb"

	"cosmossdk.io/api/amino"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	txsigning "github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/litegpt/litegpt/app/keepers"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// aminoExamples holds a populated example of every LiteGPT message, keyed by
// type URL. TestAminoJSONSigning fails for a registered /litegpt.* message
// without an example: add one here when you add a message, with every field
// set to a realistic value (amino JSON omits empty fields, so a zero value
// would hide encoding differences).
var aminoExamples = map[string]func() sdk.Msg{
	"/litegpt.reputation.v1.MsgUpdateParams": func() sdk.Msg {
		return reputationtypes.NewMsgUpdateParams(keepers.GovAuthority(), reputationtypes.DefaultParams())
	},
	"/litegpt.stake.v1.MsgRegisterParticipant": func() sdk.Msg {
		return &staketypes.MsgRegisterParticipant{
			Owner: exampleOwner, Endpoint: "/ip4/10.0.0.7/tcp/4001/p2p/12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X",
			HpkePublicKey: bytes.Repeat([]byte{7}, 32),
			Profile:       staketypes.DeviceProfile{MemoryBytes: 16 << 30, MilliTflops: 8_000, BandwidthBps: 1_000_000_000},
			Role:          staketypes.RoleLearner, Bond: sdk.NewInt64Coin(BondDenom, 10_000_000_000),
		}
	},
	"/litegpt.stake.v1.MsgBondRole": func() sdk.Msg {
		return &staketypes.MsgBondRole{Owner: exampleOwner, Role: staketypes.RoleVerifier, Amount: sdk.NewInt64Coin(BondDenom, 10_000_000_000)}
	},
	"/litegpt.stake.v1.MsgUnbondRole": func() sdk.Msg {
		return &staketypes.MsgUnbondRole{Owner: exampleOwner, Role: staketypes.RoleLearner, Amount: sdk.NewInt64Coin(BondDenom, 1_000_000)}
	},
	"/litegpt.stake.v1.MsgLeaveRole": func() sdk.Msg {
		return &staketypes.MsgLeaveRole{Owner: exampleOwner, Role: staketypes.RoleVerifier}
	},
	"/litegpt.stake.v1.MsgUpdateParticipant": func() sdk.Msg {
		return &staketypes.MsgUpdateParticipant{
			Owner: exampleOwner, Endpoint: "/dns4/node.example.org/tcp/4001/p2p/12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X",
			HpkePublicKey: bytes.Repeat([]byte{9}, 32),
			Profile:       &staketypes.DeviceProfile{MemoryBytes: 80 << 30, MilliTflops: 60_000, BandwidthBps: 10_000_000_000},
		}
	},
	"/litegpt.stake.v1.MsgUpdateParams": func() sdk.Msg {
		return &staketypes.MsgUpdateParams{Authority: keepers.GovAuthority(), Params: staketypes.DefaultParams()}
	},
}

// exampleOwner is a fixed account address for message examples.
var exampleOwner = sdk.AccAddress(bytes.Repeat([]byte{0x42}, 20)).String()

// liteGPTMsgTypeURLs lists the type URLs of every LiteGPT message the app
// registers, sorted.
func liteGPTMsgTypeURLs(a *LiteGPTApp) []string {
	var urls []string
	for _, url := range a.InterfaceRegistry().ListImplementations(sdk.MsgInterfaceProtoName) {
		if strings.HasPrefix(url, "/litegpt.") {
			urls = append(urls, url)
		}
	}
	sort.Strings(urls)
	return urls
}

// TestAminoJSONSigning signs every LiteGPT message in
// SIGN_MODE_LEGACY_AMINO_JSON, as Ledger devices and Amino wallets do, and
// verifies the signature as the ante handler would, after an encode/decode
// round trip of the transaction.
func TestAminoJSONSigning(t *testing.T) {
	a := newTestApp(t)
	urls := liteGPTMsgTypeURLs(a)
	if len(urls) == 0 {
		t.Fatal("the interface registry has no /litegpt.* message; are the modules' RegisterInterfaces wired?")
	}
	for url := range aminoExamples {
		if !slices.Contains(urls, url) {
			t.Errorf("aminoExamples has %s, which the app does not register; remove or fix it", url)
		}
	}

	priv := secp256k1.GenPrivKey()
	for _, url := range urls {
		t.Run(url, func(t *testing.T) {
			example, ok := aminoExamples[url]
			if !ok {
				t.Fatalf("no amino example for %s: add a populated message to aminoExamples in app/amino_test.go", url)
			}
			msg := example()
			if got := sdk.MsgTypeURL(msg); got != url {
				t.Fatalf("example of %s has type URL %s", url, got)
			}

			name := aminoNameOption(t, msg)
			if !strings.HasPrefix(name, "litegpt/") {
				t.Errorf("amino.name of %s is %q, want litegpt/<module>/<Msg>", url, name)
			}
			legacyJSON := legacyAminoJSON(t, a, msg, name)

			signBytes := signAndVerifyAminoJSON(t, a, priv, msg)
			if !bytes.Contains(signBytes, []byte(`"type":"`+name+`"`)) {
				t.Errorf("amino JSON sign bytes do not name the message %q:\n%s", name, signBytes)
			}
			// Wallets that build sign bytes with the legacy amino codec
			// (amino-js, older Ledger apps) must produce the same message
			// JSON as the chain's x/tx encoder.
			if got := signedMsgJSON(t, signBytes); !jsonEqual(t, got, legacyJSON) {
				t.Errorf("message JSON differs between the sign bytes and the legacy amino codec:\nsign bytes: %s\nlegacy:     %s", got, legacyJSON)
			}
		})
	}
}

// aminoNameOption returns the amino.name option of msg's proto descriptor.
func aminoNameOption(t *testing.T, msg sdk.Msg) string {
	t.Helper()
	fullName := protoreflect.FullName(gogoproto.MessageName(msg))
	desc, err := gogoproto.HybridResolver.FindDescriptorByName(fullName)
	if err != nil {
		t.Fatalf("no proto descriptor for %s: %v", fullName, err)
	}
	name, _ := proto.GetExtension(desc.Options(), amino.E_Name).(string)
	if name == "" {
		t.Fatalf("%s has no (amino.name) option; add option (amino.name) = \"litegpt/<module>/%s\" to its proto", fullName, desc.Name())
	}
	return name
}

// legacyAminoJSON returns msg's JSON from the app's legacy amino codec,
// which must know the type under name.
func legacyAminoJSON(t *testing.T, a *LiteGPTApp, msg sdk.Msg, name string) json.RawMessage {
	t.Helper()
	bz, err := a.LegacyAmino().MarshalJSON(msg)
	if err != nil {
		t.Fatalf("legacy amino cannot encode %T (is it registered in RegisterLegacyAminoCodec?): %v", msg, err)
	}
	var wrapped struct {
		Type  string          `json:"type"`
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(bz, &wrapped); err != nil {
		t.Fatalf("legacy amino JSON of %T: %v", msg, err)
	}
	if wrapped.Type != name {
		t.Errorf("legacy amino registers %T as %q, its proto amino.name is %q", msg, wrapped.Type, name)
	}
	return bz
}

// signAndVerifyAminoJSON signs a transaction holding msg in amino JSON mode
// with priv, verifies the signature after encoding and decoding the
// transaction, checks that another chain-id fails, and returns the sign bytes.
func signAndVerifyAminoJSON(t *testing.T, a *LiteGPTApp, priv *secp256k1.PrivKey, msg sdk.Msg) []byte {
	t.Helper()
	ctx := context.Background()
	txConfig := a.TxConfig()
	const mode = signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON
	pub := priv.PubKey()
	signer := authsigning.SignerData{
		Address:       sdk.AccAddress(pub.Address()).String(),
		ChainID:       LocalChainIDPrefix + "-amino",
		AccountNumber: 7,
		Sequence:      3,
		PubKey:        pub,
	}

	builder := txConfig.NewTxBuilder()
	if err := builder.SetMsgs(msg); err != nil {
		t.Fatal(err)
	}
	builder.SetGasLimit(200_000)
	builder.SetFeeAmount(sdk.NewCoins(sdk.NewInt64Coin(BondDenom, 500)))
	builder.SetMemo("amino JSON test")
	builder.SetTimeoutHeight(1_000)
	sigData := &signing.SingleSignatureData{SignMode: mode}
	sig := signing.SignatureV2{PubKey: pub, Data: sigData, Sequence: signer.Sequence}
	if err := builder.SetSignatures(sig); err != nil {
		t.Fatal(err)
	}

	signBytes, err := authsigning.GetSignBytesAdapter(ctx, txConfig.SignModeHandler(), mode, signer, builder.GetTx())
	if err != nil {
		t.Fatalf("amino JSON sign bytes: %v", err)
	}
	if sigData.Signature, err = priv.Sign(signBytes); err != nil {
		t.Fatal(err)
	}
	if err := builder.SetSignatures(sig); err != nil {
		t.Fatal(err)
	}

	// Verify what a node receives: the encoded, then decoded, transaction.
	txBytes, err := txConfig.TxEncoder()(builder.GetTx())
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := txConfig.TxDecoder()(txBytes)
	if err != nil {
		t.Fatal(err)
	}
	sigTx, ok := decoded.(authsigning.SigVerifiableTx)
	if !ok {
		t.Fatalf("decoded tx %T has no signatures", decoded)
	}
	sigs, err := sigTx.GetSignaturesV2()
	if err != nil || len(sigs) != 1 {
		t.Fatalf("decoded signatures: %v, %v", sigs, err)
	}
	txData := decoded.(authsigning.V2AdaptableTx).GetSigningTxData()
	anyPk, err := codectypes.NewAnyWithValue(pub)
	if err != nil {
		t.Fatal(err)
	}
	verifier := txsigning.SignerData{
		Address:       signer.Address,
		ChainID:       signer.ChainID,
		AccountNumber: signer.AccountNumber,
		Sequence:      signer.Sequence,
		PubKey:        &anypb.Any{TypeUrl: anyPk.TypeUrl, Value: anyPk.Value},
	}
	if err := authsigning.VerifySignature(ctx, pub, verifier, sigs[0].Data, txConfig.SignModeHandler(), txData); err != nil {
		t.Fatalf("verifying the amino JSON signature: %v", err)
	}
	verifier.ChainID = "litegpt-1"
	if err := authsigning.VerifySignature(ctx, pub, verifier, sigs[0].Data, txConfig.SignModeHandler(), txData); err == nil {
		t.Error("the signature also verifies for another chain-id")
	}
	return signBytes
}

// signedMsgJSON returns the only message of amino JSON sign bytes.
func signedMsgJSON(t *testing.T, signBytes []byte) json.RawMessage {
	t.Helper()
	var doc struct {
		Msgs []json.RawMessage `json:"msgs"`
	}
	if err := json.Unmarshal(signBytes, &doc); err != nil || len(doc.Msgs) != 1 {
		t.Fatalf("sign bytes are not a StdSignDoc with one message (%v):\n%s", err, signBytes)
	}
	return doc.Msgs[0]
}

// jsonEqual reports whether a and b are the same JSON value.
func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("decoding %s: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}
