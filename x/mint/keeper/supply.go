package keeper

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	"github.com/azora-os/nexus/x/mint/types"
)

// SupplyInfo is the supply of a denom x/mint issues, against its cap.
type SupplyInfo struct {
	Supply        sdk.Coin
	MaxSupply     math.Int
	Headroom      math.Int
	MintingPaused bool
}

// GetSupplyInfo returns the supply, cap and headroom of uazr or of a
// chartered a-Token; any other denom is ErrUnsupportedDenom.
func (k Keeper) GetSupplyInfo(ctx context.Context, denom string) (SupplyInfo, error) {
	var info SupplyInfo
	switch {
	case denom == types.NativeDenom:
		params, err := k.Params.Get(ctx)
		if err != nil {
			return info, err
		}
		info.MaxSupply = params.MaxSupply
	case types.IsATokenDenom(denom):
		symbol, _ := types.ParseATokenDenom(denom)
		token, err := k.GetAToken(ctx, symbol)
		if err != nil {
			return info, err
		}
		info.MaxSupply, info.MintingPaused = token.MaxSupply, token.MintingPaused
	default:
		return info, unsupportedDenom(denom)
	}
	info.Supply = k.bk.GetSupply(ctx, denom)
	info.Headroom = types.Headroom(info.MaxSupply, info.Supply.Amount)
	return info, nil
}

// Mint issues amount to recipient on behalf of minter:
//   - uazr: minter must be a treasurer with at least amount of allowance
//     left (the allowance goes down by amount), and the supply may not pass
//     params.max_supply;
//   - a/<symbol>: minter must be the a-Token's issuer, minting must not be
//     paused, and the supply may not pass the a-Token's max_supply.
//
// The recipient may not be a module account. The coins are minted to the
// x/mint module account and sent to the recipient with the bank keeper's
// module-to-account send, so every bank send restriction applies to the
// recipient (a frozen account cannot receive them). It returns the supply
// after the mint.
func (k Keeper) Mint(ctx context.Context, minter, recipient sdk.AccAddress, amount sdk.Coin) (sdk.Coin, error) {
	if err := types.ValidateMintAmount(amount.Denom, amount.Amount); err != nil {
		return sdk.Coin{}, err
	}
	if err := k.checkRecipient(ctx, recipient); err != nil {
		return sdk.Coin{}, err
	}

	// allowanceLeft is the treasurer's allowance after a uazr mint. It is
	// written after the coins moved, so a mint that bank refuses (a send
	// restriction on the recipient) leaves it untouched even for a caller
	// that does not roll back.
	var allowanceLeft *math.Int
	switch {
	case amount.Denom == types.NativeDenom:
		allowance, err := k.GetTreasurerAllowance(ctx, minter)
		if err != nil {
			return sdk.Coin{}, err
		}
		if amount.Amount.GT(allowance) {
			return sdk.Coin{}, types.ErrExceedsAllowance.Wrapf("minting %s, allowance left %s%s", amount, allowance, types.NativeDenom)
		}
		params, err := k.Params.Get(ctx)
		if err != nil {
			return sdk.Coin{}, err
		}
		if err := k.checkHeadroom(ctx, amount, params.MaxSupply); err != nil {
			return sdk.Coin{}, err
		}
		left := allowance.Sub(amount.Amount)
		allowanceLeft = &left

	case types.IsATokenDenom(amount.Denom):
		symbol, _ := types.ParseATokenDenom(amount.Denom)
		token, err := k.GetAToken(ctx, symbol)
		if err != nil {
			return sdk.Coin{}, err
		}
		if !k.isIssuer(token, minter) {
			return sdk.Coin{}, types.ErrNotIssuer.Wrapf("%s may not mint %s", k.addrString(minter), amount.Denom)
		}
		if token.MintingPaused {
			return sdk.Coin{}, types.ErrMintingPaused.Wrapf("%s", amount.Denom)
		}
		if err := k.checkHeadroom(ctx, amount, token.MaxSupply); err != nil {
			return sdk.Coin{}, err
		}

	default:
		return sdk.Coin{}, unsupportedDenom(amount.Denom)
	}

	coins := sdk.NewCoins(amount)
	if err := k.bk.MintCoins(ctx, types.ModuleName, coins); err != nil {
		return sdk.Coin{}, err
	}
	if err := k.bk.SendCoinsFromModuleToAccount(ctx, types.ModuleName, recipient, coins); err != nil {
		return sdk.Coin{}, err
	}
	remainingAllowance := ""
	if allowanceLeft != nil {
		if err := k.Treasurers.Set(ctx, minter, *allowanceLeft); err != nil {
			return sdk.Coin{}, err
		}
		remainingAllowance = allowanceLeft.String()
	}
	supply := k.bk.GetSupply(ctx, amount.Denom)
	return supply, emit(ctx, types.NewEventMinted(k.addrString(minter), k.addrString(recipient), amount, supply, remainingAllowance))
}

