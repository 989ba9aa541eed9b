package marketfiles_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/litegpt/litegpt/internal/marketfiles"
)

var errWrite = errors.New("disk full")

func failingWrite(w io.Writer) error {
	if _, err := w.Write([]byte("partial")); err != nil {
		return err
	}
	return errWrite
}

func TestReplaceFileKeepsTheOldFileOnFailure(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	err := marketfiles.ReplaceFile(path, 0o644, failingWrite)
	require.ErrorIs(t, err, errWrite)
	require.ErrorContains(t, err, "writing "+path)
	bz, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "old", string(bz))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary file is left behind")

	require.NoError(t, marketfiles.ReplaceFile(path, 0o640, func(w io.Writer) error { _, err := w.Write([]byte("new")); return err }))
	bz, err = os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, "new", string(bz))
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o640), info.Mode().Perm())

	require.Error(t, marketfiles.ReplaceFile(filepath.Join(dir, "missing-dir", "f"), 0o644, failingWrite))
}

func TestCreateFileRemovesAFailedFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	err := marketfiles.CreateFile(path, 0o600, failingWrite)
	require.ErrorIs(t, err, errWrite)
	_, statErr := os.Stat(path)
	require.True(t, os.IsNotExist(statErr))

	require.NoError(t, marketfiles.CheckAbsent(path, filepath.Join(dir, "g")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "g"), nil, 0o600))
	require.ErrorContains(t, marketfiles.CheckAbsent(path, filepath.Join(dir, "g")), filepath.Join(dir, "g")+" already exists; refusing to replace it")
	require.Error(t, marketfiles.CreateFile(filepath.Join(dir, "missing-dir", "f"), 0o600, failingWrite))
}
