package marketfiles

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/litegpt/litegpt/pkg/exchange"
)

// A key file holds one deal key as standard base64 and a newline, mode
// 0600: `"$(cat FILE)"` is the key argument of MsgRevealKey's CLI.

// WriteKeyFile writes k to a new key file at path with mode 0600. It
// refuses to replace an existing file: a lost key cannot be revealed, and
// a deal whose key is never revealed expires unpaid.
func WriteKeyFile(path string, k exchange.Key) error {
	return CreateFile(path, 0o600, func(w io.Writer) error {
		_, err := io.WriteString(w, base64.StdEncoding.EncodeToString(k[:])+"\n")
		return err
	})
}

// ParseKey reads a deal key given as the path of a key file or as the
// key's base64 itself.
func ParseKey(s string) (exchange.Key, error) {
	text, source, notBase64 := s, "the key", "the key is neither the path of a key file nor standard base64"
	bz, err := os.ReadFile(s)
	switch {
	case err == nil:
		text, source = string(bz), "key file "+s
		notBase64 = "key file " + s + " does not hold a key in standard base64"
	case !errors.Is(err, fs.ErrNotExist):
		return exchange.Key{}, fmt.Errorf("reading key file %s: %w", s, err)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text))
	if err != nil {
		return exchange.Key{}, fmt.Errorf("%s: %w", notBase64, err)
	}
	k, err := exchange.KeyFromBytes(raw)
	if err != nil {
		return exchange.Key{}, fmt.Errorf("%s: %w", source, err)
	}
	return k, nil
}
