package types

import (
	"time"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/types/movement"
)

var (
	_ sdk.Msg              = (*MsgUpdateParams)(nil)
	_ sdk.Msg              = (*MsgTransfer)(nil)
	_ sdk.Msg              = (*MsgBatchTransfer)(nil)
	_ sdk.HasValidateBasic = (*MsgUpdateParams)(nil)
	_ sdk.HasValidateBasic = (*MsgTransfer)(nil)
	_ sdk.HasValidateBasic = (*MsgBatchTransfer)(nil)

	// Payments move value on their signer's behalf: x/aegis counts them
	// against the signer's limits (and checks frozen accounts) in the ante,
	// before anything executes.
	_ movement.TransferReporter = (*MsgTransfer)(nil)
	_ movement.TransferReporter = (*MsgBatchTransfer)(nil)
)

// ValidateBasic checks the authority address and the params.
func (m *MsgUpdateParams) ValidateBasic() error {
	if _, err := sdk.AccAddressFromBech32(m.Authority); err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("authority %q: %s", m.Authority, err)
	}
	return m.Params.Validate()
}

// ValidateAmount checks that amount is valid, positive coins.
func ValidateAmount(amount sdk.Coins) error {
	if len(amount) == 0 || amount.IsZero() {
		return ErrInvalidAmount.Wrap("amount is zero")
	}
	if !amount.IsValid() {
		return ErrInvalidAmount.Wrapf("amount %q must be valid, positive coins sorted by denom", amount.String())
	}
	return nil
}

// ValidateBasic checks the addresses, the amount, the reference, that a
// deadline is set and the memo, without state.
func (m *MsgTransfer) ValidateBasic() error {
	from, err := sdk.AccAddressFromBech32(m.From)
	if err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("from %q: %s", m.From, err)
	}
	to, err := sdk.AccAddressFromBech32(m.To)
	if err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("to %q: %s", m.To, err)
	}
	if from.Equals(to) {
		return ErrSelfTransfer.Wrapf("%s", m.From)
	}
	if err := ValidateAmount(m.Amount); err != nil {
		return err
	}
	if err := ValidateReference(m.Reference); err != nil {
		return err
	}
	if err := ValidateDeadline(m.Deadline); err != nil {
		return err
	}
	return ValidateMemo(m.Memo)
}

// ValidateDeadline checks statelessly that a payment carries a deadline.
// Whether it has passed, or is too far ahead, depends on the block time and
// the params: the keeper checks that.
func ValidateDeadline(d *time.Time) error {
	if d == nil || d.IsZero() {
		return ErrInvalidDeadline.Wrap("a payment must carry a deadline (the last block time at which it may execute; the CLI's --deadline)")
	}
	return nil
}

// AegisTransfers implements movement.TransferReporter.
func (m *MsgTransfer) AegisTransfers() ([]movement.Transfer, error) {
	return []movement.Transfer{{From: m.From, To: m.To, Amount: m.Amount}}, nil
}

// ValidateBasic checks the payer, every output (address, amount, no
// duplicate, not the payer), the hard bound on the batch size, the
// reference and the memo, without state. The max_batch_size param is
// checked when the message executes.
func (m *MsgBatchTransfer) ValidateBasic() error {
	from, err := sdk.AccAddressFromBech32(m.From)
	if err != nil {
		return sdkerrors.ErrInvalidAddress.Wrapf("from %q: %s", m.From, err)
	}
	if len(m.Outputs) == 0 {
		return ErrEmptyBatch
	}
	if len(m.Outputs) > int(MaxBatchSizeLimit) {
		return ErrBatchTooLarge.Wrapf("%d recipients, at most %d", len(m.Outputs), MaxBatchSizeLimit)
	}
	seen := make(map[string]struct{}, len(m.Outputs))
	for i, o := range m.Outputs {
		to, err := sdk.AccAddressFromBech32(o.To)
		if err != nil {
			return sdkerrors.ErrInvalidAddress.Wrapf("output %d: to %q: %s", i, o.To, err)
		}
		if from.Equals(to) {
			return ErrSelfTransfer.Wrapf("output %d pays the payer %s", i, m.From)
		}
		if _, dup := seen[string(to)]; dup {
			return ErrDuplicateRecipient.Wrapf("output %d: %s", i, o.To)
		}
		seen[string(to)] = struct{}{}
		if err := ValidateAmount(o.Amount); err != nil {
			return ErrInvalidAmount.Wrapf("output %d: %s", i, err)
		}
	}
	if err := ValidateReference(m.Reference); err != nil {
		return err
	}
	if err := ValidateDeadline(m.Deadline); err != nil {
		return err
	}
	return ValidateMemo(m.Memo)
}

// AegisTransfers implements movement.TransferReporter: one transfer per
// output.
func (m *MsgBatchTransfer) AegisTransfers() ([]movement.Transfer, error) {
	out := make([]movement.Transfer, 0, len(m.Outputs))
	for _, o := range m.Outputs {
		out = append(out, movement.Transfer{From: m.From, To: o.To, Amount: o.Amount})
	}
	return out, nil
}

// Total returns the sum of the batch's amounts.
func (m *MsgBatchTransfer) Total() sdk.Coins {
	total := sdk.NewCoins()
	for _, o := range m.Outputs {
		total = total.Add(o.Amount...)
	}
	return total
}
