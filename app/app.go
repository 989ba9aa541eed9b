package app

import (
	"encoding/json"
	"fmt"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cast"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/grpc/cmtservice"
	nodeservice "github.com/cosmos/cosmos-sdk/client/grpc/node"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/server"
	"github.com/cosmos/cosmos-sdk/server/api"
	"github.com/cosmos/cosmos-sdk/server/config"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
	"github.com/cosmos/cosmos-sdk/version"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"

	"github.com/litegpt/litegpt/app/keepers"
)

var _ servertypes.Application = (*LiteGPTApp)(nil)

// LiteGPTApp is the LiteGPT application: BaseApp plus the keepers and the
// module manager built in NewLiteGPTApp.
type LiteGPTApp struct {
	*baseapp.BaseApp
	keepers.AppKeepers

	legacyAmino       *codec.LegacyAmino
	appCodec          codec.Codec
	txConfig          client.TxConfig
	interfaceRegistry types.InterfaceRegistry

	keys map[string]*storetypes.KVStoreKey

	ModuleManager      *module.Manager
	BasicModuleManager module.BasicManager
	configurator       module.Configurator
}

// NewLiteGPTApp builds the application. loadLatest loads the latest committed
// state; export and tests build it with false and load a height themselves.
func NewLiteGPTApp(
	logger log.Logger,
	db dbm.DB,
	loadLatest bool,
	appOpts servertypes.AppOptions,
	baseAppOptions ...func(*baseapp.BaseApp),
) *LiteGPTApp {
	encoding := MakeEncodingConfig()

	bApp := baseapp.NewBaseApp(AppName, logger, db, encoding.TxConfig.TxDecoder(), baseAppOptions...)
	bApp.SetVersion(version.Version)
	bApp.SetInterfaceRegistry(encoding.InterfaceRegistry)
	bApp.SetTxEncoder(encoding.TxConfig.TxEncoder())

	keys := storetypes.NewKVStoreKeys(keepers.StoreKeys()...)
	if err := bApp.RegisterStreamingServices(appOpts, keys); err != nil {
		panic(fmt.Errorf("registering streaming services: %w", err))
	}

	app := &LiteGPTApp{
		BaseApp:           bApp,
		legacyAmino:       encoding.Amino,
		appCodec:          encoding.Codec,
		txConfig:          encoding.TxConfig,
		interfaceRegistry: encoding.InterfaceRegistry,
		keys:              keys,
	}

	skipUpgradeHeights := map[int64]bool{}
	for _, h := range cast.ToIntSlice(appOpts.Get(server.FlagUnsafeSkipUpgrades)) {
		skipUpgradeHeights[int64(h)] = true
	}
	app.AppKeepers = keepers.New(keepers.Inputs{
		BaseApp:            bApp,
		Codec:              encoding.Codec,
		LegacyAmino:        encoding.Amino,
		Keys:               keys,
		Logger:             logger,
		HomePath:           cast.ToString(appOpts.Get(flags.FlagHome)),
		SkipUpgradeHeights: skipUpgradeHeights,
	})

	app.AppKeepers.Seal()

	app.ModuleManager = newModuleManager(app, encoding.TxConfig)
	app.BasicModuleManager = newBasicManager(app.ModuleManager)
	app.BasicModuleManager.RegisterLegacyAminoCodec(encoding.Amino)
	app.BasicModuleManager.RegisterInterfaces(encoding.InterfaceRegistry)
	setModuleOrder(app.ModuleManager)

	app.configurator = module.NewConfigurator(app.appCodec, app.MsgServiceRouter(), app.GRPCQueryRouter())
	if err := app.ModuleManager.RegisterServices(app.configurator); err != nil {
		panic(fmt.Errorf("registering module services: %w", err))
	}
	app.registerUpgradeHandlers()

	app.MountKVStores(keys)

	app.SetInitChainer(app.InitChainer)
	app.SetPreBlocker(app.PreBlocker)
	app.SetBeginBlocker(app.BeginBlocker)
	app.SetEndBlocker(app.EndBlocker)
	app.SetAnteHandler(newAnteHandler(app.AppKeepers, encoding.TxConfig))

	// Every Msg service must carry the cosmos.msg.v1 annotations (signer,
	// service); a missing one is a programming error that stops start-up.
	// (amino.name on every LiteGPT message is enforced by app/amino_test.go.)
	protoFiles, err := proto.MergedRegistry()
	if err != nil {
		panic(fmt.Errorf("merging proto registries: %w", err))
	}
	if err := msgservice.ValidateProtoAnnotations(protoFiles); err != nil {
		panic(fmt.Errorf("invalid protobuf annotations: %w", err))
	}

	if loadLatest {
		if err := app.LoadLatestVersion(); err != nil {
			panic(fmt.Errorf("loading latest version: %w", err))
		}
	}
	return app
}

