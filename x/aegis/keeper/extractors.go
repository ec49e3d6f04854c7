package keeper

import (
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	govv1beta1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1beta1"

	"github.com/azora-os/nexus/x/aegis/types"
)

// RegisterTransferExtractor registers how to read the transfers of messages
// of typeURL, for message types whose module cannot implement
// types.TransferReporter. It panics on a nil function or a second
// registration for the same type (a wiring mistake).
func (k *Keeper) RegisterTransferExtractor(typeURL string, fn types.TransferExtractor) {
	if fn == nil {
		panic(fmt.Sprintf("aegis: nil transfer extractor for %s", typeURL))
	}
	if _, ok := k.extractors[typeURL]; ok {
		panic(fmt.Sprintf("aegis: transfer extractor for %s registered twice", typeURL))
	}
	k.extractors[typeURL] = fn
}

// registerDefaultExtractors reads the transfers of the SDK messages that move
// value from their signer: bank sends, gov deposits and community-pool
// funding.
func (k *Keeper) registerDefaultExtractors() {
	gov := k.ak.GetModuleAddress(govtypes.ModuleName)
	distr := k.ak.GetModuleAddress(distrtypes.ModuleName)
	str := func(a sdk.AccAddress) string {
		s, _ := k.ak.AddressCodec().BytesToString(a)
		return s
	}
	govAddr, distrAddr := str(gov), str(distr)

	k.RegisterTransferExtractor(sdk.MsgTypeURL(&banktypes.MsgSend{}), func(msg sdk.Msg) ([]types.Transfer, error) {
		m := msg.(*banktypes.MsgSend)
		return []types.Transfer{{From: m.FromAddress, To: m.ToAddress, Amount: m.Amount}}, nil
	})
	k.RegisterTransferExtractor(sdk.MsgTypeURL(&banktypes.MsgMultiSend{}), func(msg sdk.Msg) ([]types.Transfer, error) {
		m := msg.(*banktypes.MsgMultiSend)
		if len(m.Inputs) != 1 {
			return nil, types.ErrInvalidTransfer.Wrapf("multi-send must have exactly one input, has %d", len(m.Inputs))
		}
		out := make([]types.Transfer, 0, len(m.Outputs))
		for _, o := range m.Outputs {
			out = append(out, types.Transfer{From: m.Inputs[0].Address, To: o.Address, Amount: o.Coins})
		}
		return out, nil
	})
	k.RegisterTransferExtractor(sdk.MsgTypeURL(&govv1.MsgSubmitProposal{}), func(msg sdk.Msg) ([]types.Transfer, error) {
		m := msg.(*govv1.MsgSubmitProposal)
		return []types.Transfer{{From: m.Proposer, To: govAddr, Amount: m.InitialDeposit}}, nil
	})
	k.RegisterTransferExtractor(sdk.MsgTypeURL(&govv1.MsgDeposit{}), func(msg sdk.Msg) ([]types.Transfer, error) {
		m := msg.(*govv1.MsgDeposit)
		return []types.Transfer{{From: m.Depositor, To: govAddr, Amount: m.Amount}}, nil
	})
	k.RegisterTransferExtractor(sdk.MsgTypeURL(&govv1beta1.MsgSubmitProposal{}), func(msg sdk.Msg) ([]types.Transfer, error) {
		m := msg.(*govv1beta1.MsgSubmitProposal)
		return []types.Transfer{{From: m.Proposer, To: govAddr, Amount: m.InitialDeposit}}, nil
	})
	k.RegisterTransferExtractor(sdk.MsgTypeURL(&govv1beta1.MsgDeposit{}), func(msg sdk.Msg) ([]types.Transfer, error) {
		m := msg.(*govv1beta1.MsgDeposit)
		return []types.Transfer{{From: m.Depositor, To: govAddr, Amount: m.Amount}}, nil
	})
	k.RegisterTransferExtractor(sdk.MsgTypeURL(&distrtypes.MsgFundCommunityPool{}), func(msg sdk.Msg) ([]types.Transfer, error) {
		m := msg.(*distrtypes.MsgFundCommunityPool)
		return []types.Transfer{{From: m.Depositor, To: distrAddr, Amount: m.Amount}}, nil
	})
}

// transfersOf returns the transfers msg will make: its own report if it
// implements types.TransferReporter, else the registered extractor's, else
// none.
func (k *Keeper) transfersOf(msg sdk.Msg, typeURL string) (out []types.Transfer, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, types.ErrInvalidTransfer.Wrapf("%s: %v", typeURL, r)
		}
	}()
	if r, ok := msg.(types.TransferReporter); ok {
		return r.AegisTransfers()
	}
	if fn, ok := k.extractors[typeURL]; ok {
		return fn(msg)
	}
	return nil, nil
}
