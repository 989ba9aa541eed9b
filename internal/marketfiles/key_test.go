package marketfiles_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/internal/marketfiles"
	"github.com/litegpt/litegpt/pkg/exchange"
)

func TestKeyFile(t *testing.T) {
	k, err := exchange.NewKey(nil)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "deal.key")
	require.NoError(t, marketfiles.WriteKeyFile(path, k))

	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, base64.StdEncoding.EncodeToString(k[:])+"\n", string(bz))

	// Never replaced: a second key for the same file is refused.
	other := exchange.Key{1}
	require.ErrorContains(t, marketfiles.WriteKeyFile(path, other), "already exists; refusing to replace it")

	fromFile, err := marketfiles.ParseKey(path)
	require.NoError(t, err)
	require.Equal(t, k, fromFile)
	fromText, err := marketfiles.ParseKey(base64.StdEncoding.EncodeToString(k[:]))
	require.NoError(t, err)
	require.Equal(t, k, fromText)
}

func TestParseKeyRejects(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.key")
	require.NoError(t, os.WriteFile(garbage, []byte("not base64!\n"), 0o600))
	short := filepath.Join(dir, "short.key")
	require.NoError(t, os.WriteFile(short, []byte(base64.StdEncoding.EncodeToString(make([]byte, 16))), 0o600))
	for name, tc := range map[string]struct {
		arg  string
		want string
	}{
		"not base64":   {"%%%", "the key is neither the path of a key file nor standard base64"},
		"wrong length": {base64.StdEncoding.EncodeToString(make([]byte, 31)), "the key: a deal key is 32 bytes, got 31"},
		"garbage file": {garbage, "key file " + garbage + " does not hold a key in standard base64"},
		"short file":   {short, "key file " + short + ": a deal key is 32 bytes, got 16"},
		"directory":    {dir, "reading key file " + dir},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := marketfiles.ParseKey(tc.arg)
			require.ErrorContains(t, err, tc.want)
		})
	}
}
