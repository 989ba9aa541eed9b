// Package keepers builds every keeper of the LiteGPT application in one
// readable place, in dependency order, and the IBC routers that connect them.
package keepers

import (
	corestore "cosmossdk.io/core/store"
	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/baseapp"
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authcodec "github.com/cosmos/cosmos-sdk/x/auth/codec"
	authkeeper "github.com/cosmos/cosmos-sdk/x/auth/keeper"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	authzkeeper "github.com/cosmos/cosmos-sdk/x/authz/keeper"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	consensuskeeper "github.com/cosmos/cosmos-sdk/x/consensus/keeper"
	consensustypes "github.com/cosmos/cosmos-sdk/x/consensus/types"
	distrkeeper "github.com/cosmos/cosmos-sdk/x/distribution/keeper"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	evidencekeeper "github.com/cosmos/cosmos-sdk/x/evidence/keeper"
	evidencetypes "github.com/cosmos/cosmos-sdk/x/evidence/types"
	"github.com/cosmos/cosmos-sdk/x/feegrant"
	feegrantkeeper "github.com/cosmos/cosmos-sdk/x/feegrant/keeper"
	govkeeper "github.com/cosmos/cosmos-sdk/x/gov/keeper"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	slashingkeeper "github.com/cosmos/cosmos-sdk/x/slashing/keeper"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
	upgradekeeper "github.com/cosmos/cosmos-sdk/x/upgrade/keeper"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/cosmos/ibc-go/v11/modules/apps/transfer"
	ibctransferkeeper "github.com/cosmos/ibc-go/v11/modules/apps/transfer/keeper"
	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"
	transferv2 "github.com/cosmos/ibc-go/v11/modules/apps/transfer/v2"
	porttypes "github.com/cosmos/ibc-go/v11/modules/core/05-port/types"
	ibcapi "github.com/cosmos/ibc-go/v11/modules/core/api"
	ibcexported "github.com/cosmos/ibc-go/v11/modules/core/exported"
	ibckeeper "github.com/cosmos/ibc-go/v11/modules/core/keeper"
	ibctm "github.com/cosmos/ibc-go/v11/modules/light-clients/07-tendermint"

	builderkeeper "github.com/litegpt/litegpt/x/buildermarket/keeper"
	buildertypes "github.com/litegpt/litegpt/x/buildermarket/types"
	datamarketkeeper "github.com/litegpt/litegpt/x/datamarket/keeper"
	datamarkettypes "github.com/litegpt/litegpt/x/datamarket/types"
	pogkeeper "github.com/litegpt/litegpt/x/pog/keeper"
	pogtypes "github.com/litegpt/litegpt/x/pog/types"
	reputationkeeper "github.com/litegpt/litegpt/x/reputation/keeper"
	reputationtypes "github.com/litegpt/litegpt/x/reputation/types"
	stakekeeper "github.com/litegpt/litegpt/x/stake/keeper"
	staketypes "github.com/litegpt/litegpt/x/stake/types"
)

// AppKeepers holds every keeper of the application.
type AppKeepers struct {
	AccountKeeper         authkeeper.AccountKeeper
	BankKeeper            bankkeeper.BaseKeeper
	StakingKeeper         *stakingkeeper.Keeper
	SlashingKeeper        slashingkeeper.Keeper
	DistrKeeper           distrkeeper.Keeper
	GovKeeper             *govkeeper.Keeper
	UpgradeKeeper         *upgradekeeper.Keeper
	EvidenceKeeper        evidencekeeper.Keeper
	FeeGrantKeeper        feegrantkeeper.Keeper
	AuthzKeeper           authzkeeper.Keeper
	ConsensusParamsKeeper consensuskeeper.Keeper

	IBCKeeper      *ibckeeper.Keeper
	TransferKeeper *ibctransferkeeper.Keeper

	// ReputationKeeper holds reputation scores. Modules that report outcomes
	// get a Reporter from it here, at construction; see Seal.
	ReputationKeeper reputationkeeper.Keeper

	// StakeKeeper holds role bonds and sends CometBFT the weighted validator
	// set. Modules that slash role bonds get a Slasher from it here.
	StakeKeeper stakekeeper.Keeper

	// BuilderMarketKeeper holds tasks, circuits, models and bounties.
	// x/pog reports verified metrics through a MetricReporter made here.
	BuilderMarketKeeper builderkeeper.Keeper

	// DataMarketKeeper holds the data orderbook and the fair-exchange deals.
	DataMarketKeeper datamarketkeeper.Keeper

	// PogKeeper holds the model versions and verifies their training
	// steps; x/datamarket checks MODEL_UPDATE offers against it.
	PogKeeper pogkeeper.Keeper

	// TMLightClientModule is the 07-tendermint light client, the only light
	// client this chain accepts.
	TMLightClientModule ibctm.LightClientModule
}

