package app_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	txtypes "github.com/cosmos/cosmos-sdk/types/tx"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
)

// TestMalformedAuthInfoIsRefused sends unsigned txs whose auth-info (or its
// fee section) is empty: CheckTx, simulation and block execution must refuse
// them with the SDK's registered decode error, not a recovered nil-pointer
// panic (code 111222), and the chain goes on.
func TestMalformedAuthInfoIsRefused(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	msg := banktypes.NewMsgSend(alice.Addr, bob.Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1)))
	anyMsg, err := codectypes.NewAnyWithValue(msg)
	require.NoError(t, err)
	body, err := (&txtypes.TxBody{Messages: []*codectypes.Any{anyMsg}}).Marshal()
	require.NoError(t, err)
	noFee, err := (&txtypes.AuthInfo{}).Marshal()
	require.NoError(t, err)

	for name, authInfo := range map[string][]byte{
		"empty auth_info":       nil,
		"auth_info without fee": noFee,
	} {
		t.Run(name, func(t *testing.T) {
			bz, err := (&txtypes.TxRaw{BodyBytes: body, AuthInfoBytes: authInfo}).Marshal()
			require.NoError(t, err)

			res, err := ta.App.CheckTx(&abci.RequestCheckTx{Tx: bz, Type: abci.CheckTxType_New})
			require.NoError(t, err)
			require.Equal(t, sdkerrors.ErrTxDecode.Codespace(), res.Codespace, res.Log)
			require.Equal(t, sdkerrors.ErrTxDecode.ABCICode(), res.Code, res.Log)
			require.Contains(t, res.Log, "auth_info")
			require.NotContains(t, res.Log, "nil pointer")

			_, _, err = ta.App.Simulate(bz)
			require.ErrorIs(t, err, sdkerrors.ErrTxDecode)

			blk := ta.NextBlock(bz)
			require.Equal(t, sdkerrors.ErrTxDecode.ABCICode(), blk.TxResults[0].Code, blk.TxResults[0].Log)
		})
	}
	before := ta.LastBlockHeight()
	ta.NextBlock()
	require.Equal(t, before+1, ta.LastBlockHeight())
}

// TestAnteHandlerRequiresNexusDecorators: the chain's rules depend on the
// x/aegis, x/pivc and x/ledger decorators, so leaving one out is a
// construction error, not a weaker chain.
func TestAnteHandlerRequiresNexusDecorators(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	full := func() app.HandlerOptions {
		return app.HandlerOptions{
			AccountKeeper:          ta.AccountKeeper,
			BankKeeper:             ta.BankKeeper,
			SignModeHandler:        ta.TxConfig().SignModeHandler(),
			LastBlockHeight:        ta.LastBlockHeight,
			Compliance:             app.RecoverPanicDecorator{},
			SendAuthorizationLimit: app.RecoverPanicDecorator{},
			Journal:                app.RecoverPanicDecorator{},
		}
	}
	_, err := app.NewAnteHandler(full())
	require.NoError(t, err)
	for name, drop := range map[string]func(*app.HandlerOptions){
		"compliance":         func(o *app.HandlerOptions) { o.Compliance = nil },
		"send-authorization": func(o *app.HandlerOptions) { o.SendAuthorizationLimit = nil },
		"journal":            func(o *app.HandlerOptions) { o.Journal = nil },
	} {
		opts := full()
		drop(&opts)
		_, err := app.NewAnteHandler(opts)
		require.ErrorIs(t, err, sdkerrors.ErrLogic, name)
		require.Contains(t, err.Error(), name, name)
	}
}
