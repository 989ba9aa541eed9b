package wiring_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/internal/wiring"
)

func TestRegistry(t *testing.T) {
	r := wiring.NewRegistry("test capability")
	r.Claim("a")
	r.Claim("b")
	require.PanicsWithValue(t, `module "a" already has a test capability`, func() { r.Claim("a") })
	require.PanicsWithValue(t, "test capability needs the claiming module's name", func() { r.Claim("") })
	r.Seal()
	require.PanicsWithValue(t, `test capability for "c" requested after Seal: it can only be created while the app is built`, func() { r.Claim("c") })
}
