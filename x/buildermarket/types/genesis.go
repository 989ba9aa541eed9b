package types

// DefaultGenesis returns the default genesis: default params, no records,
// ids from 1.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextTaskId: 1, NextModelId: 1, NextBountyId: 1}
}

// Validate checks the genesis: the params; every record on its own; no
// duplicate ids; every id below its next id (next ids at least 1); and that
// references resolve: validation slices to tasks (index below the task's
// commitments, revealed within the slice's epoch), models to tasks (the
// architecture fits the task) and to circuits of the right purpose and
// shape, validation scores to active models of the same task with the
// task's direction, test scores to models of tasks whose test set is
// revealed, bounties to tasks (winners to models of the task registered
// before the deadline), each task's latest_bounty_deadline to the latest
// deadline of its bounties, and no bounty posted after its task's test set
// was revealed.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextTaskId < 1 || gs.NextModelId < 1 || gs.NextBountyId < 1 {
		return ErrInvalidGenesis.Wrapf("next ids start at 1, got task %d, model %d, bounty %d", gs.NextTaskId, gs.NextModelId, gs.NextBountyId)
	}
	tasks, err := gs.validateTasks()
	if err != nil {
		return err
	}
	if err := gs.validateSlices(tasks); err != nil {
		return err
	}
	circuits, err := gs.validateCircuits()
	if err != nil {
		return err
	}
	models, err := gs.validateModels(tasks, circuits)
	if err != nil {
		return err
	}
	if err := gs.validateScores(tasks, models); err != nil {
		return err
	}
	return gs.validateBounties(tasks, models)
}

func (gs GenesisState) validateTasks() (map[uint64]Task, error) {
	tasks := make(map[uint64]Task, len(gs.Tasks))
	for _, t := range gs.Tasks {
		if err := t.Validate(); err != nil {
			return nil, ErrInvalidGenesis.Wrapf("task %d: %s", t.Id, err)
		}
		if _, dup := tasks[t.Id]; dup {
			return nil, ErrInvalidGenesis.Wrapf("task %d appears twice", t.Id)
		}
		if t.Id >= gs.NextTaskId {
			return nil, ErrInvalidGenesis.Wrapf("task %d is not below next_task_id %d", t.Id, gs.NextTaskId)
		}
		tasks[t.Id] = t
	}
	return tasks, nil
}

func (gs GenesisState) validateSlices(tasks map[uint64]Task) error {
	type key struct {
		task  uint64
		index uint32
	}
	seen := make(map[key]bool, len(gs.ValidationSlices))
	for _, s := range gs.ValidationSlices {
		if err := s.Validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("validation slice %d of task %d: %s", s.Index, s.TaskId, err)
		}
		k := key{s.TaskId, s.Index}
		if seen[k] {
			return ErrInvalidGenesis.Wrapf("validation slice %d of task %d appears twice", s.Index, s.TaskId)
		}
		seen[k] = true
		t, ok := tasks[s.TaskId]
		if !ok {
			return ErrInvalidGenesis.Wrapf("validation slice %d names unknown task %d", s.Index, s.TaskId)
		}
		if int(s.Index) >= len(t.ValidationCommitments) {
			return ErrInvalidGenesis.Wrapf("validation slice %d of task %d: the task commits %d slices", s.Index, s.TaskId, len(t.ValidationCommitments))
		}
		start, end, err := t.SliceWindow(s.Index)
		if err != nil {
			return ErrInvalidGenesis.Wrapf("validation slice %d of task %d: %s", s.Index, s.TaskId, err)
		}
		if h := s.Dataset.RevealedHeight; h < start || h >= end {
			return ErrInvalidGenesis.Wrapf("validation slice %d of task %d revealed at %d, outside its window [%d, %d)", s.Index, s.TaskId, h, start, end)
		}
	}
	return nil
}

func (gs GenesisState) validateCircuits() (map[string]Circuit, error) {
	circuits := make(map[string]Circuit, len(gs.Circuits))
	for _, c := range gs.Circuits {
		if err := c.Validate(); err != nil {
			return nil, ErrInvalidGenesis.Wrapf("circuit %q: %s", c.Id, err)
		}
		if _, dup := circuits[c.Id]; dup {
			return nil, ErrInvalidGenesis.Wrapf("circuit %q appears twice", c.Id)
		}
		circuits[c.Id] = c
	}
	return circuits, nil
}