// Burn destroys amount of uazr or of a chartered a-Token held by owner. It
// returns the supply after the burn.
func (k Keeper) Burn(ctx context.Context, owner sdk.AccAddress, amount sdk.Coin) (sdk.Coin, error) {
	if err := types.ValidateMintAmount(amount.Denom, amount.Amount); err != nil {
		return sdk.Coin{}, err
	}
	switch {
	case amount.Denom == types.NativeDenom:
	case types.IsATokenDenom(amount.Denom):
		symbol, _ := types.ParseATokenDenom(amount.Denom)
		if _, err := k.GetAToken(ctx, symbol); err != nil {
			return sdk.Coin{}, err
		}
	default:
		return sdk.Coin{}, unsupportedDenom(amount.Denom)
	}

	coins := sdk.NewCoins(amount)
	if err := k.bk.SendCoinsFromAccountToModule(ctx, owner, types.ModuleName, coins); err != nil {
		return sdk.Coin{}, err
	}
	if err := k.bk.BurnCoins(ctx, types.ModuleName, coins); err != nil {
		return sdk.Coin{}, err
	}
	supply := k.bk.GetSupply(ctx, amount.Denom)
	return supply, emit(ctx, types.NewEventBurned(k.addrString(owner), amount, supply))
}

// checkHeadroom refuses a mint that would take the supply past maxSupply.
// It compares against the headroom (maxSupply - supply), so no sum can
// overflow.
func (k Keeper) checkHeadroom(ctx context.Context, amount sdk.Coin, maxSupply math.Int) error {
	supply := k.bk.GetSupply(ctx, amount.Denom).Amount
	headroom := types.Headroom(maxSupply, supply)
	if amount.Amount.GT(headroom) {
		return types.ErrExceedsMaxSupply.Wrapf("minting %s: supply %s, max supply %s, headroom %s",
			amount, supply, maxSupply, headroom)
	}
	return nil
}

// checkRecipient refuses module accounts (and any address bank blocks):
// minted coins go to people and organisations, never into a pool.
func (k Keeper) checkRecipient(ctx context.Context, recipient sdk.AccAddress) error {
	if len(recipient) == 0 {
		return sdkerrors.ErrInvalidAddress.Wrap("empty recipient")
	}
	if k.bk.BlockedAddr(recipient) {
		return types.ErrModuleAccountRecipient.Wrapf("%s may not receive minted coins", k.addrString(recipient))
	}
	if acc := k.ak.GetAccount(ctx, recipient); acc != nil {
		if _, ok := acc.(sdk.ModuleAccountI); ok {
			return types.ErrModuleAccountRecipient.Wrapf("%s", k.addrString(recipient))
		}
	}
	return nil
}

// unsupportedDenom is the error for a denom x/mint does not issue.
func unsupportedDenom(denom string) error {
	if denom == types.StakeDenom {
		return types.ErrUnsupportedDenom.Wrapf("%s is validator voting power, issued by the authority to admitted validators, not by x/mint", denom)
	}
	return types.ErrUnsupportedDenom.Wrapf("%q: x/mint issues %s and a-Tokens (a/<symbol>)", denom, types.NativeDenom)
}
