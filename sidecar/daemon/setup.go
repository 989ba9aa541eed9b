package daemon

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keyring"

	"github.com/litegpt/litegpt/app"
	"github.com/litegpt/litegpt/sidecar/chain"
	"github.com/litegpt/litegpt/sidecar/router"
	"github.com/litegpt/litegpt/sidecar/state"
	dm "github.com/litegpt/litegpt/x/datamarket/types"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
)

// setup builds the keyring, the node connection, the chain client, the
// roles and opens the store. It fails with a clear error on a missing
// key; it does not contact the node (an unreachable node is retried).
func (d *daemon) setup() error {
	cfg := d.cfg
	o := d.opts
	var cdc codec.Codec
	if o.TxConfig == nil || o.Keyring == nil || o.Conn == nil {
		enc := app.MakeEncodingConfig()
		dm.RegisterInterfaces(enc.InterfaceRegistry)
		pogtypes.RegisterInterfaces(enc.InterfaceRegistry)
		cdc = enc.Codec
		if o.TxConfig == nil {
			o.TxConfig = enc.TxConfig
		}
	}
	if o.Keyring == nil {
		kr, err := keyring.New("litegpt", cfg.Chain.KeyringBackend, cfg.Chain.KeyringDir, os.Stdin, cdc)
		if err != nil {
			return fmt.Errorf("opening the %s keyring in %s: %w", cfg.Chain.KeyringBackend, cfg.Chain.KeyringDir, err)
		}
		o.Keyring = kr
	}
	if _, err := o.Keyring.Key(cfg.Chain.KeyName); err != nil {
		return fmt.Errorf("chain.key_name %q: no such key in the %s keyring in %s (create it with `litegpt-sidecar keys add`): %w",
			cfg.Chain.KeyName, cfg.Chain.KeyringBackend, cfg.Chain.KeyringDir, err)
	}
	if o.Conn == nil {
		conn, err := grpc.NewClient(cfg.Chain.GRPC, grpc.WithTransportCredentials(insecure.NewCredentials()),
			grpc.WithDefaultCallOptions(grpc.ForceCodec(codec.NewProtoCodec(cdc.InterfaceRegistry()).GRPCCodec())))
		if err != nil {
			return fmt.Errorf("chain.grpc %s: %w", cfg.Chain.GRPC, err)
		}
		o.Conn = conn
	}
	d.conn = o.Conn

	cc := chain.DefaultConfig()
	cc.ChainID, cc.KeyName = cfg.Chain.ChainID, cfg.Chain.KeyName
	cc.GasAdjustment, cc.GasPrices = cfg.Chain.GasAdjustment, cfg.Chain.GasPrices
	if cfg.Chain.BroadcastTimeout > 0 {
		cc.BroadcastTimeout = time.Duration(cfg.Chain.BroadcastTimeout)
	}
	if o.PollInterval > 0 && o.PollInterval < cc.BroadcastTimeout {
		cc.PollInterval = min(o.PollInterval, cc.PollInterval)
	}
	client, err := chain.New(o.Conn, o.TxConfig, o.Keyring, cc, chain.WithLogger(d.log.With("component", "chain")))
	if err != nil {
		return err
	}
	d.client = client
	if slices.Contains(cfg.Roles, RoleRouter) {
		if d.router, err = router.New(dm.NewQueryClient(o.Conn), client.Address().String()); err != nil {
			return err
		}
	}
	d.verify = slices.Contains(cfg.Roles, RoleVerifier)
	if cfg.Store.Dir == "" {
		return errors.New("store.dir is empty")
	}
	if d.store, err = state.Open(cfg.Store.Dir); err != nil {
		return err
	}
	d.opts = o
	return nil
}
