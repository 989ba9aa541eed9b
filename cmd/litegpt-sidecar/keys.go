package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	cs "github.com/consensys/gnark/constraint/bn254"
	"github.com/spf13/cobra"

	"github.com/litegpt/litegpt/sidecar/ceremony"
	"github.com/litegpt/litegpt/sidecar/circuit"
	"github.com/litegpt/litegpt/sidecar/zkfile"
)

const keysLong = `Groth16 (BN254) keys of a Proof-of-Gradient step circuit.

A circuit is approved on chain by a governance proposal that carries its
verifying key, the ceremony kind and a transcript hash. These commands make
all three:

  multi-party (CEREMONY_KIND_MULTI_PARTY), gnark's two-phase MPC:
    keys setup --ceremony --circuit ID --out T     start a transcript
    keys contribute --in T --name NAME             each contributor in turn (phase 1, then phase 2)
    keys seal --in T --beacon HEX --beacon-source S   end a phase with a public beacon
    keys verify --in T [--vk F] [--hash H]         anyone: replay every contribution
  single-party (CEREMONY_KIND_SINGLE_PARTY), local networks only:
    keys setup --single-party --circuit ID --pk F --vk F

The keys are sound if one contributor of each phase was honest and each
beacon was unpredictable until after the phase's last contribution. A
full-size ceremony takes minutes per contributor on 2 cores: a phase-1
contribution costs about 30 s at 2^16 constraints (the 32 x 32 binary
circuit is 2^15, the UCI digits circuit 2^17, about a minute), the first
phase-2 contribution several times that, and verifying a transcript
replays all of them. The transcript grows by 192 bytes x 2^k per phase-1
contribution (12.6 MB at 2^16).`

func newKeysCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Trusted setup of a step circuit: ceremony, local keys, verification",
		Long:  keysLong,
	}
	cmd.AddCommand(newKeysSetupCmd(), newKeysContributeCmd(), newKeysSealCmd(), newKeysVerifyCmd())
	return cmd
}

// compileCircuit compiles the step circuit an id names.
func compileCircuit(id string) (circuit.Shape, *cs.R1CS, error) {
	if id == "" {
		return circuit.Shape{}, nil, errors.New("--circuit is required (an id such as " + circuit.DigitsShape(2).ID() + ")")
	}
	s, err := circuit.ParseID(id)
	if err != nil {
		return circuit.Shape{}, nil, err
	}
	ccs, err := circuit.Compile(s)
	if err != nil {
		return circuit.Shape{}, nil, err
	}
	r1cs, ok := ccs.(*cs.R1CS)
	if !ok {
		return circuit.Shape{}, nil, fmt.Errorf("circuit %s compiled to %T, want a BN254 R1CS", id, ccs)
	}
	return s, r1cs, nil
}

