package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/pelletier/go-toml/v2"
)

// MaxFileBytes bounds the configuration file.
const MaxFileBytes = 1 << 20

// Parse decodes sidecar.toml strictly over the defaults: a key the file
// does not set keeps its default, an unknown key is an error naming it,
// and the result is validated.
func Parse(bz []byte) (Config, error) {
	c := Default()
	dec := toml.NewDecoder(bytes.NewReader(bz)).DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		var strict *toml.StrictMissingError
		if errors.As(err, &strict) {
			return Config{}, fmt.Errorf("unknown setting: %s", strict.String())
		}
		var decodeErr *toml.DecodeError
		if errors.As(err, &decodeErr) {
			row, col := decodeErr.Position()
			return Config{}, fmt.Errorf("line %d, column %d: %s", row, col, decodeErr.Error())
		}
		return Config{}, err
	}
	return c, c.Validate()
}

// Load reads and parses the file at path; relative directories in it
// (chain.keyring_dir, store.dir) are taken relative to the file's
// directory, so a home directory can be moved as a whole.
func Load(path string) (Config, error) {
	info, err := os.Stat(path)
	if err != nil {
		return Config{}, fmt.Errorf("reading the config: %w (litegpt-sidecar init writes one)", err)
	}
	if info.Size() > MaxFileBytes {
		return Config{}, fmt.Errorf("%s is %d bytes, more than a config file's %d", path, info.Size(), MaxFileBytes)
	}
	bz, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	c, err := Parse(bz)
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	for _, p := range []*string{&c.Chain.KeyringDir, &c.Store.Dir} {
		if !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	return c, nil
}

// WriteTemplate writes the commented default configuration to path,
// refusing to replace an existing file unless overwrite is set.
func WriteTemplate(path string, overwrite bool) error {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if overwrite {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s exists; pass --overwrite to replace it", path)
	} else if err != nil {
		return err
	}
	if _, err := f.WriteString(Template()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
