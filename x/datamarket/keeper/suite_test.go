package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/suite"
)

// DataMarketSuite drives x/datamarket through its Msg service, EndBlock,
// queries, genesis and the x/pog API, over an env: an in-memory store with
// a bank that really moves coins and fakes for x/stake, x/reputation and
// x/buildermarket. Every test and every subtest starts from a fresh env.
type DataMarketSuite struct {
	suite.Suite
	*env
}

func TestDataMarketSuite(t *testing.T) { suite.Run(t, new(DataMarketSuite)) }

// SetupTest gives each test a fresh env.
func (s *DataMarketSuite) SetupTest() { s.env = newEnv(s.T()) }

// SetupSubTest gives each subtest a fresh env bound to the subtest.
func (s *DataMarketSuite) SetupSubTest() { s.env = newEnv(s.T()) }

// requireRejected requires err to be want and the state to equal before.
func (s *DataMarketSuite) requireRejected(err, want error, before snapshot) {
	s.T().Helper()
	s.Require().ErrorIs(err, want)
	s.requireUnchanged(before)
}
