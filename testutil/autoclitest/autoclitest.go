// Package autoclitest checks that every CLI example a module's autocli
// options show really runs: query examples are executed against a recording
// gRPC connection, tx examples are parsed (flags and positional arguments),
// and each example's request is handed back for module-specific checks.
package autoclitest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

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
)

// QueryCall is one query example that ran: its method and request bytes.
type QueryCall struct {
	Args    []string
	Method  string // RPC method name, e.g. "Score"
	Request []byte // the protobuf-encoded request the CLI sent
}

// TxExample is one tx example whose flags and arguments parsed.
type TxExample struct {
	Args    []string
	Method  string
	Command *cobra.Command // flags parsed; Flags().Args() are the positionals
}

// Result holds every example that was checked.
type Result struct {
	Queries []QueryCall
	Txs     []TxExample
}

// recordingConn records the last query and answers with a fixed response.
type recordingConn struct {
	responses map[string]gogoproto.Message
	method    string
	req       []byte
}

func (c *recordingConn) Invoke(_ context.Context, method string, args, reply any, _ ...grpc.CallOption) error {
	bz, err := protov2.Marshal(args.(protov2.Message))
	if err != nil {
		return err
	}
	c.method, c.req = method, bz
	res, ok := c.responses[method[strings.LastIndex(method, "/")+1:]]
	if !ok {
		return errors.New("no canned response for " + method)
	}
	if bz, err = gogoproto.Marshal(res); err != nil {
		return err
	}
	return protov2.Unmarshal(bz, reply.(protov2.Message))
}

func (c *recordingConn) NewStream(context.Context, *grpc.StreamDesc, string, ...grpc.CallOption) (grpc.ClientStream, error) {
	return nil, errors.New("no streams")
}

// Run checks every example of opts for `litegptd {query,tx} <module> ...`.
// responses gives a canned response per query method. Every RPC method with
// command options must have at least one example.
func Run(t *testing.T, module string, opts *autocliv1.ModuleOptions, responses map[string]gogoproto.Message) Result {
	t.Helper()
	conn := &recordingConn{responses: responses}
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
	var res Result
	for _, o := range opts.Query.RpcCommandOptions {
		for _, args := range examples(t, module, "query", o) {
			cmd, err := b.BuildQueryMethodCommand(context.Background(), method(t, opts.Query.Service, o.RpcMethod), o)
			if err != nil {
				t.Fatal(err)
			}
			cmd.SetArgs(args)
			cmd.SetOut(new(bytes.Buffer))
			cmd.SetErr(new(bytes.Buffer))
			if err := cmd.ExecuteContext(context.Background()); err != nil {
				t.Fatalf("query %s %s %v: %v", module, o.Use, args, err)
			}
			if want := "/" + opts.Query.Service + "/" + o.RpcMethod; conn.method != want {
				t.Fatalf("example %v called %s, want %s", args, conn.method, want)
			}
			res.Queries = append(res.Queries, QueryCall{Args: args, Method: o.RpcMethod, Request: conn.req})
		}
	}
	if opts.Tx != nil {
		for _, o := range opts.Tx.RpcCommandOptions {
			for _, args := range examples(t, module, "tx", o) {
				cmd, err := b.BuildMsgMethodCommand(method(t, opts.Tx.Service, o.RpcMethod), o)
				if err != nil {
					t.Fatal(err)
				}
				if err := cmd.ParseFlags(args); err != nil {
					t.Fatalf("tx %s %s %v: %v", module, o.Use, args, err)
				}
				if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
					t.Fatalf("tx %s %s %v: %v", module, o.Use, args, err)
				}
				if !cmd.Flags().Changed("from") {
					t.Fatalf("tx example %v does not set --from", args)
				}
				res.Txs = append(res.Txs, TxExample{Args: args, Method: o.RpcMethod, Command: cmd})
			}
		}
	}
	return res
}

// method finds an RPC method descriptor.
func method(t *testing.T, service, name string) protoreflect.MethodDescriptor {
	t.Helper()
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

// examples returns the arguments after `litegptd <group> <module> <use>` of
// each example line of o; every method needs one.
func examples(t *testing.T, module, group string, o *autocliv1.RpcCommandOptions) [][]string {
	t.Helper()
	if strings.TrimSpace(o.Example) == "" {
		t.Fatalf("%s %s has no example", group, o.RpcMethod)
	}
	var out [][]string
	for _, line := range strings.Split(o.Example, "\n") {
		w := Words(line)
		prefix := []string{"litegptd", group, module, strings.Fields(o.Use)[0]}
		if len(w) < 4 || strings.Join(w[:4], " ") != strings.Join(prefix, " ") {
			t.Fatalf("%s example %q does not start with %q", o.RpcMethod, line, strings.Join(prefix, " "))
		}
		out = append(out, w[4:])
	}
	return out
}

// Words splits a shell command line on spaces outside single or double
// quotes (enough for documentation examples).
func Words(line string) []string {
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
