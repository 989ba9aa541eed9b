package keeper

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
	k.slashers.Claim(module)
	return Slasher{keeper: k, module: module}
}

// Seal ends app construction: no Slasher can be created afterwards.
func (k *Keeper) Seal() { k.slashers.Seal() }

// Module returns the name of the module the Slasher slashes for.
func (s Slasher) Module() string { return s.module }
