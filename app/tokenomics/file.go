package tokenomics

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// AllocationFile is the JSON input of `litegptd genesis allocate --file`:
//
//	{
//	  "vesting_start": "2027-01-01T00:00:00Z",
//	  "team": [{"address": "lgpt1...", "weight": 3}],
//	  "partners_advisors": [{"address": "lgpt1...", "weight": 1}],
//	  "private_sale": [{"address": "lgpt1...", "weight": 1}],
//	  "ecosystem": [{"address": "lgpt1...", "weight": 1}],
//	  "local_accounts": [{"address": "lgpt1...", "amount_ulgpt": "1000000000000"}]
//	}
//
// vesting_start and local_accounts are optional; unknown fields are errors.
type AllocationFile struct {
	// VestingStart is the RFC 3339 start of the vesting schedules; nil
	// means the genesis time.
	VestingStart     *time.Time     `json:"vesting_start,omitempty"`
	Team             []Recipient    `json:"team"`
	PartnersAdvisors []Recipient    `json:"partners_advisors"`
	PrivateSale      []Recipient    `json:"private_sale"`
	Ecosystem        []Recipient    `json:"ecosystem"`
	LocalAccounts    []LocalAccount `json:"local_accounts,omitempty"`
}

// DecodeAllocationFile reads one AllocationFile from r. It rejects unknown
// fields, anything after the JSON object and an empty input.
func DecodeAllocationFile(r io.Reader) (AllocationFile, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var f AllocationFile
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return AllocationFile{}, fmt.Errorf("%w: the file is empty; expected a JSON object with team, partners_advisors, private_sale and ecosystem", ErrInvalidFile)
		}
		return AllocationFile{}, fmt.Errorf("%w: %s; expected a JSON object with the fields vesting_start, team, partners_advisors, private_sale, ecosystem, local_accounts", ErrInvalidFile, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return AllocationFile{}, fmt.Errorf("%w: data after the JSON object; expected exactly one object", ErrInvalidFile)
	}
	return f, nil
}

// Plan returns the allocation plan of the file for chainID. The vesting
// schedules start at the file's vesting_start, or at defaultStart (the
// genesis time) if the file has none.
func (f AllocationFile) Plan(chainID string, defaultStart time.Time) Plan {
	start := defaultStart
	if f.VestingStart != nil {
		start = *f.VestingStart
	}
	return Plan{
		ChainID:          chainID,
		VestingStart:     start,
		Team:             f.Team,
		PartnersAdvisors: f.PartnersAdvisors,
		PrivateSale:      f.PrivateSale,
		Ecosystem:        f.Ecosystem,
		LocalAccounts:    f.LocalAccounts,
	}
}
