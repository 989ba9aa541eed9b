package reputation_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cosmos/gogoproto/jsonpb"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"
	"google.golang.org/grpc"
	protov2 "google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
	"cosmossdk.io/client/v2/autocli"
	"cosmossdk.io/client/v2/autocli/flag"

	sdkflags "github.com/cosmos/cosmos-sdk/client/flags"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/litegpt/litegpt/x/reputation"
	"github.com/litegpt/litegpt/x/reputation/types"
)

// recordingConn is a gRPC connection that records the last query and
// answers with a fixed response for each method.
type recordingConn struct {
	method string
	req    []byte
}

var responses = map[string]gogoproto.Message{
	"Params":  &types.QueryParamsResponse{Params: types.DefaultParams()},
	"Score":   &types.QueryScoreResponse{Score: types.ScoreView{Score: types.NeutralScore, Stored: types.Score{Value: types.NeutralScore}}},
	"Scores":  &types.QueryScoresResponse{},
	"History": &types.QueryHistoryResponse{},
}

func (c *recordingConn) Invoke(_ context.Context, method string, args, reply any, _ ...grpc.CallOption) error {
	bz, err := protov2.Marshal(args.(protov2.Message))
	if err != nil {
		return err
	}
	c.method, c.req = method, bz
	res, ok := responses[method[strings.LastIndex(method, "/")+1:]]
	if !ok {
		return errors.New("unexpected method " + method)
	}
	if bz, err = gogoproto.Marshal(res); err != nil {
		return err
	}
	return protov2.Unmarshal(bz, reply.(protov2.Message))
}

func (c *recordingConn) NewStream(context.Context, *grpc.StreamDesc, string, ...grpc.CallOption) (grpc.ClientStream, error) {
	return nil, errors.New("no streams")
}

// words splits a shell command line on spaces outside single or double
// quotes (enough for the examples).
func words(line string) []string {
	var out []string
	var cur strings.Builder
	var quote rune
	inWord := false
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ':
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

// Every CLI example in AutoCLIOptions must run: its flags exist, its
// addresses are valid lgpt addresses, and it sends the request it shows.
func TestAutoCLIExamples(t *testing.T) {
	conn := &recordingConn{}
	b := &autocli.Builder{
		Builder: flag.Builder{
			TypeResolver:          protoregistry.GlobalTypes,
			FileResolver:          gogoproto.HybridResolver,
			AddressCodec:          addresscodec.NewBech32Codec("lgpt"),
			ValidatorAddressCodec: addresscodec.NewBech32Codec("lgptvaloper"),
			ConsensusAddressCodec: addresscodec.NewBech32Codec("lgptvalcons"),
		},
		GetClientConn:     func(*cobra.Command) (grpc.ClientConnInterface, error) { return conn, nil },
		AddQueryConnFlags: sdkflags.AddQueryFlagsToCmd,
		AddTxConnFlags:    sdkflags.AddTxFlagsToCmd,
	}
	if err := b.ValidateAndComplete(); err != nil {
		t.Fatal(err)
	}
	opts := reputation.AppModule{}.AutoCLIOptions()
	method := func(service, name string) protoreflect.MethodDescriptor {
		d, err := gogoproto.HybridResolver.FindDescriptorByName(protoreflect.FullName(service))
		if err != nil {
			t.Fatal(err)
		}
		md := d.(protoreflect.ServiceDescriptor).Methods().ByName(protoreflect.Name(name))
		if md == nil {
			t.Fatalf("%s has no method %s", service, name)
		}
		return md
	}
	examples := func(o *autocliv1.RpcCommandOptions, group string) [][]string {
		var out [][]string
		for _, line := range strings.Split(o.Example, "\n") {
			w := words(line)
			prefix := []string{"litegptd", group, "reputation"}
			if len(w) < 4 || strings.Join(w[:3], " ") != strings.Join(prefix, " ") {
				t.Fatalf("%s example %q does not start with %v", o.RpcMethod, line, prefix)
			}
			if name := strings.Fields(o.Use)[0]; w[3] != name {
				t.Fatalf("%s example %q does not run %q", o.RpcMethod, line, name)
			}
			out = append(out, w[4:])
		}
		return out
	}

	checked := map[string]bool{}
	for _, o := range opts.Query.RpcCommandOptions {
		for _, args := range examples(o, "query") {
			cmd, err := b.BuildQueryMethodCommand(context.Background(), method(opts.Query.Service, o.RpcMethod), o)
			if err != nil {
				t.Fatal(err)
			}
			cmd.SetArgs(args)
			cmd.SetOut(new(bytes.Buffer))
			cmd.SetErr(new(bytes.Buffer))
			if err := cmd.ExecuteContext(context.Background()); err != nil {
				t.Fatalf("query %s %v: %v", o.Use, args, err)
			}
			if want := "/" + opts.Query.Service + "/" + o.RpcMethod; conn.method != want {
				t.Fatalf("example %v called %s, want %s", args, conn.method, want)
			}
			switch o.RpcMethod {
			case "Score":
				var req types.QueryScoreRequest
				must(t, gogoproto.Unmarshal(conn.req, &req))
				mustAddress(t, req.Address)
			case "Scores":
				var req types.QueryScoresRequest
				must(t, gogoproto.Unmarshal(conn.req, &req))
				if req.Pagination == nil || req.Pagination.Limit == 0 {
					t.Fatalf("ranking example %v sets no page limit", args)
				}
			case "History":
				var req types.QueryHistoryRequest
				must(t, gogoproto.Unmarshal(conn.req, &req))
				mustAddress(t, req.Address)
				if req.Pagination == nil || req.Pagination.Limit == 0 {
					t.Fatalf("history example %v sets no page limit", args)
				}
			}
			checked[o.RpcMethod] = true
		}
	}

	// The tx example is not sent (that needs a keyring and a node): its
	// flags and arguments must parse.
	for _, o := range opts.Tx.RpcCommandOptions {
		for _, args := range examples(o, "tx") {
			cmd, err := b.BuildMsgMethodCommand(method(opts.Tx.Service, o.RpcMethod), o)
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.ParseFlags(args); err != nil {
				t.Fatalf("tx %s %v: %v", o.Use, args, err)
			}
			if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
				t.Fatalf("tx %s %v: %v", o.Use, args, err)
			}
			// params-json: a .json file path, or inline JSON that decodes to
			// valid Params.
			if pos := cmd.Flags().Args(); !strings.HasSuffix(pos[0], ".json") {
				var p types.Params
				if err := (&jsonpb.Unmarshaler{}).Unmarshal(strings.NewReader(pos[0]), &p); err != nil {
					t.Fatalf("tx example params %q: %v", pos[0], err)
				}
				must(t, p.Validate())
			}
			for _, f := range []string{"from", "deposit", "title", "summary"} {
				if !cmd.Flags().Changed(f) {
					t.Fatalf("tx example %v does not set --%s", args, f)
				}
			}
			checked[o.RpcMethod] = true
		}
	}
	for _, m := range []string{"Params", "Score", "Scores", "History", "UpdateParams"} {
		if !checked[m] {
			t.Errorf("no example for %s", m)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustAddress(t *testing.T, addr string) {
	t.Helper()
	if _, err := addresscodec.NewBech32Codec("lgpt").StringToBytes(addr); err != nil {
		t.Fatalf("example address %q: %v", addr, err)
	}
}
