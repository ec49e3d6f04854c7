package lightproof_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtcrypto "github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtbytes "github.com/cometbft/cometbft/libs/bytes"
	cmtversion "github.com/cometbft/cometbft/proto/tendermint/version"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	coretypes "github.com/cometbft/cometbft/rpc/core/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/cometbft/cometbft/version"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// testChain is a chain a test can prove against: a real in-process Nexus
// app for the state (so store proofs are the app's own) under signed
// headers the test makes itself, with validator sets it chooses per height.
// It implements lightproof.Source.
type testChain struct {
	t  testing.TB
	ta *apptesting.TestApp
	// appHash[h] is the app hash after block h (in header h+1).
	appHash map[int64][]byte
	// sets[i] is the validator set from height setFrom[i] on.
	sets    []*signers
	setFrom []int64
	// headers are made on demand and cached.
	headers map[int64]*cmttypes.SignedHeader
	// mutate, if set, changes each header's commit before it is signed
	// (e.g. to make a validator absent or vote nil).
	voteFlag func(h int64, idx int) cmttypes.BlockIDFlag
	chainID  string
}

// signers is a validator set with its private keys.
type signers struct {
	set   *cmttypes.ValidatorSet
	privs map[string]cmtcrypto.PrivKey
}

func newSigners(seed string, powers ...int64) *signers {
	s := &signers{privs: map[string]cmtcrypto.PrivKey{}}
	var vals []*cmttypes.Validator
	for i, p := range powers {
		priv := ed25519.GenPrivKeyFromSecret([]byte(fmt.Sprintf("%s-%d", seed, i)))
		v := cmttypes.NewValidator(priv.PubKey(), p)
		s.privs[string(v.Address)] = priv
		vals = append(vals, v)
	}
	s.set = cmttypes.NewValidatorSet(vals)
	return s
}

const checkpointInterval = 5

// newTestChain runs an app to height (at least 22) with journal entries in
// several checkpoint periods and a mesh node, one validator set throughout
// unless the test adds more with changeSet.
func newTestChain(t testing.TB, set *signers) *testChain {
	t.Helper()
	coins := sdk.NewCoins(sdk.NewInt64Coin(app.BaseDenom, 1_000_000_000_000))
	registrar := accountAddress("registrar")
	ta := apptesting.Setup(t, apptesting.Options{
		Accounts: map[string]sdk.Coins{"alice": coins, "bob": coins, "registrar": coins},
		EditGenesis: func(a *app.App, gen app.GenesisState) {
			cdc := a.AppCodec()
			var l ledgertypes.GenesisState
			cdc.MustUnmarshalJSON(gen[ledgertypes.ModuleName], &l)
			l.Params.CheckpointInterval = checkpointInterval
			gen[ledgertypes.ModuleName] = cdc.MustMarshalJSON(&l)
			m := meshtypes.DefaultGenesis()
			m.Roles = []meshtypes.RoleGrant{{Role: meshtypes.RoleRegistrar, Address: registrar.String()}}
			gen[meshtypes.ModuleName] = cdc.MustMarshalJSON(m)
		},
	})
	c := &testChain{t: t, ta: ta, appHash: map[int64][]byte{}, headers: map[int64]*cmttypes.SignedHeader{}, chainID: apptesting.ChainID}
	c.sets, c.setFrom = []*signers{set}, []int64{1}
	c.record()
	alice, bob, reg := ta.Accounts["alice"], ta.Accounts["bob"], ta.Accounts["registrar"]
	pay := func(amount int64) {
		ta.MustDeliver(alice, banktypes.NewMsgSend(alice.Addr, bob.Addr, sdk.NewCoins(sdk.NewCoin(app.BaseDenom, sdkmath.NewInt(amount)))))
		c.record()
	}
	until := func(h int64) {
		for ta.LastBlockHeight() < h {
			ta.NextBlock()
			c.record()
		}
	}
	// Payments in blocks 2, 3, 7, 8, 13, 18 and 19 (one journal entry
	// each), the node in block 4: checkpoints at 5, 10, 15 and 20.
	pay(1000)
	pay(2000)
	ta.MustDeliver(reg, &meshtypes.MsgRegisterNode{Signer: reg.Addr.String(), Id: "dev-7", Type: meshtypes.NodeTypeDevice, Owner: alice.Addr.String()})
	c.record()
	until(6)
	pay(3000)
	pay(4000)
	until(12)
	pay(5000)
	until(17)
	pay(6000)
	pay(7000)
	until(23)
	return c
}

func (c *testChain) record() {
	id := c.ta.LastCommitID()
	c.appHash[id.Version] = id.Hash
}

// changeSet makes s the validator set from height on.
func (c *testChain) changeSet(from int64, s *signers) {
	c.sets = append(c.sets, s)
	c.setFrom = append(c.setFrom, from)
}

func (c *testChain) signersAt(h int64) *signers {
	s := c.sets[0]
	for i, from := range c.setFrom {
		if h >= from {
			s = c.sets[i]
		}
	}
	return s
}

// latest is the last height with a header: the block after the app's last.
func (c *testChain) latest() int64 { return c.ta.LastBlockHeight() + 1 }

func (c *testChain) blockTime(h int64) time.Time {
	return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h-1) * time.Second)
}

func hashOf(parts ...any) []byte {
	sum := sha256.Sum256([]byte(fmt.Sprint(parts...)))
	return sum[:]
}

