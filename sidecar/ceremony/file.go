package ceremony

import (
	"fmt"
	"os"
	"path/filepath"
)

// ReadFile reads and strictly decodes a transcript file (DecodeTranscript).
func ReadFile(path string) (*Transcript, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("ceremony: reading transcript: %w", err)
	}
	t, err := DecodeTranscript(b)
	if err != nil {
		return nil, fmt.Errorf("ceremony: transcript %s: %w", path, err)
	}
	return t, nil
}

// WriteFile encodes t and writes it to path atomically: to a temporary
// file in the same directory, synced, then renamed over path, so a crash
// never leaves a half-written transcript.
func WriteFile(path string, t *Transcript) (err error) {
	b, err := t.MarshalBinary()
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("ceremony: writing transcript: %w", err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(b); err != nil {
		return fmt.Errorf("ceremony: writing transcript: %w", err)
	}
	if err = f.Chmod(0o644); err != nil {
		return fmt.Errorf("ceremony: writing transcript: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("ceremony: writing transcript: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("ceremony: writing transcript: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("ceremony: writing transcript: %w", err)
	}
	return nil
}
