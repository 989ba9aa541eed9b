package ceremony

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// transcriptMagic opens every transcript encoding.
const transcriptMagic = "LGPT-CER"

// MarshalBinary returns the canonical encoding of t (big-endian,
// length-prefixed fields):
//
//	magic "LGPT-CER" | version u16 | circuit id (u16 len, bytes)
//	| R1CS hash [32] | N u64
//	| phase-1 count u32 | per contribution: name (u16 len, bytes), data (u32 len, bytes)
//	| phase-1 beacon value (u16 len, bytes) | source (u16 len, bytes) | phase-1 output [32]
//	| phase-2 count u32 | contributions as above
//	| phase-2 beacon value | source | verifying key (u32 len, bytes)
//
// It fails if t does not pass Validate.
func (t *Transcript) MarshalBinary() ([]byte, error) {
	if err := t.Validate(); err != nil {
		return nil, err
	}
	size := len(transcriptMagic) + 2 + 2 + len(t.CircuitID) + 32 + 8 + 4 + 4 + 2 + 2 + 32 + 2 + 2 + 4 + len(t.VerifyingKey) +
		len(t.Phase1Beacon.Value) + len(t.Phase1Beacon.Source) + len(t.Phase2Beacon.Value) + len(t.Phase2Beacon.Source)
	for _, cs := range [][]Contribution{t.Phase1, t.Phase2} {
		for _, c := range cs {
			size += 2 + len(c.Name) + 4 + len(c.Data)
		}
	}
	b := make([]byte, 0, size)
	b = append(b, transcriptMagic...)
	b = binary.BigEndian.AppendUint16(b, t.Version)
	b = appendShort(b, []byte(t.CircuitID))
	b = append(b, t.R1CSHash[:]...)
	b = binary.BigEndian.AppendUint64(b, t.DomainSize)
	b = appendContributions(b, t.Phase1)
	b = appendBeacon(b, t.Phase1Beacon)
	b = append(b, t.Phase1Output[:]...)
	b = appendContributions(b, t.Phase2)
	b = appendBeacon(b, t.Phase2Beacon)
	b = appendLong(b, t.VerifyingKey)
	return b, nil
}

func appendShort(b, v []byte) []byte {
	b = binary.BigEndian.AppendUint16(b, uint16(len(v)))
	return append(b, v...)
}

func appendLong(b, v []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}

func appendContributions(b []byte, cs []Contribution) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(cs)))
	for _, c := range cs {
		b = appendShort(b, []byte(c.Name))
		b = appendLong(b, c.Data)
	}
	return b
}

func appendBeacon(b []byte, bc Beacon) []byte {
	b = appendShort(b, bc.Value)
	return appendShort(b, []byte(bc.Source))
}

// DecodeTranscript decodes a transcript strictly: the magic and version
// must match, every length must fit in the input (checked before
// allocating), no bytes may follow, and the result must pass Validate (which
// checks the layout of every contribution but no cryptography: Verify does
// that). The result does not alias b.
func DecodeTranscript(b []byte) (*Transcript, error) {
	t := new(Transcript)
	if err := t.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return t, nil
}

// UnmarshalBinary is DecodeTranscript into t; t is unchanged on error.
func (t *Transcript) UnmarshalBinary(b []byte) error {
	s := scanner{b: b}
	magic, err := s.take(uint64(len(transcriptMagic)), "magic")
	if err != nil {
		return err
	}
	if !bytes.Equal(magic, []byte(transcriptMagic)) {
		return fmt.Errorf("%w: bad magic %q, want %q (not a ceremony transcript)", ErrMalformed, magic, transcriptMagic)
	}
	var d Transcript
	if d.Version, err = s.u16("version"); err != nil {
		return err
	}
	if d.Version != FormatVersion {
		return fmt.Errorf("%w: format version %d, this build reads version %d", ErrMalformed, d.Version, FormatVersion)
	}
	id, err := s.short("circuit id")
	if err != nil {
		return err
	}
	d.CircuitID = string(id)
	h, err := s.take(32, "R1CS hash")
	if err != nil {
		return err
	}
	d.R1CSHash = [32]byte(h)
	if d.DomainSize, err = s.u64("phase-1 size N"); err != nil {
		return err
	}
	if d.Phase1, err = s.contributions(1); err != nil {
		return err
	}
	if d.Phase1Beacon, err = s.beacon(1); err != nil {
		return err
	}
	out, err := s.take(32, "phase-1 output hash")
	if err != nil {
		return err
	}
	d.Phase1Output = [32]byte(out)
	if d.Phase2, err = s.contributions(2); err != nil {
		return err
	}
	if d.Phase2Beacon, err = s.beacon(2); err != nil {
		return err
	}
	if d.VerifyingKey, err = s.long("verifying key"); err != nil {
		return err
	}
	if len(d.VerifyingKey) == 0 {
		d.VerifyingKey = nil
	}
	if err := s.end(); err != nil {
		return err
	}
	if err := d.Validate(); err != nil {
		return err
	}
	*t = d
	return nil
}

// take returns the next n bytes, copied.
func (s *scanner) take(n uint64, what string) ([]byte, error) {
	if err := s.need(n, what); err != nil {
		return nil, err
	}
	v := bytes.Clone(s.b[s.off : s.off+int(n)])
	s.off += int(n)
	return v, nil
}

func (s *scanner) short(what string) ([]byte, error) {
	n, err := s.u16(what + " length")
	if err != nil {
		return nil, err
	}
	return s.take(uint64(n), what)
}

func (s *scanner) long(what string) ([]byte, error) {
	n, err := s.u32(what + " length")
	if err != nil {
		return nil, err
	}
	return s.take(uint64(n), what)
}

func (s *scanner) contributions(phase int) ([]Contribution, error) {
	what := fmt.Sprintf("phase-%d contribution count", phase)
	n, err := s.u32(what)
	if err != nil {
		return nil, err
	}
	if n > MaxContributions {
		return nil, fmt.Errorf("%w: %s is %d, at most %d", ErrMalformed, what, n, MaxContributions)
	}
	// each contribution takes at least its two length prefixes
	if uint64(n)*6 > uint64(s.left()) {
		return nil, fmt.Errorf("%w: %s is %d but only %d bytes are left", ErrMalformed, what, n, s.left())
	}
	if n == 0 {
		return nil, nil
	}
	cs := make([]Contribution, n)
	for i := range cs {
		name, err := s.short(fmt.Sprintf("phase-%d contribution %d name", phase, i))
		if err != nil {
			return nil, err
		}
		cs[i].Name = string(name)
		if cs[i].Data, err = s.long(fmt.Sprintf("phase-%d contribution %d data", phase, i)); err != nil {
			return nil, err
		}
	}
	return cs, nil
}

func (s *scanner) beacon(phase int) (Beacon, error) {
	var bc Beacon
	v, err := s.short(fmt.Sprintf("phase-%d beacon", phase))
	if err != nil {
		return bc, err
	}
	src, err := s.short(fmt.Sprintf("phase-%d beacon source", phase))
	if err != nil {
		return bc, err
	}
	if len(v) > 0 {
		bc.Value = v
	}
	bc.Source = string(src)
	return bc, nil
}
