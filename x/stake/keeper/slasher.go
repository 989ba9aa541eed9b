package keeper

import "fmt"

// slasherRegistry records which modules were given a Slasher while the app
// was being built. It is shared by every copy of the Keeper.
type slasherRegistry struct {
	sealed bool
	names  map[string]bool
}

// Slasher slashes role bonds on behalf of one module. Only NewSlasher makes a
// working Slasher, and only before Seal, so only keepers wired in app/ can
// slash; the zero Slasher refuses.
type Slasher struct {
	keeper *Keeper
	module string
}

// NewSlasher returns the Slasher for module. It panics after Seal, for an
// empty name, or for a module that already has one.
func (k *Keeper) NewSlasher(module string) Slasher {
	switch {
	case k.slashers.sealed:
		panic(fmt.Sprintf("stake: NewSlasher(%q) after Seal: slashers are created only at app construction", module))
	case module == "":
		panic("stake: NewSlasher needs the slashing module's name")
	case k.slashers.names[module]:
		panic(fmt.Sprintf("stake: module %q already has a slasher", module))
	}
	k.slashers.names[module] = true
	return Slasher{keeper: k, module: module}
}

// Seal ends app construction: no Slasher can be created afterwards.
func (k *Keeper) Seal() { k.slashers.sealed = true }

// Module returns the name of the module the Slasher slashes for.
func (s Slasher) Module() string { return s.module }