// header returns block h's signed header, signed by the validators of h.
func (c *testChain) header(h int64) *cmttypes.SignedHeader {
	if sh, ok := c.headers[h]; ok {
		return sh
	}
	s, next := c.signersAt(h), c.signersAt(h+1)
	appHash, ok := c.appHash[h-1]
	if !ok {
		appHash = hashOf("app", h-1)
	}
	hdr := &cmttypes.Header{
		Version:            cmtversion.Consensus{Block: version.BlockProtocol},
		ChainID:            c.chainID,
		Height:             h,
		Time:               c.blockTime(h),
		LastCommitHash:     hashOf("last commit", h),
		DataHash:           hashOf("data", h),
		ValidatorsHash:     s.set.Hash(),
		NextValidatorsHash: next.set.Hash(),
		ConsensusHash:      hashOf("consensus"),
		AppHash:            appHash,
		LastResultsHash:    hashOf("results", h),
		EvidenceHash:       hashOf("evidence", h),
		ProposerAddress:    s.set.Validators[0].Address,
	}
	if h > 1 {
		prev := c.header(h - 1)
		hdr.LastBlockID = prev.Commit.BlockID
	}
	blockID := cmttypes.BlockID{Hash: hdr.Hash(), PartSetHeader: cmttypes.PartSetHeader{Total: 1, Hash: hashOf("parts", h)}}
	commit := &cmttypes.Commit{Height: h, BlockID: blockID}
	for idx, v := range s.set.Validators {
		flag := cmttypes.BlockIDFlagCommit
		if c.voteFlag != nil {
			flag = c.voteFlag(h, idx)
		}
		cs := cmttypes.CommitSig{BlockIDFlag: flag}
		if flag != cmttypes.BlockIDFlagAbsent {
			cs.ValidatorAddress = v.Address
			cs.Timestamp = hdr.Time.Add(500 * time.Millisecond)
		}
		commit.Signatures = append(commit.Signatures, cs)
	}
	for idx, cs := range commit.Signatures {
		if cs.BlockIDFlag == cmttypes.BlockIDFlagAbsent {
			continue
		}
		sig, err := s.privs[string(cs.ValidatorAddress)].Sign(commit.VoteSignBytes(c.chainID, int32(idx)))
		if err != nil {
			c.t.Fatal(err)
		}
		commit.Signatures[idx].Signature = sig
	}
	sh := &cmttypes.SignedHeader{Header: hdr, Commit: commit}
	if err := sh.ValidateBasic(c.chainID); err != nil {
		c.t.Fatalf("test header %d: %v", h, err)
	}
	c.headers[h] = sh
	return sh
}

// genesis returns a genesis file of the chain: its chain id, first block
// time and the validators of block 1 as consensus validators.
func (c *testChain) genesis() []byte {
	return genesisFile(c.t, c.chainID, c.blockTime(1), c.sets[0])
}

func genesisFile(t testing.TB, chainID string, at time.Time, s *signers) []byte {
	t.Helper()
	g := genutiltypes.NewAppGenesisWithVersion(chainID, json.RawMessage(`{}`))
	g.GenesisTime = at
	g.InitialHeight = 1
	g.Consensus = &genutiltypes.ConsensusGenesis{Params: cmttypes.DefaultConsensusParams()}
	for _, v := range s.set.Validators {
		g.Consensus.Validators = append(g.Consensus.Validators, cmttypes.GenesisValidator{Address: v.Address, PubKey: v.PubKey, Power: v.VotingPower, Name: "v"})
	}
	bz, err := json.MarshalIndent(g, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return bz
}

// Source

func (c *testChain) ABCIQueryWithOptions(ctx context.Context, path string, data cmtbytes.HexBytes, opts rpcclient.ABCIQueryOptions) (*coretypes.ResultABCIQuery, error) {
	res, err := c.ta.Query(ctx, &abci.RequestQuery{Path: path, Data: data, Height: opts.Height, Prove: opts.Prove})
	if err != nil {
		return nil, err
	}
	return &coretypes.ResultABCIQuery{Response: *res}, nil
}

func (c *testChain) Commit(_ context.Context, height *int64) (*coretypes.ResultCommit, error) {
	h := c.latest()
	if height != nil {
		h = *height
	}
	if h < 1 || h > c.latest() {
		return nil, fmt.Errorf("height %d must be less than or equal to the current blockchain height %d", h, c.latest())
	}
	return &coretypes.ResultCommit{SignedHeader: *c.header(h), CanonicalCommit: true}, nil
}

func (c *testChain) Validators(_ context.Context, height *int64, page, perPage *int) (*coretypes.ResultValidators, error) {
	h := *height
	if h < 1 || h > c.latest() {
		return nil, errors.New("no such height")
	}
	vals := c.signersAt(h).set.Validators
	start := (*page - 1) * *perPage
	end := min(start+*perPage, len(vals))
	if start >= len(vals) {
		return nil, errors.New("page out of range")
	}
	return &coretypes.ResultValidators{BlockHeight: h, Validators: vals[start:end], Count: end - start, Total: len(vals)}, nil
}

func (c *testChain) Status(context.Context) (*coretypes.ResultStatus, error) {
	return &coretypes.ResultStatus{SyncInfo: coretypes.SyncInfo{EarliestBlockHeight: 1, LatestBlockHeight: c.latest()}}, nil
}

// voteFlags makes validator idx vote flag at every height.
func voteFlags(idx int, flag cmttypes.BlockIDFlag) func(int64, int) cmttypes.BlockIDFlag {
	return func(_ int64, i int) cmttypes.BlockIDFlag {
		if i == idx {
			return flag
		}
		return cmttypes.BlockIDFlagCommit
	}
}

// accountAddress is the address apptesting.Setup gives a named account (it
// derives each key from "nexus-test-account-<name>"); EditGenesis runs
// before the TestApp exists.
func accountAddress(name string) sdk.AccAddress {
	return sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte("nexus-test-account-" + name)).PubKey().Address())
}
