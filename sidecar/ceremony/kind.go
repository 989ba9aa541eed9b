package ceremony

// Kind is how a circuit's Groth16 keys were made. The values are those of
// the chain's CeremonyKind enum (proto/litegpt/buildermarket/v1).
type Kind uint8

const (
	// MultiParty is CEREMONY_KIND_MULTI_PARTY: a phase-1 + phase-2
	// multi-party ceremony, sound if one contributor of each phase was
	// honest.
	MultiParty Kind = 1
	// SingleParty is CEREMONY_KIND_SINGLE_PARTY: one party ran the setup
	// and can forge proofs; the chain accepts it on local chain-ids only.
	SingleParty Kind = 2
)

// String is a human-readable name for the kind.
func (k Kind) String() string {
	switch k {
	case MultiParty:
		return "multi-party"
	case SingleParty:
		return "single-party (local networks only)"
	default:
		return "unknown ceremony kind"
	}
}

// EnumName is the name of the chain enum value, e.g.
// "CEREMONY_KIND_MULTI_PARTY", as a CLI prints it for a proposal.
func (k Kind) EnumName() string {
	switch k {
	case MultiParty:
		return "CEREMONY_KIND_MULTI_PARTY"
	case SingleParty:
		return "CEREMONY_KIND_SINGLE_PARTY"
	default:
		return "CEREMONY_KIND_UNSPECIFIED"
	}
}

// Valid reports whether k is MultiParty or SingleParty.
func (k Kind) Valid() bool { return k == MultiParty || k == SingleParty }
