package keeper_test

import (
	"context"
	"testing"
	"time"

	"cosmossdk.io/core/address"

	"github.com/cosmos/cosmos-sdk/baseapp"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/x/aegis/keeper"
	"github.com/azora-os/nexus/x/aegis/types"
)

// benchAccounts is a minimal account keeper: no module accounts but gov.
type benchAccounts struct{ ac address.Codec }

func (b benchAccounts) GetAccount(_ context.Context, a sdk.AccAddress) sdk.AccountI {
	if a.Equals(authtypes.NewModuleAddress(govtypes.ModuleName)) {
		return authtypes.NewEmptyModuleAccount(govtypes.ModuleName)
	}
	return authtypes.NewBaseAccountWithAddress(a)
}
func (b benchAccounts) GetModuleAddress(name string) sdk.AccAddress {
	return authtypes.NewModuleAddress(name)
}
func (b benchAccounts) AddressCodec() address.Codec { return b.ac }
func (b benchAccounts) GetModulePermissions() map[string]authtypes.PermissionsForAddress {
	return map[string]authtypes.PermissionsForAddress{
		govtypes.ModuleName: authtypes.NewPermissionsForAddress(govtypes.ModuleName, nil),
	}
}

type benchRouter struct{}

func (benchRouter) HandlerByTypeURL(string) baseapp.MsgServiceHandler {
	return func(sdk.Context, sdk.Msg) (*sdk.Result, error) { return nil, nil }
}

func benchKeeper(b *testing.B) (*keeper.Keeper, sdk.Context) {
	b.Helper()
	enc := app.MakeEncodingConfig()
	banktypes.RegisterInterfaces(enc.InterfaceRegistry)
	authz.RegisterInterfaces(enc.InterfaceRegistry)
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := testutil.DefaultContextWithDB(b, key, storetypes.NewTransientStoreKey("t")).Ctx.
		WithBlockTime(time.Unix(1_700_000_000, 0)).WithTxBytes([]byte{1})
	k := keeper.NewKeeper(enc.Codec, runtime.NewKVStoreService(key), benchAccounts{addresscodec.NewBech32Codec(app.Bech32Prefix)},
		benchRouter{}, authtypes.NewModuleAddress(govtypes.ModuleName).String())
	if err := k.InitGenesis(ctx, types.DefaultGenesis()); err != nil {
		b.Fatal(err)
	}
	return k, ctx
}

// BenchmarkSendRestriction is the per-transfer cost of the restriction for
// an unverified sender under the default constitution (standing check of
// both sides, tier limit lookup, window read and write).
func BenchmarkSendRestriction(b *testing.B) {
	k, ctx := benchKeeper(b)
	from, to := accAddr(1), accAddr(2)
	amt := uazr(1)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := k.SendRestriction(ctx, from, to, amt); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate is the ante check of a transaction of one MsgExec
// carrying two sends.
func BenchmarkEvaluate(b *testing.B) {
	k, ctx := benchKeeper(b)
	exec := authz.NewMsgExec(accAddr(3), []sdk.Msg{bankSend(1, 2, 10), bankSend(1, 4, 10)})
	facts := keeper.TxFacts{Msgs: []sdk.Msg{&exec}, Signers: [][]byte{accAddr(3)}, FeePayer: accAddr(3), SignersCoverTopLevel: true}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := k.Evaluate(ctx, facts)
		if err != nil || v != nil {
			b.Fatal(v, err)
		}
	}
}

// BenchmarkEvaluateSend is the ante check of a plain one-send transaction.
func BenchmarkEvaluateSend(b *testing.B) {
	k, ctx := benchKeeper(b)
	facts := keeper.TxFacts{Msgs: []sdk.Msg{bankSend(1, 2, 10)}, Signers: [][]byte{accAddr(1)}, FeePayer: accAddr(1), SignersCoverTopLevel: true}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := k.Evaluate(ctx, facts)
		if err != nil || v != nil {
			b.Fatal(v, err)
		}
	}
}
