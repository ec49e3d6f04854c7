package app_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/reflect/protoreflect"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	"github.com/azora-os/nexus/x/mint"
)

func TestAppBuildsAndProducesBlocks(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	for i := 0; i < 3; i++ {
		ta.NextBlock()
	}
	require.Equal(t, int64(4), ta.LastBlockHeight())
	require.Equal(t, "azora", sdk.GetConfig().GetBech32AccountAddrPrefix())

	// bank must be first in EndBlock (SDK v0.54).
	require.Equal(t, banktypes.ModuleName, ta.ModuleManager.OrderEndBlockers[0])

	// Modules deliberately not wired (DESIGN.md §2).
	for _, name := range []string{"crisis", "circuit", "vesting", "group", "nft"} {
		_, ok := ta.ModuleManager.Modules[name]
		require.Falsef(t, ok, "module %s must not be wired", name)
	}
	// The module named "mint" is Nexus's x/mint, never the SDK's
	// inflationary one.
	_, ok := ta.ModuleManager.Modules["mint"].(mint.AppModule)
	require.True(t, ok, "module mint must be github.com/azora-os/nexus/x/mint")
	for _, name := range []string{"auth", "bank", "staking", "slashing", "distribution", "gov", "consensus", "upgrade", "evidence", "authz", "feegrant", "genutil"} {
		_, ok := ta.ModuleManager.Modules[name]
		require.Truef(t, ok, "module %s must be wired", name)
	}

	// Module accounts cannot receive ordinary sends, gov included (issue 14).
	blocked := app.BlockedAddresses()
	require.True(t, blocked[authtypes.NewModuleAddress(authtypes.FeeCollectorName).String()])
	require.True(t, blocked[authtypes.NewModuleAddress(govtypes.ModuleName).String()])
}

func TestDefaultGenesisValidatesWithNexusChoices(t *testing.T) {
	a := apptesting.NewApp(t, dbm.NewMemDB())
	gen := a.DefaultGenesis()
	require.NoError(t, a.BasicModuleManager.ValidateGenesis(a.AppCodec(), a.TxConfig(), gen))

	cdc := a.AppCodec()
	var bankGen banktypes.GenesisState
	cdc.MustUnmarshalJSON(gen[banktypes.ModuleName], &bankGen)
	var azr *banktypes.Metadata
	for i := range bankGen.DenomMetadata {
		if bankGen.DenomMetadata[i].Base == app.BaseDenom {
			azr = &bankGen.DenomMetadata[i]
		}
	}
	require.NotNil(t, azr, "uazr denom metadata")
	require.Equal(t, "AZR", azr.Symbol)
	require.Equal(t, "azr", azr.Display)
	require.NoError(t, azr.Validate())
	last := azr.DenomUnits[len(azr.DenomUnits)-1]
	require.Equal(t, uint32(app.BaseDenomExponent), last.Exponent)

	var stakingGen stakingtypes.GenesisState
	cdc.MustUnmarshalJSON(gen[stakingtypes.ModuleName], &stakingGen)
	require.Equal(t, app.BondDenom, stakingGen.Params.BondDenom)

	var govGen govv1.GenesisState
	cdc.MustUnmarshalJSON(gen[govtypes.ModuleName], &govGen)
	require.Equal(t, app.BaseDenom, govGen.Params.MinDeposit[0].Denom)
}

// TestExportImportRoundTrip runs a chain with a transfer, exports it, imports
// the export into a fresh app, exports again and imports that into a third
// app: both exports must be identical and both imports must commit to the
// same app hash.
func TestExportImportRoundTrip(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	alice, bob := ta.Accounts["alice"], ta.Accounts["bob"]
	ta.MustDeliver(alice, banktypes.NewMsgSend(alice.Addr, bob.Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 12345))))
	ta.NextBlock()
	ta.NextBlock()

	export1, height := ta.Export()
	hash1, appB := importState(t, export1, height, ta.Val.ConsAddress())
	export2, _, err := exportAt(appB)
	require.NoError(t, err)
	require.JSONEq(t, string(export1), string(export2), "export → import → export must be the identity")

	hash2, _ := importState(t, export2, height, ta.Val.ConsAddress())
	require.Equal(t, hash1, hash2, "importing either export must give the same app hash")
	require.NotEmpty(t, hash1)

	// The imported state holds the transfer.
	ctxB := appB.NewContext(true)
	require.Equal(t, ta.Balance(bob.Addr, app.BaseDenom), appB.BankKeeper.GetBalance(ctxB, bob.Addr, app.BaseDenom).Amount)
	require.Equal(t,
		ta.BankKeeper.GetSupply(ta.Ctx(), app.BaseDenom),
		appB.BankKeeper.GetSupply(ctxB, app.BaseDenom))
}