func newKeysSetupCmd() *cobra.Command {
	var (
		id                  string
		singleParty, multi  bool
		out, pkPath, vkPath string
	)
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Start a multi-party ceremony (--ceremony) or make local single-party keys (--single-party)",
		Long: keysLong + `

--ceremony writes an empty transcript to --out for the first phase-1
contributor. --single-party runs gnark's groth16.Setup and writes the
proving and verifying keys: whoever runs it knows the toxic waste and can
forge proofs, so the chain accepts such circuits only on local chain-ids.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if singleParty == multi {
				return errors.New("choose exactly one of --ceremony (multi-party) and --single-party (local networks only)")
			}
			w := cmd.OutOrStdout()
			if multi {
				if out == "" {
					return errors.New("--ceremony needs --out, the transcript file to write")
				}
				if pkPath != "" || vkPath != "" {
					return errors.New("--pk and --vk are written by `keys seal` at the end of a ceremony, not by setup --ceremony")
				}
				_, r1cs, err := compileCircuit(id)
				if err != nil {
					return err
				}
				t, err := ceremony.NewCeremony(id, r1cs)
				if err != nil {
					return err
				}
				if err := ceremony.WriteFile(out, t); err != nil {
					return err
				}
				fmt.Fprintf(w, "circuit      %s\nconstraints  %d\nphase-1 size %d\nkind         %s (%s)\nwrote %s: an empty ceremony; next, each phase-1 contributor runs `keys contribute --in %s`\n",
					id, r1cs.GetNbConstraints(), t.DomainSize, ceremony.MultiParty.EnumName(), ceremony.MultiParty, out, out)
				return nil
			}
			if pkPath == "" || vkPath == "" {
				return errors.New("--single-party needs --pk and --vk, the key files to write")
			}
			if out != "" {
				return errors.New("--out names a ceremony transcript; a single-party setup has none")
			}
			if err := checkDistinct(pkPath, vkPath); err != nil {
				return err
			}
			_, r1cs, err := compileCircuit(id)
			if err != nil {
				return err
			}
			keys, err := ceremony.LocalSetup(id, r1cs)
			if err != nil {
				return err
			}
			if err := writeKeys(id, keys, pkPath, vkPath); err != nil {
				return err
			}
			fmt.Fprintf(w, "circuit      %s\nconstraints  %d\n", id, r1cs.GetNbConstraints())
			printKeys(w, keys, pkPath, vkPath)
			fmt.Fprintln(w, "WARNING: single-party keys: whoever ran this setup can forge proofs; use them on local networks only")
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&id, "circuit", "", "circuit id, e.g. "+circuit.DigitsShape(2).ID())
	fs.BoolVar(&multi, "ceremony", false, "start a multi-party ceremony transcript")
	fs.BoolVar(&singleParty, "single-party", false, "make single-party keys (local networks only)")
	fs.StringVar(&out, "out", "", "transcript file to write (--ceremony)")
	fs.StringVar(&pkPath, "pk", "", "proving key file to write (--single-party)")
	fs.StringVar(&vkPath, "vk", "", "verifying key file to write (--single-party)")
	return cmd
}

func newKeysContributeCmd() *cobra.Command {
	var in, out, name string
	cmd := &cobra.Command{
		Use:   "contribute",
		Short: "Add your contribution to a ceremony transcript (phase 1 or 2, from its stage)",
		Long: `Reads the transcript, checks the last contribution against its predecessor,
adds yours with fresh randomness and writes the transcript back (to --out,
or over --in). The phase is the transcript's stage: phase 1 until the
coordinator seals it with a beacon, then phase 2. Your secret is never
written anywhere; nobody, you included, can recover it from the transcript.

A phase-1 contribution takes about 30 s at 2^16 constraints on 2 cores, a
phase-2 one a few seconds (the first one of phase 2 recomputes the phase-1
output and takes a few times longer).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if in == "" {
				return errors.New("--in, the transcript file, is required")
			}
			if out == "" {
				out = in
			}
			t, err := ceremony.ReadFile(in)
			if err != nil {
				return err
			}
			var phase, index int
			switch t.Stage() {
			case ceremony.StagePhase1:
				phase, index = 1, len(t.Phase1)
				err = ceremony.ContributePhase1(t, name)
			case ceremony.StagePhase2:
				var r1cs *cs.R1CS
				if _, r1cs, err = compileCircuit(t.CircuitID); err != nil {
					return err
				}
				phase, index = 2, len(t.Phase2)
				err = ceremony.ContributePhase2(t, name, r1cs)
			default:
				return fmt.Errorf("transcript %s of circuit %s is sealed: nothing left to contribute", in, t.CircuitID)
			}
			if err != nil {
				return err
			}
			if err := ceremony.WriteFile(out, t); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "added phase-%d contribution %d (%s) to the ceremony of %s; wrote %s\n",
				phase, index, displayName(name), t.CircuitID, out)
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&in, "in", "", "transcript file to read")
	fs.StringVar(&out, "out", "", "transcript file to write (default: --in)")
	fs.StringVar(&name, "name", "", "your public name, recorded with the contribution (up to 64 bytes)")
	return cmd
}

