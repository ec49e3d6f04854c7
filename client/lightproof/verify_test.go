package lightproof_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	cmtcrypto "github.com/cometbft/cometbft/crypto"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/azora-os/nexus/client/lightproof"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

var ctx = context.Background()

func genesisRoot(t testing.TB, c *testChain) lightproof.TrustRoot {
	t.Helper()
	root, err := lightproof.TrustGenesis(c.genesis())
	require.NoError(t, err)
	return root
}

// encode writes the document and parses it back, as a file would be.
func encode(t *testing.T, doc *lightproof.Document) []byte {
	t.Helper()
	bz, err := doc.Encode()
	require.NoError(t, err)
	_, err = lightproof.Parse(bz)
	require.NoError(t, err)
	return bz
}

func requireStep(t *testing.T, err error, step string, contains ...string) {
	t.Helper()
	var se *lightproof.StepError
	require.Truef(t, errors.As(err, &se), "want a failure at step %q, got %v", step, err)
	require.Equalf(t, step, se.Step, "error: %v", err)
	require.Contains(t, err.Error(), `step "`+step+`"`)
	for _, s := range contains {
		require.Contains(t, err.Error(), s)
	}
}

// A checkpoint proven from genesis: one skip from block 1 to block H+1
// (the validators never changed), the store proof, the checkpoint.
func TestCheckpointFromGenesis(t *testing.T) {
	s := newSigners("val", 10, 20, 30, 40)
	c := newTestChain(t, s)
	doc, err := lightproof.ProveCheckpoint(ctx, c, 15, 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	require.Equal(t, []int64{1, 16}, lightHeights(doc))
	require.NotNil(t, doc.LightBlocks[0].ValidatorSet)
	require.Nil(t, doc.LightBlocks[1].ValidatorSet, "an unchanged validator set is not repeated")

	res, err := lightproof.VerifyFile(encode(t, doc), genesisRoot(t, c), lightproof.Options{})
	require.NoError(t, err)
	require.True(t, res.Exists)
	require.Equal(t, int64(15), res.Checkpoint.Height)
	require.Equal(t, int64(15), res.StateHeight)
	require.Equal(t, int64(16), res.Block.Height)
	require.Equal(t, c.appHash[15], res.Block.AppHash)
	require.Equal(t, []int64{1, 16}, res.Path)
	names := stepNames(res)
	require.Equal(t, []string{"document", "root", "light", "store", "checkpoint"}, names)
	require.Contains(t, res.Steps[2].Text, "VerifyNonAdjacent")
	require.Contains(t, res.Steps[4].Text, "recomputes")
	require.Contains(t, strings.Join(res.Assumptions, "\n"), "trusting period: none")

	// VerifyCheckpoint: the same, for a checkpoint only.
	got, _, err := lightproof.VerifyCheckpoint(doc, 15, genesisRoot(t, c), lightproof.Options{})
	require.NoError(t, err)
	require.Equal(t, res.Checkpoint, got)
	_, _, err = lightproof.VerifyCheckpoint(doc, 10, genesisRoot(t, c), lightproof.Options{})
	requireStep(t, err, lightproof.StepDocument, "not 10")
	node, err := lightproof.ProveNode(ctx, c, "dev-7", 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	_, _, err = lightproof.VerifyCheckpoint(node, 0, genesisRoot(t, c), lightproof.Options{})
	requireStep(t, err, lightproof.StepDocument, "not a proof of a ledger checkpoint")

	// The checkpoint is the one the app recorded.
	want, err := c.ta.LedgerKeeper.Checkpoints.Get(c.ta.Ctx(), 15)
	require.NoError(t, err)
	require.Equal(t, want.Hash, res.Checkpoint.Hash)

	// Proven at a later state too (it stays in the state).
	later, err := lightproof.ProveCheckpoint(ctx, c, 15, 20, lightproof.BuildOptions{})
	require.NoError(t, err)
	res, err = lightproof.Verify(later, genesisRoot(t, c), lightproof.Options{})
	require.NoError(t, err)
	require.Equal(t, int64(21), res.Block.Height)
	_, err = lightproof.ProveCheckpoint(ctx, c, 15, 14, lightproof.BuildOptions{})
	require.ErrorContains(t, err, "from height 15 on")

	// The text and JSON reports.
	var text, js bytes.Buffer
	require.NoError(t, res.Print(&text, false))
	require.Contains(t, text.String(), "1. document:")
	require.Contains(t, text.String(), "5. checkpoint:")
	require.Contains(t, text.String(), "verified: ledger checkpoint 15")
	require.NoError(t, res.Print(&js, true))
	var rep lightproof.Report
	require.NoError(t, json.Unmarshal(js.Bytes(), &rep))
	require.True(t, rep.Verified)
	require.Equal(t, int64(21), rep.BlockHeight)
	require.Contains(t, string(rep.Checkpoint), `"height":"15"`)
}

// A root at a trusted block: the path starts there, and the trusted
// block's hash vouches for its validator set. The result's Next root
// verifies a later proof with a one-block path.
func TestCheckpointFromTrustedBlock(t *testing.T) {
	s := newSigners("val", 10, 20, 30, 40)
	c := newTestChain(t, s)
	trusted := c.header(6)
	root, err := lightproof.TrustBlock(6, trusted.Hash())
	require.NoError(t, err)
	doc, err := lightproof.ProveCheckpoint(ctx, c, 10, 0, lightproof.BuildOptions{From: 6})
	require.NoError(t, err)
	require.Equal(t, []int64{6, 11}, lightHeights(doc))
	res, err := lightproof.VerifyFile(encode(t, doc), root, lightproof.Options{})
	require.NoError(t, err)
	require.Contains(t, res.Steps[1].Text, "trusted hash")

	// The same file from genesis: its path does not start there.
	_, err = lightproof.VerifyFile(encode(t, doc), genesisRoot(t, c), lightproof.Options{})
	requireStep(t, err, lightproof.StepRoot, "starts at block 6", "first block 1")
	// Another trusted hash.
	other, err := lightproof.TrustBlock(6, c.header(7).Hash())
	require.NoError(t, err)
	_, err = lightproof.VerifyFile(encode(t, doc), other, lightproof.Options{})
	requireStep(t, err, lightproof.StepRoot, "not the trusted hash")

	// Moving the root forward: block 11, with its validators, verifies the
	// proof of checkpoint 20 built from there.
	next := res.Next
	require.Equal(t, int64(11), next.Height)
	require.NotNil(t, next.Validators)
	doc, err = lightproof.ProveCheckpoint(ctx, c, 20, 0, lightproof.BuildOptions{From: next.Height})
	require.NoError(t, err)
	res, err = lightproof.Verify(doc, next, lightproof.Options{})
	require.NoError(t, err)
	require.Equal(t, int64(20), res.Checkpoint.Height)
}

func TestNodeAndEntryProofs(t *testing.T) {
	c := newTestChain(t, newSigners("val", 100))
	root := genesisRoot(t, c)

	doc, err := lightproof.ProveNode(ctx, c, "dev-7", 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	require.Equal(t, c.ta.LastBlockHeight(), doc.StoreProof.Height, "no height: the app's last committed height")
	res, err := lightproof.VerifyFile(encode(t, doc), root, lightproof.Options{})
	require.NoError(t, err)
	require.Equal(t, "dev-7", res.Node.Id)
	require.Equal(t, meshtypes.NodeTypeDevice, res.Node.Type)
	require.Equal(t, "node", res.Steps[len(res.Steps)-1].Name)

	// An absent node: its absence is proven, with a not-found error; at the
	// edges of the node range too, where the neighbours are other keys.
	for _, id := range []string{"dev-none", "aaa", "dev-0", "zzz"} {
		doc, err = lightproof.ProveNode(ctx, c, id, 0, lightproof.BuildOptions{})
		require.NoError(t, err)
		require.False(t, doc.StoreProof.Exists)
		res, err = lightproof.VerifyFile(encode(t, doc), root, lightproof.Options{})
		require.ErrorIs(t, err, meshtypes.ErrNodeNotFound, id)
		require.ErrorContains(t, err, "absence proven")
		require.False(t, res.Exists)
		require.Contains(t, res.Verdict(), "proven absent")
	}

	// Journal entry 2: the second payment.
	doc, err = lightproof.ProveEntry(ctx, c, 2, 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	res, err = lightproof.VerifyFile(encode(t, doc), root, lightproof.Options{})
	require.NoError(t, err)
	want, err := c.ta.LedgerKeeper.Entries.Get(c.ta.Ctx(), 2)
	require.NoError(t, err)
	require.Equal(t, want, *res.Entry)
	_, err = lightproof.ProveEntry(ctx, c, 999, 0, lightproof.BuildOptions{})
	require.ErrorIs(t, err, ledgertypes.ErrEntryNotFound)
	// A document claiming the absence of an entry is refused.
	absent := *doc
	absent.StoreProof.Exists, absent.StoreProof.Value = false, nil
	_, err = lightproof.Verify(&absent, root, lightproof.Options{})
	requireStep(t, err, lightproof.StepDocument, "absence proof proves nothing")

	// A checkpoint that does not exist.
	doc, err = lightproof.ProveCheckpoint(ctx, c, 16, 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	_, err = lightproof.Verify(doc, root, lightproof.Options{})
	require.ErrorIs(t, err, ledgertypes.ErrCheckpointNotFound)
}

// export-journal: whole periods, anchored at the checkpoint before, the
// last checkpoint proven and the rest linked to it.
func TestExportJournal(t *testing.T) {
	c := newTestChain(t, newSigners("val", 100))
	root := genesisRoot(t, c)
	all := allEntries(t, c)
	require.NotEmpty(t, all)

	for _, tc := range []struct {
		from, to       int64
		anchor         int64 // 0: none
		first, last    int64
		wantCheckpoint []int64
	}{
		{from: 1, to: 20, first: 1, last: 20, wantCheckpoint: []int64{5, 10, 15, 20}},
		{from: 7, to: 13, anchor: 5, first: 6, last: 15, wantCheckpoint: []int64{10, 15}},
		{from: 16, to: 16, anchor: 15, first: 16, last: 20, wantCheckpoint: []int64{20}},
		{from: 15, to: 15, anchor: 10, first: 11, last: 15, wantCheckpoint: []int64{15}},
	} {
		doc, err := lightproof.ExportJournal(ctx, c, tc.from, tc.to, lightproof.BuildOptions{})
		require.NoError(t, err)
		res, err := lightproof.VerifyFile(encode(t, doc), root, lightproof.Options{})
		require.NoError(t, err, "%d..%d", tc.from, tc.to)
		j := res.Journal
		var heights []int64
		for _, cp := range j.Checkpoints {
			heights = append(heights, cp.Height)
		}
		require.Equal(t, tc.wantCheckpoint, heights)
		require.Equal(t, tc.first, j.FirstHeight)
		require.Equal(t, tc.last, j.LastHeight)
		if tc.anchor == 0 {
			require.Nil(t, j.Anchor)
		} else {
			require.Equal(t, tc.anchor, j.Anchor.Height)
		}
		var want []ledgertypes.JournalEntry
		for _, e := range all {
			if e.Height >= tc.first && e.Height <= tc.last {
				want = append(want, e)
			}
		}
		require.Equal(t, want, j.Entries)
		require.Equal(t, "journal", res.Steps[len(res.Steps)-1].Name)
	}

	// Not yet covered by a checkpoint, or inverted.
	_, err := lightproof.ExportJournal(ctx, c, 1, 21, lightproof.BuildOptions{})
	require.ErrorContains(t, err, "no checkpoint covers height 21 yet")
	_, err = lightproof.ExportJournal(ctx, c, 5, 4, lightproof.BuildOptions{})
	require.Error(t, err)
}

// Altered journals: each is re-encoded as a well-formed file, so only the
// journal step can catch it.
func TestJournalTampering(t *testing.T) {
	c := newTestChain(t, newSigners("val", 100))
	root := genesisRoot(t, c)
	base, err := lightproof.ExportJournal(ctx, c, 7, 13, lightproof.BuildOptions{})
	require.NoError(t, err)
	j := base.Subject.LedgerJournal
	require.Len(t, j.Checkpoints, 3) // anchor 5, 10, 15
	require.NotEmpty(t, j.Entries)

	clone := func() *lightproof.Document {
		d := *base
		cj := *j
		cj.Checkpoints = append([][]byte(nil), j.Checkpoints...)
		cj.Entries = append([][]byte(nil), j.Entries...)
		d.Subject = lightproof.Subject{LedgerJournal: &cj}
		return &d
	}
	entry := func(bz []byte, edit func(*ledgertypes.JournalEntry)) []byte {
		var e ledgertypes.JournalEntry
		require.NoError(t, e.Unmarshal(bz))
		edit(&e)
		out, err := e.Marshal()
		require.NoError(t, err)
		return out
	}
	cases := map[string]func(d *lightproof.Document){
		"an entry dropped": func(d *lightproof.Document) { d.Subject.LedgerJournal.Entries = d.Subject.LedgerJournal.Entries[1:] },
		"an entry added": func(d *lightproof.Document) {
			js := d.Subject.LedgerJournal
			js.Entries = append(js.Entries, js.Entries[0])
		},
		"entries swapped": func(d *lightproof.Document) { es := d.Subject.LedgerJournal.Entries; es[0], es[1] = es[1], es[0] },
		"an amount changed": func(d *lightproof.Document) {
			es := d.Subject.LedgerJournal.Entries
			es[0] = entry(es[0], func(e *ledgertypes.JournalEntry) { e.Coins[0].Amount = e.Coins[0].Amount.AddRaw(1) })
		},
		"a recipient changed": func(d *lightproof.Document) {
			es := d.Subject.LedgerJournal.Entries
			es[0] = entry(es[0], func(e *ledgertypes.JournalEntry) { e.To = e.From })
		},
		"the anchor dropped": func(d *lightproof.Document) { js := d.Subject.LedgerJournal; js.Checkpoints = js.Checkpoints[1:] },
		"a checkpoint dropped": func(d *lightproof.Document) {
			js := d.Subject.LedgerJournal
			js.Checkpoints = append([][]byte{js.Checkpoints[0]}, js.Checkpoints[2:]...)
		},
		"the first height moved": func(d *lightproof.Document) { d.Subject.LedgerJournal.FirstHeight = 3 },
		"the last height moved":  func(d *lightproof.Document) { d.Subject.LedgerJournal.LastHeight = 16 },
		"a non-canonical entry": func(d *lightproof.Document) {
			es := d.Subject.LedgerJournal.Entries
			es[0] = append(append([]byte(nil), es[0]...), 0x50, 0x01) // an unknown field 10
		},
	}
	for name, edit := range cases {
		d := clone()
		edit(d)
		bz, err := d.Encode()
		require.NoError(t, err)
		_, err = lightproof.VerifyFile(bz, root, lightproof.Options{})
		require.Error(t, err, name)
		var se *lightproof.StepError
		require.True(t, errors.As(err, &se), "%s: %v", name, err)
		require.Contains(t, []string{lightproof.StepJournal, lightproof.StepDocument}, se.Step, "%s: %v", name, err)
		t.Logf("%s: %v", name, err)
	}
}

// Validator sets that change: the path bisects where the old set cannot
// vouch for the new one, carries each new set once, and verifies; a full
// replacement needs the adjacent pair around it.
func TestValidatorSetChanges(t *testing.T) {
	a := newSigners("a", 10, 10, 10, 10)
	b := newSigners("b", 10, 10, 10, 10)
	c := newTestChain(t, a)
	c.changeSet(11, b) // an entirely new set from block 11
	root := genesisRoot(t, c)

	doc, err := lightproof.ProveCheckpoint(ctx, c, 20, 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	hs := lightHeights(doc)
	require.Contains(t, hs, int64(10))
	require.Contains(t, hs, int64(11))
	require.Equal(t, int64(21), hs[len(hs)-1])
	withSets := 0
	for _, lb := range doc.LightBlocks {
		if lb.ValidatorSet != nil {
			withSets++
		}
	}
	require.Equal(t, 2, withSets, "set a at the root, set b where it starts")
	res, err := lightproof.VerifyFile(encode(t, doc), root, lightproof.Options{})
	require.NoError(t, err)
	require.Contains(t, strings.Join(stepTexts(res), "\n"), "VerifyAdjacent")
	require.Contains(t, strings.Join(stepTexts(res), "\n"), "validator set changed")

	// Dropping the adjacent block 10 breaks the path: a's validators
	// signed nothing after block 10.
	var cut []lightproof.LightBlock
	for _, lb := range doc.LightBlocks {
		if lb.SignedHeader.Height != 10 {
			cut = append(cut, lb)
		}
	}
	bad := *doc
	bad.LightBlocks = cut
	_, err = lightproof.Verify(&bad, root, lightproof.Options{})
	requireStep(t, err, lightproof.StepLight, "cant trust new val set")
}

// A set that changes by less than 2/3 is skipped over in one hop.
func TestPartialValidatorChangeSkips(t *testing.T) {
	a := newSigners("a", 10, 10, 10)
	c := newTestChain(t, a)
	mixed := &signers{privs: map[string]cmtcrypto.PrivKey{}}
	var vals []*cmttypes.Validator
	for _, v := range a.set.Validators[:2] {
		vals = append(vals, cmttypes.NewValidator(v.PubKey, v.VotingPower))
		mixed.privs[string(v.Address)] = a.privs[string(v.Address)]
	}
	newcomer := newSigners("n", 10)
	nv := newcomer.set.Validators[0]
	vals = append(vals, cmttypes.NewValidator(nv.PubKey, nv.VotingPower))
	mixed.privs[string(nv.Address)] = newcomer.privs[string(nv.Address)]
	mixed.set = cmttypes.NewValidatorSet(vals)
	c.changeSet(8, mixed)

	doc, err := lightproof.ProveCheckpoint(ctx, c, 20, 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	require.Equal(t, []int64{1, 21}, lightHeights(doc))
	require.NotNil(t, doc.LightBlocks[1].ValidatorSet)
	_, err = lightproof.VerifyFile(encode(t, doc), genesisRoot(t, c), lightproof.Options{})
	require.NoError(t, err)
}

// A validator that is absent or votes nil: the commit still verifies, and
// the nil vote's signature is checked as well.
func TestAbsentAndNilVotes(t *testing.T) {
	for _, flag := range []cmttypes.BlockIDFlag{cmttypes.BlockIDFlagAbsent, cmttypes.BlockIDFlagNil} {
		c := newTestChain(t, newSigners("val", 10, 10, 10, 10))
		c.voteFlag = voteFlags(3, flag)
		doc, err := lightproof.ProveCheckpoint(ctx, c, 10, 0, lightproof.BuildOptions{})
		require.NoError(t, err)
		bz := encode(t, doc)
		_, err = lightproof.VerifyFile(bz, genesisRoot(t, c), lightproof.Options{})
		require.NoError(t, err)
		if flag != cmttypes.BlockIDFlagNil {
			continue
		}
		// The nil vote's signature is not needed for 2/3, but a byte changed
		// in it fails.
		sig := doc.LightBlocks[1].SignedHeader.Commit.Signatures[3].Signature
		sig[0] ^= 1
		_, err = lightproof.Verify(doc, genesisRoot(t, c), lightproof.Options{})
		requireStep(t, err, lightproof.StepLight, "signature 3")
	}
}

// Trust roots from another chain fail at the root step: another chain id,
// or the same chain id with other validators or another genesis time.
func TestWrongTrustRoot(t *testing.T) {
	s := newSigners("val", 100)
	c := newTestChain(t, s)
	doc, err := lightproof.ProveCheckpoint(ctx, c, 10, 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	bz := encode(t, doc)
	for name, gen := range map[string][]byte{
		"another chain id":   genesisFile(t, "nexus-other-1", c.blockTime(1), s),
		"other validators":   genesisFile(t, c.chainID, c.blockTime(1), newSigners("other", 100)),
		"other power":        genesisFile(t, c.chainID, c.blockTime(1), newSigners("val", 101)),
		"another start time": genesisFile(t, c.chainID, c.blockTime(2), s),
	} {
		root, err := lightproof.TrustGenesis(gen)
		require.NoError(t, err)
		_, err = lightproof.VerifyFile(bz, root, lightproof.Options{})
		requireStep(t, err, lightproof.StepRoot)
		t.Logf("%s: %v", name, err)
	}
	_, err = lightproof.VerifyFile(bz, lightproof.TrustRoot{}, lightproof.Options{})
	requireStep(t, err, lightproof.StepRoot, "no trust root")
}

func TestTrustingPeriod(t *testing.T) {
	c := newTestChain(t, newSigners("val", 100))
	doc, err := lightproof.ProveCheckpoint(ctx, c, 10, 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	root := genesisRoot(t, c)
	at := c.blockTime(1)
	// Within the period: fine; the assumptions say so.
	res, err := lightproof.Verify(doc, root, lightproof.Options{TrustingPeriod: time.Hour, Now: at.Add(30 * time.Minute)})
	require.NoError(t, err)
	require.Contains(t, strings.Join(res.Assumptions, "\n"), "trusting period: 1h0m0s")
	// The root is older than the period: refused at the root.
	_, err = lightproof.Verify(doc, root, lightproof.Options{TrustingPeriod: time.Hour, Now: at.Add(2 * time.Hour)})
	requireStep(t, err, lightproof.StepRoot, "older than the trusting period")
	// With no bound (the default) any age is accepted.
	_, err = lightproof.Verify(doc, root, lightproof.Options{Now: at.Add(10 * 365 * 24 * time.Hour)})
	require.NoError(t, err)
	_, err = lightproof.Verify(doc, root, lightproof.Options{TrustingPeriod: -time.Second})
	requireStep(t, err, lightproof.StepDocument)
}

// The genesis root from gentxs: the set a fresh chain's InitChain makes
// (the consensus key of each MsgCreateValidator, power = bond / 10^6).
func TestTrustGenesisFromGentxs(t *testing.T) {
	s := newSigners("val", 100, 40)
	c := newTestChain(t, s)
	var gentxs []string
	for _, v := range s.set.Validators {
		key, err := json.Marshal(v.PubKey.Bytes())
		require.NoError(t, err)
		gentxs = append(gentxs, `{"body":{"messages":[{"@type":"/cosmos.staking.v1beta1.MsgCreateValidator","pubkey":{"@type":"/cosmos.crypto.ed25519.PubKey","key":`+string(key)+`},"value":{"denom":"ustake","amount":"`+strconv.FormatInt(v.VotingPower, 10)+`000000"}}]}}`)
	}
	appState := `{"genutil":{"gen_txs":[` + strings.Join(gentxs, ",") + `]},"staking":{"params":{"bond_denom":"ustake","max_validators":100}}}`
	gen := `{"genesis_time":"` + c.blockTime(1).Format(time.RFC3339Nano) + `","chain_id":"` + c.chainID + `","initial_height":1,"app_state":` + appState + `}`
	root, err := lightproof.TrustGenesis([]byte(gen))
	require.NoError(t, err)
	require.Equal(t, s.set.Hash(), root.Genesis.Validators.Hash())
	require.Contains(t, root.Describe(), "gentxs")

	doc, err := lightproof.ProveCheckpoint(ctx, c, 10, 0, lightproof.BuildOptions{})
	require.NoError(t, err)
	_, err = lightproof.Verify(doc, root, lightproof.Options{})
	require.NoError(t, err)

	for name, bad := range map[string]string{
		"no validators":      strings.Replace(gen, strings.Join(gentxs, ","), "", 1),
		"another bond denom": strings.Replace(gen, `"denom":"ustake"`, `"denom":"uazr"`, 1),
		"too many":           strings.Replace(gen, `"max_validators":100`, `"max_validators":1`, 1),
		"not json":           gen[:len(gen)-3],
		"no chain id":        strings.Replace(gen, `"chain_id":"`+c.chainID+`"`, `"chain_id":""`, 1),
	} {
		_, err := lightproof.TrustGenesis([]byte(bad))
		require.Error(t, err, name)
	}
}

func lightHeights(doc *lightproof.Document) []int64 {
	var hs []int64
	for _, lb := range doc.LightBlocks {
		hs = append(hs, lb.SignedHeader.Height)
	}
	return hs
}

func stepNames(res *lightproof.Result) []string {
	var out []string
	for _, s := range res.Steps {
		out = append(out, s.Name)
	}
	return out
}

func stepTexts(res *lightproof.Result) []string {
	var out []string
	for _, s := range res.Steps {
		out = append(out, s.Text)
	}
	return out
}

func allEntries(t *testing.T, c *testChain) []ledgertypes.JournalEntry {
	t.Helper()
	var out []ledgertypes.JournalEntry
	it, err := c.ta.LedgerKeeper.Entries.Iterate(c.ta.Ctx(), nil)
	require.NoError(t, err)
	defer func() { require.NoError(t, it.Close()) }()
	vs, err := it.Values()
	require.NoError(t, err)
	out = append(out, vs...)
	return out
}
