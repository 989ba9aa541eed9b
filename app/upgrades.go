package app

import (
	"fmt"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/litegpt/litegpt/app/upgrades"
)

// registerUpgradeHandlers installs the handler of every known upgrade and,
// when the node restarts at an upgrade height, the store loader that adds or
// removes that upgrade's stores.
func (app *LiteGPTApp) registerUpgradeHandlers() {
	app.registerUpgrades(upgrades.List)
}

func (app *LiteGPTApp) registerUpgrades(list []upgrades.Upgrade) {
	for _, u := range list {
		app.UpgradeKeeper.SetUpgradeHandler(u.Name, u.Handler(app.ModuleManager, app.configurator))
	}

	info, err := app.UpgradeKeeper.ReadUpgradeInfoFromDisk()
	if err != nil {
		panic(fmt.Errorf("reading upgrade info from disk: %w", err))
	}
	if info.Name == "" || app.UpgradeKeeper.IsSkipHeight(info.Height) {
		return
	}
	for _, u := range list {
		if u.Name == info.Name {
			storeUpgrades := u.StoreUpgrades
			app.SetStoreLoader(upgradetypes.UpgradeStoreLoader(info.Height, &storeUpgrades))
		}
	}
}