// Inputs are what keepers.New needs from the application under construction.
type Inputs struct {
	BaseApp            *baseapp.BaseApp
	Codec              codec.Codec
	LegacyAmino        *codec.LegacyAmino
	Keys               map[string]*storetypes.KVStoreKey
	Logger             log.Logger
	HomePath           string
	SkipUpgradeHeights map[int64]bool
}

// StoreKeys lists the KV store of every module that has state.
func StoreKeys() []string {
	return []string{
		authtypes.StoreKey, banktypes.StoreKey, stakingtypes.StoreKey,
		distrtypes.StoreKey, slashingtypes.StoreKey, govtypes.StoreKey,
		upgradetypes.StoreKey, evidencetypes.StoreKey, feegrant.StoreKey,
		authzkeeper.StoreKey, consensustypes.StoreKey,
		ibcexported.StoreKey, ibctransfertypes.StoreKey,
		reputationtypes.StoreKey, staketypes.StoreKey,
		buildertypes.StoreKey, datamarkettypes.StoreKey, pogtypes.StoreKey,
	}
}

// GovAuthority is the address every module's MsgUpdateParams must come from:
// the x/gov module account.
func GovAuthority() string {
	return authtypes.NewModuleAddress(govtypes.ModuleName).String()
}

// New builds every keeper in dependency order and seals the IBC routers.
func New(in Inputs) AppKeepers {
	var k AppKeepers
	cdc, keys, authority := in.Codec, in.Keys, GovAuthority()
	store := func(name string) corestore.KVStoreService { return runtime.NewKVStoreService(keys[name]) }

	k.ConsensusParamsKeeper = consensuskeeper.NewKeeper(cdc, store(consensustypes.StoreKey), authority, runtime.EventService{})
	in.BaseApp.SetParamStore(k.ConsensusParamsKeeper.ParamsStore)

	k.AccountKeeper = authkeeper.NewAccountKeeper(
		cdc, store(authtypes.StoreKey), authtypes.ProtoBaseAccount, ModuleAccountPermissions(),
		authcodec.NewBech32Codec(sdk.GetConfig().GetBech32AccountAddrPrefix()),
		sdk.GetConfig().GetBech32AccountAddrPrefix(), authority,
	)
	k.BankKeeper = bankkeeper.NewBaseKeeper(cdc, store(banktypes.StoreKey), k.AccountKeeper, BlockedAddresses(), authority, in.Logger)

	// x/staking keeps delegations, unbonding and jailing. Consensus power is
	// the seam where the x/stake module will wrap it (see app/modules.go).
	k.StakingKeeper = stakingkeeper.NewKeeper(
		cdc, store(stakingtypes.StoreKey), k.AccountKeeper, k.BankKeeper, authority,
		authcodec.NewBech32Codec(sdk.GetConfig().GetBech32ValidatorAddrPrefix()),
		authcodec.NewBech32Codec(sdk.GetConfig().GetBech32ConsensusAddrPrefix()),
	)
	k.DistrKeeper = distrkeeper.NewKeeper(cdc, store(distrtypes.StoreKey), k.AccountKeeper, k.BankKeeper, k.StakingKeeper, authtypes.FeeCollectorName, authority)

	k.ReputationKeeper = reputationkeeper.NewKeeper(cdc, store(reputationtypes.StoreKey), k.AccountKeeper.AddressCodec(), authority)
	k.StakeKeeper = stakekeeper.NewKeeper(cdc, store(staketypes.StoreKey), authority,
		k.AccountKeeper, k.BankKeeper, k.DistrKeeper, k.StakingKeeper, k.ReputationKeeper)

	// x/slashing and x/evidence see CometBFT's weighted powers; this keeper
	// converts them back to staking power before x/staking slashes tokens.
	slashingStaking := stakekeeper.NewSlashingStakingKeeper(k.StakingKeeper, k.StakeKeeper)
	k.SlashingKeeper = slashingkeeper.NewKeeper(cdc, in.LegacyAmino, store(slashingtypes.StoreKey), slashingStaking, authority)
	k.StakingKeeper.SetHooks(stakingtypes.NewMultiStakingHooks(k.DistrKeeper.Hooks(), k.SlashingKeeper.Hooks()))

	k.BuilderMarketKeeper = builderkeeper.NewKeeper(cdc, store(buildertypes.StoreKey), authority,
		k.AccountKeeper, k.BankKeeper, k.DistrKeeper, k.StakeKeeper)
	k.DataMarketKeeper = datamarketkeeper.NewKeeper(cdc, store(datamarkettypes.StoreKey), authority,
		k.AccountKeeper, k.BankKeeper, k.DistrKeeper, k.StakeKeeper,
		k.StakeKeeper.NewSlasher(datamarkettypes.ModuleName), k.ReputationKeeper,
		k.ReputationKeeper.NewReporter(datamarkettypes.ModuleName), k.BuilderMarketKeeper)
	k.PogKeeper = pogkeeper.NewKeeper(cdc, store(pogtypes.StoreKey), authority, pogkeeper.Deps{
		Account: k.AccountKeeper, Bank: k.BankKeeper, Stake: k.StakeKeeper, Staking: k.StakingKeeper,
		Reputation: k.ReputationKeeper, Reporter: k.ReputationKeeper.NewReporter(pogtypes.ModuleName),
		Slasher: k.StakeKeeper.NewSlasher(pogtypes.ModuleName), Builder: k.BuilderMarketKeeper,
		Metrics: k.BuilderMarketKeeper.NewMetricReporter(pogtypes.ModuleName), DataMarket: k.DataMarketKeeper,
	})
	// Set before the modules copy the keeper (app/modules.go).
	k.DataMarketKeeper.SetVersionChecker(k.PogKeeper.NewVersionChecker())

	k.FeeGrantKeeper = feegrantkeeper.NewKeeper(cdc, store(feegrant.StoreKey), k.AccountKeeper)
	k.AuthzKeeper = authzkeeper.NewKeeper(store(authzkeeper.StoreKey), cdc, in.BaseApp.MsgServiceRouter(), k.AccountKeeper)
	k.UpgradeKeeper = upgradekeeper.NewKeeper(in.SkipUpgradeHeights, store(upgradetypes.StoreKey), cdc, in.HomePath, in.BaseApp, authority)

	k.EvidenceKeeper = *evidencekeeper.NewKeeper(
		cdc, store(evidencetypes.StoreKey), slashingStaking, k.SlashingKeeper,
		k.AccountKeeper.AddressCodec(), runtime.ProvideCometInfoService(),
	)

	k.GovKeeper = govkeeper.NewKeeper(
		cdc, store(govtypes.StoreKey), k.AccountKeeper, k.BankKeeper, k.DistrKeeper,
		in.BaseApp.MsgServiceRouter(), govtypes.DefaultConfig(), authority,
		govkeeper.NewDefaultCalculateVoteResultsAndVotingPower(k.StakingKeeper),
	)

	k.IBCKeeper = ibckeeper.NewKeeper(cdc, store(ibcexported.StoreKey), k.UpgradeKeeper, authority)
	k.TransferKeeper = ibctransferkeeper.NewKeeper(
		cdc, k.AccountKeeper.AddressCodec(), store(ibctransfertypes.StoreKey),
		k.IBCKeeper.ChannelKeeper, in.BaseApp.MsgServiceRouter(), k.AccountKeeper, k.BankKeeper, authority,
	)
	k.wireIBC(cdc)
	return k
}

