// Package upgrades declares the chain's software upgrades: for each plan name
// an x/upgrade handler that runs the module migrations, plus the stores the
// new binary adds or removes. Add an Upgrade to List when a release changes
// state; governance schedules it with a software-upgrade proposal.
package upgrades

import (
	"context"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"
)

// Upgrade is one named software upgrade.
type Upgrade struct {
	// Name is the plan name governance uses in MsgSoftwareUpgrade.
	Name string
	// StoreUpgrades lists the KV stores the upgrade adds, renames or deletes.
	StoreUpgrades storetypes.StoreUpgrades
	// Migrate runs extra state changes after the module migrations; optional.
	Migrate func(ctx context.Context) error
}

// List holds every upgrade this binary knows, oldest first. The chain has had
// no upgrade yet.
var List []Upgrade

// Handler returns the x/upgrade handler of u: it runs every module's
// registered migrations, then u.Migrate.
func (u Upgrade) Handler(mm *module.Manager, configurator module.Configurator) upgradetypes.UpgradeHandler {
	return func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		versions, err := mm.RunMigrations(ctx, configurator, fromVM)
		if err != nil {
			return nil, err
		}
		if u.Migrate != nil {
			if err := u.Migrate(ctx); err != nil {
				return nil, err
			}
		}
		return versions, nil
	}
}