// importState initialises a fresh app from an exported app state at the given
// initial height, runs one empty block (as CometBFT does after InitChain),
// commits it and returns the committed app hash.
func importState(t *testing.T, appState json.RawMessage, height int64, proposer sdk.ConsAddress) ([]byte, *app.App) {
	t.Helper()
	a := apptesting.NewApp(t, dbm.NewMemDB())
	genesisTime := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	_, err := a.InitChain(&abci.RequestInitChain{
		ChainId:         apptesting.ChainID,
		Time:            genesisTime,
		ConsensusParams: apptesting.ConsensusParams(),
		AppStateBytes:   appState,
		InitialHeight:   height,
	})
	require.NoError(t, err)
	_, err = a.FinalizeBlock(&abci.RequestFinalizeBlock{Height: height, Time: genesisTime, ProposerAddress: proposer})
	require.NoError(t, err)
	_, err = a.Commit()
	require.NoError(t, err)
	return a.LastCommitID().Hash, a
}

func exportAt(a *app.App) (json.RawMessage, int64, error) {
	exp, err := a.ExportAppStateAndValidators(false, nil, nil)
	return exp.AppState, exp.Height, err
}

// TestCheckTxAfterRestart restarts the app on its database and checks that
// CheckTx accepts a tx from an account whose number is not 0 before the node
// commits its next block (cosmos/cosmos-sdk#24628: BaseApp's CheckTx state
// starts at height 0, which the signature check treats as genesis).
func TestCheckTxAfterRestart(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	ta.NextBlock()
	bob := ta.Accounts["bob"]
	require.NotZero(t, bob.AccNum, "the test needs an account with a non-zero number")

	restarted := apptesting.NewApp(t, ta.DB)
	require.Equal(t, ta.LastBlockHeight(), restarted.LastBlockHeight())
	ta.App = restarted

	msg := banktypes.NewMsgSend(bob.Addr, ta.Accounts["alice"].Addr, sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 10)))

	// Simulation (gas estimation, what the CLI does first) and CheckTx both
	// run on the CheckTx state.
	_, _, err := restarted.Simulate(ta.SignTx(bob, apptesting.DefaultFee(), msg))
	require.NoError(t, err, "simulate after restart")
	res := ta.CheckTx(bob, msg)
	require.Equal(t, uint32(0), res.Code, "CheckTx after restart: %s", res.Log)
}

// TestSigningResolvesEveryNexusType checks that the signing context (x/tx:
// sign bytes, signers) sees every field of every Nexus Msg: no message or
// enum of another proto file may resolve to a placeholder, or the
// amino-JSON encoder drops its content and the chain refuses signatures
// over it (see MakeEncodingConfig).
func TestSigningResolvesEveryNexusType(t *testing.T) {
	a := apptesting.NewApp(t, dbm.NewMemDB())
	files := a.InterfaceRegistry().SigningContext().FileResolver()
	var check func(md protoreflect.MessageDescriptor, path string, seen map[protoreflect.FullName]bool)
	check = func(md protoreflect.MessageDescriptor, path string, seen map[protoreflect.FullName]bool) {
		if seen[md.FullName()] {
			return
		}
		seen[md.FullName()] = true
		for i := 0; i < md.Fields().Len(); i++ {
			f := md.Fields().Get(i)
			switch {
			case f.Enum() != nil && f.Enum().IsPlaceholder():
				t.Errorf("%s.%s: enum %s is a placeholder", path, f.Name(), f.Enum().FullName())
			case f.Message() != nil && f.Message().IsPlaceholder():
				t.Errorf("%s.%s: message %s is a placeholder", path, f.Name(), f.Message().FullName())
			case f.Message() != nil:
				check(f.Message(), path+"."+string(f.Name()), seen)
			}
		}
	}
	n := 0
	for _, url := range a.InterfaceRegistry().ListImplementations(sdk.MsgInterfaceProtoName) {
		if !strings.HasPrefix(url, "/azora.") {
			continue
		}
		n++
		d, err := files.FindDescriptorByName(protoreflect.FullName(url[1:]))
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		check(d.(protoreflect.MessageDescriptor), url, map[protoreflect.FullName]bool{})
	}
	if n == 0 {
		t.Fatal("no Nexus Msg registered")
	}
}

// TestSendRestrictionOrder pins the value pipeline: bank runs aegis, then
// pivc, then ledger on every movement, and ledger's EndBlock runs last (it
// numbers every movement of the block, those of other EndBlockers included).
func TestSendRestrictionOrder(t *testing.T) {
	ta := apptesting.Setup(t, apptesting.Options{})
	require.Equal(t, []string{"aegis", "pivc", "ledger"}, ta.SendRestrictionOrder())
	ends := ta.ModuleManager.OrderEndBlockers
	require.Equal(t, "ledger", ends[len(ends)-1], "x/ledger must end the block")
}