func newKeysSealCmd() *cobra.Command {
	var in, out, beaconHex, source, pkPath, vkPath string
	cmd := &cobra.Command{
		Use:   "seal",
		Short: "End the current ceremony phase with a public random beacon",
		Long: `Verifies every contribution of the current phase, then applies the beacon.
Announce the beacon's source before the phase's last contribution, naming a
future value, e.g. "drand quicknet round 5123456" (its randomness, hex) or
"litegpt-1 block hash at height 120000"; --beacon is that value in hex.

Sealing phase 2 ends the ceremony: it writes the proving and verifying keys
(--pk, --vk) and prints what the governance proposal carries: the kind,
the transcript hash and the verifying key's hash.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if in == "" {
				return errors.New("--in, the transcript file, is required")
			}
			if out == "" {
				out = in
			}
			beacon, err := hex.DecodeString(strings.TrimPrefix(beaconHex, "0x"))
			if err != nil || len(beacon) == 0 {
				return fmt.Errorf("--beacon must be the beacon value in hex (1..1024 bytes), got %q", beaconHex)
			}
			if source == "" {
				return errors.New("--beacon-source is required: name where the beacon comes from, e.g. \"drand quicknet round 5123456\"")
			}
			t, err := ceremony.ReadFile(in)
			if err != nil {
				return err
			}
			stage := t.Stage()
			if stage == ceremony.StageSealed {
				return fmt.Errorf("transcript %s of circuit %s is already sealed", in, t.CircuitID)
			}
			if stage == ceremony.StagePhase2 {
				if pkPath == "" || vkPath == "" {
					return errors.New("sealing phase 2 ends the ceremony: --pk and --vk, the key files to write, are required")
				}
				if err := checkDistinct(pkPath, vkPath, out); err != nil {
					return err
				}
			} else if pkPath != "" || vkPath != "" {
				return errors.New("this seals phase 1; the keys (--pk, --vk) come from sealing phase 2")
			}
			_, r1cs, err := compileCircuit(t.CircuitID)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if stage == ceremony.StagePhase1 {
				if err := ceremony.SealPhase1(t, beacon, source, r1cs); err != nil {
					return err
				}
				if err := ceremony.WriteFile(out, t); err != nil {
					return err
				}
				fmt.Fprintf(w, "sealed phase 1 of %s (%d contributions, beacon %q); wrote %s; phase-2 contributors run `keys contribute --in %s` next\n",
					t.CircuitID, len(t.Phase1), source, out, out)
				return nil
			}
			keys, err := ceremony.Seal(t, beacon, source, r1cs)
			if err != nil {
				return err
			}
			if err := ceremony.WriteFile(out, t); err != nil {
				return err
			}
			if err := writeKeys(t.CircuitID, keys, pkPath, vkPath); err != nil {
				return err
			}
			fmt.Fprintf(w, "sealed the ceremony of %s (%d + %d contributions); wrote %s\n", t.CircuitID, len(t.Phase1), len(t.Phase2), out)
			printKeys(w, keys, pkPath, vkPath)
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&in, "in", "", "transcript file to read")
	fs.StringVar(&out, "out", "", "transcript file to write (default: --in)")
	fs.StringVar(&beaconHex, "beacon", "", "beacon value, hex")
	fs.StringVar(&source, "beacon-source", "", "where the beacon value comes from (recorded in the transcript)")
	fs.StringVar(&pkPath, "pk", "", "proving key file to write (phase 2)")
	fs.StringVar(&vkPath, "vk", "", "verifying key file to write (phase 2)")
	return cmd
}

func newKeysVerifyCmd() *cobra.Command {
	var in, id, vkPath, wantHash string
	var singleParty bool
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Replay a ceremony's verification, or recompute a single-party hash",
		Long: `Replays the verification of every contribution and both beacons of a
transcript (--in) against the circuit compiled from its id, and prints the
ceremony kind, the transcript hash and the verifying key's hash. With --vk
and --hash it also checks that a governance proposal's key and hash are
what the transcript yields: vote only if it prints OK. An unsealed
transcript is checked as far as it goes.

With --single-party it recomputes the hash of a local setup from the
circuit and --vk: that shows the hash matches the key and the circuit, not
that nobody can forge proofs.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := cmd.OutOrStdout()
			var want []byte
			if wantHash != "" {
				var err error
				if want, err = hex.DecodeString(wantHash); err != nil || len(want) != 32 {
					return fmt.Errorf("--hash must be 32 bytes in hex (64 digits), got %q", wantHash)
				}
			}
			// readVK reads --vk, which must be a key of circuit cid.
			readVK := func(cid string) ([]byte, error) {
				if vkPath == "" {
					return nil, nil
				}
				vk, _, err := zkfile.ReadVerifyingKey(vkPath, cid)
				if err != nil {
					return nil, err
				}
				return ceremony.VerifyingKeyBytes(vk)
			}
			if singleParty {
				if in != "" {
					return errors.New("--single-party recomputes a local setup's hash from --circuit and --vk; it reads no transcript (--in)")
				}
				if vkPath == "" {
					return errors.New("--single-party needs --vk, the verifying key file")
				}
				_, r1cs, err := compileCircuit(id)
				if err != nil {
					return err
				}
				fileVK, err := readVK(id)
				if err != nil {
					return err
				}
				hash, err := ceremony.SinglePartyHash(id, r1cs, fileVK)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "circuit          %s\nkind             %s (%s)\ntranscript hash  %x\nverifying key    %x (SHA-256, %d bytes)\n",
					id, ceremony.SingleParty.EnumName(), ceremony.SingleParty, hash, sha256.Sum256(fileVK), len(fileVK))
				return compareHash(w, want, hash[:])
			}
			if in == "" {
				return errors.New("--in, the transcript file, is required (or --single-party with --circuit and --vk)")
			}
			t, err := ceremony.ReadFile(in)
			if err != nil {
				return err
			}
			if id != "" && id != t.CircuitID {
				return fmt.Errorf("transcript %s is the ceremony of circuit %s, not %s", in, t.CircuitID, id)
			}
			_, r1cs, err := compileCircuit(t.CircuitID)
			if err != nil {
				return err
			}
			fileVK, err := readVK(t.CircuitID)
			if err != nil {
				return err
			}
			if t.Stage() != ceremony.StageSealed {
				if fileVK != nil || want != nil {
					return fmt.Errorf("transcript %s is not sealed yet (%d phase-1, %d phase-2 contributions): it has no key or hash to compare", in, len(t.Phase1), len(t.Phase2))
				}
				if err := ceremony.Check(t, r1cs); err != nil {
					return err
				}
				fmt.Fprintf(w, "OK: the unsealed ceremony of %s verifies so far (%d phase-1, %d phase-2 contributions)\n", t.CircuitID, len(t.Phase1), len(t.Phase2))
				return nil
			}
			vk, err := ceremony.Verify(t, r1cs)
			if err != nil {
				return err
			}
			vkBytes, err := ceremony.VerifyingKeyBytes(vk)
			if err != nil {
				return err
			}
			hash, err := ceremony.TranscriptHash(t)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "circuit          %s\nkind             %s (%s)\ncontributions    %d in phase 1, %d in phase 2\nbeacons          %q, %q\ntranscript hash  %x\nverifying key    %x (SHA-256, %d bytes)\n",
				t.CircuitID, ceremony.MultiParty.EnumName(), ceremony.MultiParty, len(t.Phase1), len(t.Phase2),
				t.Phase1Beacon.Source, t.Phase2Beacon.Source, hash, sha256.Sum256(vkBytes), len(vkBytes))
			for i, c := range t.Phase1 {
				fmt.Fprintf(w, "  phase 1 #%d  %s\n", i, displayName(c.Name))
			}
			for i, c := range t.Phase2 {
				fmt.Fprintf(w, "  phase 2 #%d  %s\n", i, displayName(c.Name))
			}
			if fileVK != nil && !bytes.Equal(fileVK, vkBytes) {
				return fmt.Errorf("verifying key %s is not the key this ceremony yields", vkPath)
			}
			return compareHash(w, want, hash[:])
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&in, "in", "", "ceremony transcript file")
	fs.StringVar(&id, "circuit", "", "circuit id (must match the transcript's; required with --single-party)")
	fs.StringVar(&vkPath, "vk", "", "verifying key file to compare (e.g. the proposal's)")
	fs.StringVar(&wantHash, "hash", "", "transcript hash to compare (e.g. the proposal's), hex")
	fs.BoolVar(&singleParty, "single-party", false, "recompute a single-party setup's hash from --circuit and --vk")
	return cmd
}

