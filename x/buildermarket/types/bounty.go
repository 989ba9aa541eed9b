package types

// Reasons a bounty is refunded, in EventBountyRefunded.
const (
	// RefundNotRevealed: the creator did not reveal the test set in time.
	RefundNotRevealed = "test set not revealed"
	// RefundNoEligibleModel: no model registered before the deadline was
	// scored on the test set (or none met the threshold).
	RefundNoEligibleModel = "no eligible model"
)

// ValidatePostBounty checks a MsgPostBounty without the store: a reward in
// the bond denom of at least params.min_bounty_reward, a positive deadline
// and no threshold unless has_threshold. The deadline's range, the
// threshold's range for the task's metric and the poster's funds are the
// handler's.
func ValidatePostBounty(msg *MsgPostBounty, p Params) error {
	if msg == nil {
		return ErrInvalidBounty.Wrap("empty message")
	}
	if msg.TaskId == 0 {
		return ErrInvalidBounty.Wrap("task_id must be at least 1")
	}
	if err := ValidateCoin(ErrInvalidAmount, "reward", msg.Reward, false); err != nil {
		return err
	}
	if msg.Reward.Amount.LT(p.MinBountyReward.Amount) {
		return ErrInvalidAmount.Wrapf("reward must be at least %s (min_bounty_reward), got %s", p.MinBountyReward, msg.Reward)
	}
	if msg.DeadlineHeight < 1 {
		return ErrInvalidBounty.Wrapf("deadline_height must be a positive height, got %d", msg.DeadlineHeight)
	}
	if !msg.HasThreshold && msg.Threshold != 0 {
		return ErrInvalidBounty.Wrapf("threshold %d given without has_threshold; set has_threshold to require it, or leave threshold 0", msg.Threshold)
	}
	return nil
}

// Validate checks a stored bounty (genesis) on its own: ids, poster, a
// positive reward in the bond denom, heights, the threshold flag and a
// status that agrees with the resolution fields.
func (b Bounty) Validate() error {
	if b.Id == 0 || b.TaskId == 0 {
		return ErrInvalidBounty.Wrapf("bounty needs an id and a task, got id %d task %d", b.Id, b.TaskId)
	}
	if err := validateAddress("poster", b.Poster); err != nil {
		return err
	}
	if err := ValidateCoin(ErrInvalidBounty, "reward", b.Reward, false); err != nil {
		return err
	}
	if b.CreatedHeight < 0 || b.DeadlineHeight <= b.CreatedHeight {
		return ErrInvalidBounty.Wrapf("bounty %d: deadline_height %d must come after created_height %d (not negative)", b.Id, b.DeadlineHeight, b.CreatedHeight)
	}
	if !b.HasThreshold && b.Threshold != 0 {
		return ErrInvalidBounty.Wrapf("bounty %d has threshold %d without has_threshold", b.Id, b.Threshold)
	}
	switch b.Status {
	case BountyOpen:
		if b.ResolvedHeight != 0 || b.WinnerModelId != 0 || b.WinningMetric != 0 {
			return ErrInvalidBounty.Wrapf("open bounty %d has resolution fields set", b.Id)
		}
	case BountyPaid:
		if b.WinnerModelId == 0 || b.ResolvedHeight < b.DeadlineHeight {
			return ErrInvalidBounty.Wrapf("paid bounty %d needs a winner and a resolved_height not before its deadline %d, got winner %d at %d",
				b.Id, b.DeadlineHeight, b.WinnerModelId, b.ResolvedHeight)
		}
	case BountyRefunded:
		if b.WinnerModelId != 0 || b.WinningMetric != 0 || b.ResolvedHeight < b.DeadlineHeight {
			return ErrInvalidBounty.Wrapf("refunded bounty %d has no winner and a resolved_height not before its deadline %d", b.Id, b.DeadlineHeight)
		}
	default:
		return ErrInvalidBounty.Wrapf("bounty %d: status must be %s, %s or %s; got %s", b.Id, BountyOpen, BountyPaid, BountyRefunded, b.Status)
	}
	return nil
}
