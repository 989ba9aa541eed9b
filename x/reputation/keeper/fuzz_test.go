package keeper_test

import (
	"testing"

	"github.com/cosmos/gogoproto/proto"

	"github.com/litegpt/litegpt/x/reputation/types"
)

// FuzzGenesisValidate decodes arbitrary bytes as a GenesisState. Validate
// must never panic, and a genesis it accepts must load (InitGenesis
// succeeds, the rank index is complete) and export to a genesis that is
// valid and exports to itself after another import. The seeds run in the
// normal test pass; explore with
//
//	go test ./x/reputation/keeper -run '^$' -fuzz FuzzGenesisValidate
func FuzzGenesisValidate(f *testing.F) {
	populated := populatedGenesis()
	seeds := []*types.GenesisState{types.DefaultGenesis(), &populated}
	// A few invalid ones: unknown kind, over-long history, bad value.
	bad := populatedGenesis()
	bad.Scores[0].History[0].Kind = 99
	seeds = append(seeds, &bad)
	bad2 := populatedGenesis()
	bad2.Params.HistoryLength = 1
	seeds = append(seeds, &bad2)
	bad3 := populatedGenesis()
	bad3.Scores[1].Score.Value = types.MaxScore + 1
	seeds = append(seeds, &bad3)
	for _, gs := range seeds {
		bz, err := proto.Marshal(gs)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bz)
	}
	f.Add([]byte{})
	f.Add([]byte{0x0a, 0x02, 0x10, 0x00})           // params with history_length 0
	f.Add([]byte{0x12, 0x04, 0x0a, 0x02, 'l', 'g'}) // a score with a junk address
	f.Add([]byte("\xff\xff\xff\xff"))

	f.Fuzz(func(t *testing.T, bz []byte) {
		var gs types.GenesisState
		if err := proto.Unmarshal(bz, &gs); err != nil {
			return
		}
		if err := gs.Validate(); err != nil {
			return
		}
		s := new(KeeperTestSuite)
		s.SetT(t)
		s.SetupTest()
		if err := s.keeper.InitGenesis(s.ctx, gs); err != nil {
			t.Fatalf("valid genesis failed to load: %v", err)
		}
		if err := s.keeper.CheckRankIndex(s.ctx); err != nil {
			t.Fatal(err)
		}
		exported, err := s.keeper.ExportGenesis(s.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(exported.Scores) != len(gs.Scores) {
			t.Fatalf("exported %d scores, imported %d", len(exported.Scores), len(gs.Scores))
		}
		if err := exported.Validate(); err != nil {
			t.Fatalf("export of a valid genesis is invalid: %v", err)
		}
		s.SetupTest()
		if err := s.keeper.InitGenesis(s.ctx, *exported); err != nil {
			t.Fatal(err)
		}
		again, err := s.keeper.ExportGenesis(s.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !proto.Equal(exported, again) {
			t.Fatal("export(import(export(g))) != export(g)")
		}
	})
}