// compareHash reports a hash comparison when one was asked for.
func compareHash(w io.Writer, want, got []byte) error {
	if want == nil {
		return nil
	}
	if !bytes.Equal(want, got) {
		return fmt.Errorf("transcript hash is %x, not the expected %x", got, want)
	}
	fmt.Fprintln(w, "OK: the verifying key and transcript hash match")
	return nil
}

// writeKeys writes a setup's keys in zkfile envelopes.
func writeKeys(id string, keys *ceremony.Keys, pkPath, vkPath string) error {
	if err := zkfile.Write(pkPath, zkfile.KindProvingKey, id, keys.ProvingKey); err != nil {
		return err
	}
	return zkfile.Write(vkPath, zkfile.KindVerifyingKey, id, keys.VerifyingKey)
}

// printKeys prints what a governance proposal approving the circuit carries.
func printKeys(w io.Writer, keys *ceremony.Keys, pkPath, vkPath string) {
	fmt.Fprintf(w, "kind             %s (%s)\ntranscript hash  %x\nverifying key    %x (SHA-256, %d bytes)\nwrote %s (%s), %s (%s)\n",
		keys.Kind.EnumName(), keys.Kind, keys.TranscriptHash, sha256.Sum256(keys.VerifyingKeyBytes), len(keys.VerifyingKeyBytes),
		pkPath, fileSize(pkPath), vkPath, fileSize(vkPath))
}

func fileSize(path string) string {
	st, err := os.Stat(path)
	if err != nil {
		return "?"
	}
	n := float64(st.Size())
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", n/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", n/(1<<10))
	}
	return fmt.Sprintf("%d B", st.Size())
}

func displayName(name string) string {
	if name == "" {
		return "(unnamed)"
	}
	return fmt.Sprintf("%q", name)
}

// checkDistinct refuses to write two outputs to one path.
func checkDistinct(paths ...string) error {
	seen := map[string]bool{}
	for _, p := range paths {
		if seen[p] {
			return fmt.Errorf("%s is given for two different outputs", p)
		}
		seen[p] = true
	}
	return nil
}
