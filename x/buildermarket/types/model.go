package types

import (
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ValidateRegisterModel checks a MsgRegisterModel without the store: name
// 1..64 bytes, weights_uri at most 256, royalty_bps at most
// params.max_royalty_bps, a canonical initial-weights digest, a valid
// format, a known architecture family and well-formed circuit ids. The
// architecture's fit to the task (ValidateArchitecture), the circuits
// (CheckCircuitFits) and the builder's role and funds are the handler's.
func ValidateRegisterModel(msg *MsgRegisterModel, p Params) error {
	if msg == nil {
		return ErrInvalidModel.Wrap("empty message")
	}
	m := NewModel(msg, 0, msg.Builder, sdk.Coin{}, 0)
	if err := m.validateSpec(); err != nil {
		return err
	}
	if msg.RoyaltyBps > p.MaxRoyaltyBps {
		return ErrInvalidModel.Wrapf("royalty_bps must be at most %d (max_royalty_bps), got %d", p.MaxRoyaltyBps, msg.RoyaltyBps)
	}
	return nil
}

// NewModel returns the active model msg registers, with id, the builder's
// canonical address, the escrowed deposit and the height.
func NewModel(msg *MsgRegisterModel, id uint64, builder string, deposit sdk.Coin, height int64) Model {
	return Model{
		Id: id, TaskId: msg.TaskId, Builder: builder, Name: msg.Name, Architecture: msg.Architecture,
		Format: msg.Format, InitialWeights: msg.InitialWeights, WeightsUri: msg.WeightsUri,
		TrainCircuitId: msg.TrainCircuitId, EvalCircuitId: msg.EvalCircuitId, InferenceCircuitId: msg.InferenceCircuitId,
		RoyaltyBps: msg.RoyaltyBps, Deposit: deposit, Status: ModelActive, RegisteredHeight: height,
	}
}

// validateSpec checks the fields a builder chooses, apart from the royalty
// bound and the architecture's fit to the task.
func (m Model) validateSpec() error {
	if m.TaskId == 0 {
		return ErrInvalidModel.Wrap("task_id must be at least 1")
	}
	if err := validateText(ErrInvalidModel, "name", m.Name, 1, MaxNameLength); err != nil {
		return err
	}
	if err := validateText(ErrInvalidModel, "weights_uri", m.WeightsUri, 0, MaxURILength); err != nil {
		return err
	}
	if err := validateDigest(ErrInvalidModel, "initial_weights", m.InitialWeights); err != nil {
		return err
	}
	if err := validateFormat(ErrInvalidModel, "format", m.Format); err != nil {
		return err
	}
	switch m.Architecture.Family {
	case FamilyLogisticRegression, FamilyMLP, FamilyTTMLP:
	default:
		return ErrInvalidModel.Wrapf("architecture.family must be %s, %s or %s; got %s", FamilyLogisticRegression, FamilyMLP, FamilyTTMLP, m.Architecture.Family)
	}
	for _, ref := range m.CircuitRefs() {
		if err := ValidateCircuitID(ref.ID); err != nil {
			return ErrInvalidModel.Wrapf("%s: %s", ref.Field, err)
		}
	}
	if m.RoyaltyBps > BasisPoints {
		return ErrInvalidModel.Wrapf("royalty_bps must be at most %d, got %d", BasisPoints, m.RoyaltyBps)
	}
	return nil
}

// Validate checks a stored model (genesis) on its own: id, builder, the
// spec, a positive deposit in the bond denom, and a status that agrees with
// its heights. Its architecture and circuits are checked against its task
// and the circuits by GenesisState.Validate.
func (m Model) Validate() error {
	if m.Id == 0 {
		return ErrInvalidModel.Wrap("model id must be at least 1")
	}
	if err := validateAddress("builder", m.Builder); err != nil {
		return err
	}
	if err := m.validateSpec(); err != nil {
		return err
	}
	if err := ValidateCoin(ErrInvalidModel, "deposit", m.Deposit, false); err != nil {
		return err
	}
	if m.RegisteredHeight < 0 {
		return ErrInvalidModel.Wrapf("registered_height cannot be negative, got %d", m.RegisteredHeight)
	}
	switch m.Status {
	case ModelActive:
		if m.DeprecatedHeight != 0 {
			return ErrInvalidModel.Wrapf("an active model has no deprecated_height, got %d", m.DeprecatedHeight)
		}
	case ModelDeprecated:
		if m.DeprecatedHeight < m.RegisteredHeight || m.DeprecatedHeight < 1 {
			return ErrInvalidModel.Wrapf("deprecated_height %d must be positive and not before registered_height %d", m.DeprecatedHeight, m.RegisteredHeight)
		}
	default:
		return ErrInvalidModel.Wrapf("status must be %s or %s, got %s", ModelActive, ModelDeprecated, m.Status)
	}
	return nil
}

// Validate checks a stored score on its own: ids, a version, a height and a
// known direction.
func (s ModelScore) Validate() error {
	if s.ModelId == 0 || s.TaskId == 0 {
		return ErrInvalidMetric.Wrapf("score needs a model and a task, got model %d task %d", s.ModelId, s.TaskId)
	}
	if s.Version == 0 {
		return ErrInvalidMetric.Wrapf("score of model %d has no version", s.ModelId)
	}
	if s.Height < 0 {
		return ErrInvalidMetric.Wrapf("score of model %d has negative height %d", s.ModelId, s.Height)
	}
	if s.Direction != HigherIsBetter && s.Direction != LowerIsBetter {
		return ErrInvalidMetric.Wrapf("score of model %d has direction %s", s.ModelId, s.Direction)
	}
	return nil
}