func (gs GenesisState) validateModels(tasks map[uint64]Task, circuits map[string]Circuit) (map[uint64]Model, error) {
	models := make(map[uint64]Model, len(gs.Models))
	for _, m := range gs.Models {
		if err := m.Validate(); err != nil {
			return nil, ErrInvalidGenesis.Wrapf("model %d: %s", m.Id, err)
		}
		if _, dup := models[m.Id]; dup {
			return nil, ErrInvalidGenesis.Wrapf("model %d appears twice", m.Id)
		}
		if m.Id >= gs.NextModelId {
			return nil, ErrInvalidGenesis.Wrapf("model %d is not below next_model_id %d", m.Id, gs.NextModelId)
		}
		t, ok := tasks[m.TaskId]
		if !ok {
			return nil, ErrInvalidGenesis.Wrapf("model %d names unknown task %d", m.Id, m.TaskId)
		}
		if err := ValidateArchitecture(m.Architecture, t.Input.Features, t.OutputWidth()); err != nil {
			return nil, ErrInvalidGenesis.Wrapf("model %d: %s", m.Id, err)
		}
		for _, ref := range m.CircuitRefs() {
			c, ok := circuits[ref.ID]
			if !ok {
				return nil, ErrInvalidGenesis.Wrapf("model %d: %s names unknown circuit %q", m.Id, ref.Field, ref.ID)
			}
			if err := CheckCircuitFits(c, ref, m, t); err != nil {
				return nil, ErrInvalidGenesis.Wrapf("model %d: %s", m.Id, err)
			}
		}
		models[m.Id] = m
	}
	return models, nil
}

func (gs GenesisState) validateScores(tasks map[uint64]Task, models map[uint64]Model) error {
	check := func(kind string, scores []ModelScore) error {
		seen := make(map[uint64]bool, len(scores))
		for _, s := range scores {
			if err := s.Validate(); err != nil {
				return ErrInvalidGenesis.Wrapf("%s score: %s", kind, err)
			}
			if seen[s.ModelId] {
				return ErrInvalidGenesis.Wrapf("model %d has two %s scores", s.ModelId, kind)
			}
			seen[s.ModelId] = true
			m, ok := models[s.ModelId]
			if !ok {
				return ErrInvalidGenesis.Wrapf("%s score names unknown model %d", kind, s.ModelId)
			}
			if s.TaskId != m.TaskId {
				return ErrInvalidGenesis.Wrapf("%s score of model %d names task %d, the model's task is %d", kind, s.ModelId, s.TaskId, m.TaskId)
			}
			t := tasks[m.TaskId]
			if s.Direction != t.Direction {
				return ErrInvalidGenesis.Wrapf("%s score of model %d has direction %s, task %d has %s", kind, s.ModelId, s.Direction, t.Id, t.Direction)
			}
			if err := ValidateMetricValue(t.Metric, s.Metric); err != nil {
				return ErrInvalidGenesis.Wrapf("%s score of model %d: %s", kind, s.ModelId, err)
			}
		}
		return nil
	}
	if err := check("validation", gs.ValidationScores); err != nil {
		return err
	}
	for _, s := range gs.ValidationScores {
		if models[s.ModelId].Status != ModelActive {
			return ErrInvalidGenesis.Wrapf("validation score of model %d, which is not active; deprecated models are not ranked", s.ModelId)
		}
	}
	if err := check("test", gs.TestScores); err != nil {
		return err
	}
	for _, s := range gs.TestScores {
		if tasks[s.TaskId].TestSet == nil {
			return ErrInvalidGenesis.Wrapf("test score of model %d, but task %d has not revealed its test set", s.ModelId, s.TaskId)
		}
	}
	return nil
}

func (gs GenesisState) validateBounties(tasks map[uint64]Task, models map[uint64]Model) error {
	seen := make(map[uint64]bool, len(gs.Bounties))
	latest := make(map[uint64]int64, len(gs.Tasks))
	for _, b := range gs.Bounties {
		if err := b.Validate(); err != nil {
			return ErrInvalidGenesis.Wrapf("bounties: %s", err)
		}
		if seen[b.Id] {
			return ErrInvalidGenesis.Wrapf("bounty %d appears twice", b.Id)
		}
		seen[b.Id] = true
		if b.Id >= gs.NextBountyId {
			return ErrInvalidGenesis.Wrapf("bounty %d is not below next_bounty_id %d", b.Id, gs.NextBountyId)
		}
		t, ok := tasks[b.TaskId]
		if !ok {
			return ErrInvalidGenesis.Wrapf("bounty %d names unknown task %d", b.Id, b.TaskId)
		}
		if t.TestSet != nil && b.CreatedHeight > t.TestSet.RevealedHeight {
			return ErrInvalidGenesis.Wrapf("bounty %d was posted at %d, after task %d revealed its test set at %d", b.Id, b.CreatedHeight, t.Id, t.TestSet.RevealedHeight)
		}
		if b.Status == BountyPaid {
			w, ok := models[b.WinnerModelId]
			if !ok || w.TaskId != b.TaskId || w.RegisteredHeight >= b.DeadlineHeight {
				return ErrInvalidGenesis.Wrapf("bounty %d was paid to model %d, which is not a model of task %d registered before the deadline %d",
					b.Id, b.WinnerModelId, b.TaskId, b.DeadlineHeight)
			}
		}
		latest[b.TaskId] = max(latest[b.TaskId], b.DeadlineHeight)
	}
	for _, t := range gs.Tasks {
		if t.LatestBountyDeadline != latest[t.Id] {
			return ErrInvalidGenesis.Wrapf("task %d has latest_bounty_deadline %d, but its bounties' latest deadline is %d", t.Id, t.LatestBountyDeadline, latest[t.Id])
		}
	}
	return nil
}