// Name returns the application name.
func (app *LiteGPTApp) Name() string { return app.BaseApp.Name() }

// PreBlocker runs the modules' pre-blockers (upgrades first).
func (app *LiteGPTApp) PreBlocker(ctx sdk.Context, _ *abci.RequestFinalizeBlock) (*sdk.ResponsePreBlock, error) {
	return app.ModuleManager.PreBlock(ctx)
}

// BeginBlocker runs the modules' begin-blockers.
func (app *LiteGPTApp) BeginBlocker(ctx sdk.Context) (sdk.BeginBlock, error) {
	return app.ModuleManager.BeginBlock(ctx)
}

// EndBlocker runs the modules' end-blockers.
func (app *LiteGPTApp) EndBlocker(ctx sdk.Context) (sdk.EndBlock, error) {
	return app.ModuleManager.EndBlock(ctx)
}

// InitChainer initialises every module from the genesis app state.
func (app *LiteGPTApp) InitChainer(ctx sdk.Context, req *abci.RequestInitChain) (*abci.ResponseInitChain, error) {
	var genesisState GenesisState
	if err := json.Unmarshal(req.AppStateBytes, &genesisState); err != nil {
		return nil, fmt.Errorf("decoding genesis app state: %w", err)
	}
	if err := app.UpgradeKeeper.SetModuleVersionMap(ctx, app.ModuleManager.GetVersionMap()); err != nil {
		return nil, err
	}
	return app.ModuleManager.InitGenesis(ctx, app.appCodec, genesisState)
}

// LoadHeight loads the state committed at height.
func (app *LiteGPTApp) LoadHeight(height int64) error { return app.LoadVersion(height) }

// LegacyAmino returns the application's amino codec.
func (app *LiteGPTApp) LegacyAmino() *codec.LegacyAmino { return app.legacyAmino }

// AppCodec returns the application's protobuf codec.
func (app *LiteGPTApp) AppCodec() codec.Codec { return app.appCodec }

// InterfaceRegistry returns the application's interface registry.
func (app *LiteGPTApp) InterfaceRegistry() types.InterfaceRegistry { return app.interfaceRegistry }

// TxConfig returns the application's transaction configuration.
func (app *LiteGPTApp) TxConfig() client.TxConfig { return app.txConfig }

// DefaultGenesis returns the default genesis of every module, in ulgpt.
func (app *LiteGPTApp) DefaultGenesis() map[string]json.RawMessage {
	return NewDefaultGenesisState(app.appCodec, app.BasicModuleManager)
}

// GetKey returns the store key of a module (tests only).
func (app *LiteGPTApp) GetKey(storeKey string) *storetypes.KVStoreKey { return app.keys[storeKey] }

// RegisterAPIRoutes registers the REST (grpc-gateway) routes of every module.
func (app *LiteGPTApp) RegisterAPIRoutes(apiSvr *api.Server, apiConfig config.APIConfig) {
	clientCtx := apiSvr.ClientCtx
	authtx.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	cmtservice.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	nodeservice.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	app.BasicModuleManager.RegisterGRPCGatewayRoutes(clientCtx, apiSvr.GRPCGatewayRouter)
	if err := server.RegisterSwaggerAPI(apiSvr.ClientCtx, apiSvr.Router, apiConfig.Swagger); err != nil {
		panic(err)
	}
}

// RegisterTxService registers the tx gRPC service (simulate, broadcast, get).
func (app *LiteGPTApp) RegisterTxService(clientCtx client.Context) {
	authtx.RegisterTxService(app.GRPCQueryRouter(), clientCtx, app.Simulate, app.interfaceRegistry)
}

// RegisterTendermintService registers the CometBFT gRPC query service.
func (app *LiteGPTApp) RegisterTendermintService(clientCtx client.Context) {
	cmtApp := server.NewCometABCIWrapper(app)
	cmtservice.RegisterTendermintService(clientCtx, app.GRPCQueryRouter(), app.interfaceRegistry, cmtApp.Query)
}

// RegisterNodeService registers the node gRPC service (config, status).
func (app *LiteGPTApp) RegisterNodeService(clientCtx client.Context, cfg config.Config) {
	nodeservice.RegisterNodeService(clientCtx, app.GRPCQueryRouter(), cfg, func() int64 {
		return app.CommitMultiStore().EarliestVersion()
	})
}
