package keeper

import (
	"bytes"
	"context"
	"errors"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mint/types"
)

// GetAToken returns the a-Token with symbol, or ErrUnknownAToken.
func (k Keeper) GetAToken(ctx context.Context, symbol string) (types.AToken, error) {
	t, err := k.ATokens.Get(ctx, symbol)
	if errors.Is(err, collections.ErrNotFound) {
		return types.AToken{}, types.ErrUnknownAToken.Wrapf("%s", types.ATokenDenom(symbol))
	}
	return t, err
}

// IsPayableDenom reports whether denom is money on Nexus: the native uazr
// or a chartered a-Token. Other modules (x/forge's listing prices) ask it
// so that nothing is priced in a denom no one can really pay with (ustake,
// an unchartered a/<symbol>, an arbitrary string).
func (k Keeper) IsPayableDenom(ctx context.Context, denom string) (bool, error) {
	if denom == types.NativeDenom {
		return true, nil
	}
	symbol, err := types.ParseATokenDenom(denom)
	if err != nil {
		return false, nil
	}
	return k.ATokens.Has(ctx, symbol)
}

// CharterAToken creates the a-Token a/<symbol> with issuer and cap and
// registers its bank denom metadata. exponent 0 means the default (6).
func (k Keeper) CharterAToken(
	ctx context.Context, symbol, name, description string, exponent uint32, issuer sdk.AccAddress, maxSupply math.Int,
) (types.AToken, error) {
	token := types.AToken{
		Symbol:          symbol,
		Name:            name,
		Description:     description,
		Exponent:        types.EffectiveExponent(exponent),
		Issuer:          k.addrString(issuer),
		MaxSupply:       maxSupply,
		CharteredHeight: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	}
	if err := token.Validate(k.addressCodec); err != nil {
		return types.AToken{}, err
	}
	has, err := k.ATokens.Has(ctx, symbol)
	if err != nil {
		return types.AToken{}, err
	}
	denom := token.Denom()
	if has {
		return types.AToken{}, types.ErrATokenExists.Wrapf("%s", denom)
	}
	// A denom that bank already knows (from genesis or another module) is
	// not ours to charter.
	if k.bk.HasSupply(ctx, denom) || k.bk.HasDenomMetaData(ctx, denom) {
		return types.AToken{}, types.ErrATokenExists.Wrapf("denom %s already exists in x/bank", denom)
	}
	if err := k.ATokens.Set(ctx, symbol, token); err != nil {
		return types.AToken{}, err
	}
	k.bk.SetDenomMetaData(ctx, token.Metadata())
	return token, emit(ctx, types.NewEventATokenChartered(token))
}

// SetATokenIssuer makes issuer the only account that may mint the a-Token.
func (k Keeper) SetATokenIssuer(ctx context.Context, symbol string, issuer sdk.AccAddress) error {
	token, err := k.GetAToken(ctx, symbol)
	if err != nil {
		return err
	}
	previous := token.Issuer
	token.Issuer = k.addrString(issuer)
	if err := k.ATokens.Set(ctx, symbol, token); err != nil {
		return err
	}
	return emit(ctx, types.NewEventIssuerChanged(token.Denom(), previous, token.Issuer))
}

// SetATokenMaxSupply changes the cap of the a-Token; the cap must be
// positive and not below the current supply.
func (k Keeper) SetATokenMaxSupply(ctx context.Context, symbol string, maxSupply math.Int) error {
	if err := types.ValidateCap(maxSupply); err != nil {
		return err
	}
	token, err := k.GetAToken(ctx, symbol)
	if err != nil {
		return err
	}
	denom := token.Denom()
	supply := k.bk.GetSupply(ctx, denom).Amount
	if maxSupply.LT(supply) {
		return types.ErrMaxSupplyBelowSupply.Wrapf("max supply %s%s is below the current supply %s%s", maxSupply, denom, supply, denom)
	}
	previous := token.MaxSupply
	token.MaxSupply = maxSupply
	if err := k.ATokens.Set(ctx, symbol, token); err != nil {
		return err
	}
	return emit(ctx, types.NewEventMaxSupplyChanged(denom, previous, maxSupply))
}

// SetATokenPaused pauses (paused = true) or resumes minting of the a-Token.
// Transfers and burns are never paused by x/mint.
func (k Keeper) SetATokenPaused(ctx context.Context, symbol string, paused bool) error {
	token, err := k.GetAToken(ctx, symbol)
	if err != nil {
		return err
	}
	denom := token.Denom()
	switch {
	case paused && token.MintingPaused:
		return types.ErrAlreadyPaused.Wrapf("%s", denom)
	case !paused && !token.MintingPaused:
		return types.ErrNotPaused.Wrapf("%s", denom)
	}
	token.MintingPaused = paused
	if err := k.ATokens.Set(ctx, symbol, token); err != nil {
		return err
	}
	if paused {
		return emit(ctx, types.NewEventMintingPaused(denom))
	}
	return emit(ctx, types.NewEventMintingResumed(denom))
}

// isIssuer reports whether addr is the issuer of token.
func (k Keeper) isIssuer(token types.AToken, addr sdk.AccAddress) bool {
	issuer, err := k.addressCodec.StringToBytes(token.Issuer)
	return err == nil && bytes.Equal(issuer, addr)
}
