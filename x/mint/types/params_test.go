package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/azora-os/nexus/x/mint/types"
)

func TestParamsValidate(t *testing.T) {
	cases := []struct {
		name   string
		params types.Params
		expErr error
	}{
		{"default", types.DefaultParams(), nil},
		{"one", types.NewParams(math.OneInt()), nil},
		{"zero", types.NewParams(math.ZeroInt()), types.ErrInvalidParams},
		{"negative", types.NewParams(math.NewInt(-1)), types.ErrInvalidParams},
		{"nil", types.Params{}, types.ErrInvalidParams},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.params.Validate()
			if tc.expErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.expErr)
		})
	}
	// 10 billion AZR in uazr.
	require.Equal(t, "10000000000000000", types.DefaultParams().MaxSupply.String())
}