// Seal ends keeper construction: after it no module can obtain a new
// reputation Reporter, stake Slasher or buildermarket MetricReporter.
func (k *AppKeepers) Seal() {
	k.ReputationKeeper.Seal()
	k.StakeKeeper.Seal()
	k.BuilderMarketKeeper.Seal()
}

// wireIBC registers ICS-20 transfer on the IBC v1 and v2 routers and the
// 07-tendermint light client.
func (k *AppKeepers) wireIBC(cdc codec.Codec) {
	// Transfer has no middleware: its keeper sends packets straight through
	// the channel keeper (its default ICS4 wrapper).
	ibcRouter := porttypes.NewRouter()
	ibcRouter.AddRoute(ibctransfertypes.ModuleName, transfer.NewIBCModule(k.TransferKeeper))

	ibcRouterV2 := ibcapi.NewRouter()
	ibcRouterV2.AddRoute(ibctransfertypes.PortID, transferv2.NewIBCModule(k.TransferKeeper))

	k.IBCKeeper.SetRouter(ibcRouter)
	k.IBCKeeper.SetRouterV2(ibcRouterV2)

	storeProvider := k.IBCKeeper.ClientKeeper.GetStoreProvider()
	k.TMLightClientModule = ibctm.NewLightClientModule(cdc, storeProvider)
	k.IBCKeeper.ClientKeeper.AddRoute(ibctm.ModuleName, &k.TMLightClientModule)
}
