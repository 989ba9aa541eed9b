package zkfile

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
	"github.com/stretchr/testify/require"
)

type cubic struct {
	X frontend.Variable
	Y frontend.Variable `gnark:",public"`
}

func (c *cubic) Define(api frontend.API) error {
	api.AssertIsEqual(api.Add(api.Mul(c.X, c.X, c.X), c.X, 5), c.Y)
	return nil
}

var (
	testPK    groth16.ProvingKey
	testVK    groth16.VerifyingKey
	testProof groth16.Proof
)

func TestMain(m *testing.M) {
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, &cubic{})
	if err != nil {
		panic(err)
	}
	if testPK, testVK, err = groth16.Setup(ccs); err != nil {
		panic(err)
	}
	w, err := frontend.NewWitness(&cubic{X: 3, Y: 35}, ecc.BN254.ScalarField())
	if err != nil {
		panic(err)
	}
	if testProof, err = groth16.Prove(ccs, testPK, w); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func verifies(t *testing.T, p groth16.Proof, vk groth16.VerifyingKey) error {
	t.Helper()
	w, err := frontend.NewWitness(&cubic{Y: 35}, ecc.BN254.ScalarField(), frontend.PublicOnly())
	require.NoError(t, err)
	return groth16.Verify(p, vk, w)
}

const id = "logreg.test.circuit"

func TestFilesRoundTrip(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, Write(filepath.Join(dir, "p"), KindProof, id, testProof))
	require.NoError(t, Write(filepath.Join(dir, "pk"), KindProvingKey, id, testPK))
	require.NoError(t, Write(filepath.Join(dir, "vk"), KindVerifyingKey, id, testVK))
	p, gotID, err := ReadProof(filepath.Join(dir, "p"), id)
	require.NoError(t, err)
	require.Equal(t, id, gotID)
	vk, gotID, err := ReadVerifyingKey(filepath.Join(dir, "vk"), "")
	require.NoError(t, err)
	require.Equal(t, id, gotID)
	require.NoError(t, verifies(t, p, vk))
	pk, _, err := ReadProvingKey(filepath.Join(dir, "pk"), id)
	require.NoError(t, err)
	for path, obj := range map[string]struct {
		kind Kind
		v    io.WriterTo
	}{"p": {KindProof, p}, "vk": {KindVerifyingKey, vk}, "pk": {KindProvingKey, pk}} {
		want, err := os.ReadFile(filepath.Join(dir, path))
		require.NoError(t, err)
		got, err := Marshal(obj.kind, id, obj.v)
		require.NoError(t, err)
		require.Equal(t, want, got, "re-encoding %s gives the same bytes", path)
	}
}

func TestEveryTruncationAndEveryFlippedByteIsRejected(t *testing.T) {
	for kind, obj := range map[Kind]io.WriterTo{KindProof: testProof, KindVerifyingKey: testVK} {
		good, err := Marshal(kind, id, obj)
		require.NoError(t, err)
		for n := range len(good) {
			_, err := Unmarshal(good[:n], kind, id, target(kind))
			require.ErrorIs(t, err, ErrMalformed, "%s truncated to %d bytes", kind, n)
		}
		for i := range good {
			bad := bytes.Clone(good)
			bad[i] ^= 0x10
			_, err := Unmarshal(bad, kind, "", target(kind))
			require.ErrorIs(t, err, ErrMalformed, "%s with byte %d flipped", kind, i)
		}
		_, err = Unmarshal(append(bytes.Clone(good), 0), kind, id, target(kind))
		require.ErrorContains(t, err, "padded")
	}
}

func TestWrongKindAndCircuitAreNamed(t *testing.T) {
	bz, err := Marshal(KindProof, id, testProof)
	require.NoError(t, err)
	_, err = Unmarshal(bz, KindVerifyingKey, id, target(KindVerifyingKey))
	require.ErrorContains(t, err, "file holds a proof, expected a verifying key")
	_, err = Unmarshal(bz, KindProof, "logreg.other", target(KindProof))
	require.ErrorContains(t, err, "is for circuit logreg.test.circuit, expected logreg.other")
	_, err = Unmarshal([]byte("not a file at all"), KindProof, "", target(KindProof))
	require.ErrorContains(t, err, "not a LiteGPT zk file")
	_, err = Marshal(KindProof, "Bad ID", testProof)
	require.ErrorContains(t, err, "circuit id")
	_, _, err = ReadProof(filepath.Join(t.TempDir(), "missing"), id)
	require.Error(t, err)
}

func FuzzUnmarshal(f *testing.F) {
	good, err := Marshal(KindProof, id, testProof)
	require.NoError(f, err)
	f.Add(good)
	f.Add(good[:20])
	f.Add([]byte("LGPTZK\x00\x01\x01\x03abc"))
	f.Fuzz(func(t *testing.T, bz []byte) {
		_, _ = Unmarshal(bz, KindProof, "", target(KindProof)) // must not panic
	})
}

func target(k Kind) io.ReaderFrom {
	switch k {
	case KindProof:
		return groth16.NewProof(ecc.BN254)
	case KindVerifyingKey:
		return groth16.NewVerifyingKey(ecc.BN254)
	}
	return groth16.NewProvingKey(ecc.BN254)
}
