package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/aegis/types"
)

func TestIsConstitutionalRefusal(t *testing.T) {
	tests := []struct {
		name string
		err  error
		exp  bool
	}{
		{"frozen, wrapped", errorsmod.Wrap(types.ErrAccountFrozen, "azora1..."), true},
		{"velocity limit", types.ErrTxLimit, true},
		{"daily limit, wrapped twice", errorsmod.Wrap(errorsmod.Wrap(types.ErrDailyLimit, "a"), "b"), true},
		{"fee rule", types.ErrFeeTooHigh, true},
		{"malformed address", sdkerrors.ErrInvalidAddress, false},
		{"insufficient funds", sdkerrors.ErrInsufficientFunds, false},
		{"nil", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.exp, types.IsConstitutionalRefusal(tc.err))
		})
	}
}
