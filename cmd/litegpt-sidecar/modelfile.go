package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/litegpt/litegpt/sidecar/learn"
	"github.com/litegpt/litegpt/sidecar/wire"
)

// A model file is one lossless wire message (sidecar/wire with
// wire.Plain(): int32 tensors, the spec, samples, age and the weights
// commitment), so what train writes is exactly what a gossip peer would
// receive and decode.

// writeModelFile writes m with its gossip metadata to path atomically: the
// message goes to a temporary file in the same directory, which is synced
// and then renamed over path, so a reader never sees half a model.
func writeModelFile(path string, m *learn.Model, samples, age uint64) error {
	bz, _, err := wire.Encode(m, samples, age, wire.Plain(), nil)
	if err != nil {
		return fmt.Errorf("model file %s: %w", path, err)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("model file %s: %w", path, err)
	}
	fail := func(err error) error {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("model file %s: %w", path, err)
	}
	if _, err := tmp.Write(bz); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("model file %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("model file %s: %w", path, err)
	}
	return nil
}

// readModelFile reads and decodes a model file. Every error names the
// path; a file that is not a valid message (truncated, corrupted, with a
// commitment that does not match its weights) is wire.ErrMalformed.
func readModelFile(path string) (wire.Message, error) {
	f, err := os.Open(path)
	if err != nil {
		return wire.Message{}, fmt.Errorf("model file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return wire.Message{}, fmt.Errorf("model file %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return wire.Message{}, fmt.Errorf("model file %s is not a regular file", path)
	}
	if st.Size() > wire.MaxMessageBytes {
		return wire.Message{}, fmt.Errorf("model file %s is %d bytes, more than the %d-byte limit of a model message", path, st.Size(), wire.MaxMessageBytes)
	}
	// The limit holds even if the file grows after Stat.
	bz, err := io.ReadAll(io.LimitReader(f, wire.MaxMessageBytes+1))
	if err != nil {
		return wire.Message{}, fmt.Errorf("model file %s: %w", path, err)
	}
	if len(bz) == 0 {
		return wire.Message{}, fmt.Errorf("model file %s is empty: %w", path, wire.ErrMalformed)
	}
	msg, err := wire.Decode(bz)
	if err != nil {
		if errors.Is(err, wire.ErrMalformed) {
			return wire.Message{}, fmt.Errorf("model file %s is not a valid model (written by litegpt-sidecar train?): %w", path, err)
		}
		return wire.Message{}, fmt.Errorf("model file %s: %w", path, err)
	}
	return msg, nil
}
