// Package authority is the one check every Nexus module makes before an
// authority-only message (params, roles, articles, charters, admissions).
package authority

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
)

// Check returns govtypes.ErrInvalidSigner ("expected …, got …") unless
// signer is the module's authority — or the consensus-level authority when
// the chain sets one, which takes its place as sdk.ValidateAuthority
// decides.
func Check(ctx context.Context, moduleAuthority, signer string) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if sdk.ValidateAuthority(sdkCtx, moduleAuthority, signer) == nil {
		return nil
	}
	expected := moduleAuthority
	if cp := sdkCtx.ConsensusParams(); cp.Authority != nil && cp.Authority.Authority != "" {
		expected = cp.Authority.Authority
	}
	return govtypes.ErrInvalidSigner.Wrapf("expected %s, got %s", expected, signer)
}
