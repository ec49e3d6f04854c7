package lightproof

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cometbft/cometbft/light"
	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/azora-os/nexus/client/storeproof"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
	meshtypes "github.com/azora-os/nexus/x/mesh/types"
)

// The steps of a verification, in order. A failure names its step
// (StepError.Step).
const (
	// StepDocument checks the document's shape: one subject, light blocks
	// in increasing height that each carry a well-formed signed header of
	// the document's chain, a store proof of the subject's key at the state
	// committed by the last block.
	StepDocument = "document"
	// StepRoot checks the first light block against the trust root.
	StepRoot = "root"
	// StepLight verifies each next light block from the previous one with
	// CometBFT's light-client rules.
	StepLight = "light"
	// StepStore runs the ICS-23 proof up to the last block's app hash.
	StepStore = "store"
	// StepCheckpoint, StepEntry, StepNode and StepJournal check the proven
	// value as what the subject says it is.
	StepCheckpoint = "checkpoint"
	StepEntry      = "entry"
	StepNode       = "node"
	StepJournal    = "journal"
)

// StepError is a failed verification: the step that failed and why.
type StepError struct {
	Step string
	Err  error
}

func (e *StepError) Error() string {
	return fmt.Sprintf("verification failed at step %q: %v", e.Step, e.Err)
}

// Unwrap returns the cause.
func (e *StepError) Unwrap() error { return e.Err }

func fail(step string, err error) error { return &StepError{Step: step, Err: err} }

func failf(step, format string, args ...any) error {
	return &StepError{Step: step, Err: fmt.Errorf(format, args...)}
}

// Options tune Verify.
type Options struct {
	// TrustingPeriod bounds how old a trusted block may be, measured against
	// Now, when it vouches for the next one (CometBFT's light-client
	// trusting period). 0 means no bound: see DefaultTrustingPeriod.
	TrustingPeriod time.Duration
	// Now is the time the trusting period is measured against; zero means
	// the verifier's clock.
	Now time.Time
}

// DefaultTrustingPeriod is 0: no bound. A live light client bounds the age
// of its trusted header by the unbonding period, because validators that
// have unbonded can sign a false history without being slashed. An auditor
// checks history offline, often long after the fact, and Nexus's validators
// are admitted by the authority; so by default a trusted block vouches for
// later ones however old it is, and the verifier says so among its
// assumptions. Pass a period (e.g. 504h, the unbonding time) to bound it.
const DefaultTrustingPeriod time.Duration = 0

// unbounded stands for "no bound" in the light package's time checks
// (about 146 years).
const unbounded = time.Duration(1 << 62)

// Step is one verification step and what it established.
type Step struct {
	Name string `json:"step"`
	Text string `json:"result"`
}

// Result is what Verify established.
type Result struct {
	// Subject is what was proven.
	Subject Subject
	// ChainID is the chain.
	ChainID string
	// Exists is false when the document proves that the subject is absent
	// (Verify then also returns a not-found error).
	Exists bool
	// StateHeight is the height of the proven state; Block is block
	// StateHeight+1, whose app hash commits to it.
	StateHeight int64
	Block       BlockInfo
	// Path are the heights of the light blocks verified, root first.
	Path []int64
	// Value is the proven raw value.
	Value []byte
	// Decoded values, by subject.
	Checkpoint *ledgertypes.Checkpoint
	Entry      *ledgertypes.JournalEntry
	Node       *meshtypes.Node
	Journal    *JournalResult
	// Steps are the checks made, in order.
	Steps []Step
	// Assumptions are what the verification rests on besides the checks.
	Assumptions []string
	// Root describes the trust root used.
	Root string
	// Next is the verified last block as a trust root for a later proof
	// (its height, hash and validator set): a client that keeps it verifies
	// the next proof from there instead of from its original root.
	Next TrustRoot
}

// BlockInfo identifies a verified block.
type BlockInfo struct {
	Height  int64
	Hash    []byte
	Time    time.Time
	AppHash []byte
}

// JournalResult is a verified journal export.
type JournalResult struct {
	// Anchor is the checkpoint before the first exported period (nil when
	// that period is the chain's first).
	Anchor *ledgertypes.Checkpoint
	// Checkpoints cover the exported entries, oldest first; the last is the
	// proven one.
	Checkpoints []ledgertypes.Checkpoint
	// Entries are every entry of their periods.
	Entries []ledgertypes.JournalEntry
	// FirstHeight and LastHeight are the heights the periods cover.
	FirstHeight, LastHeight int64
}

// verifiedBlock is a light block whose header has been verified and whose
// validator set is known.
type verifiedBlock struct {
	sh   *cmttypes.SignedHeader
	vals *cmttypes.ValidatorSet
}

// VerifyFile parses a proof file (Parse) and verifies it (Verify).
func VerifyFile(bz []byte, root TrustRoot, opts Options) (*Result, error) {
	doc, err := Parse(bz)
	if err != nil {
		return nil, fail(StepDocument, err)
	}
	return Verify(doc, root, opts)
}

// Verify checks a proof document against a trust root with no network
// access and returns what it proved:
//
//  1. document  the document is well formed (StepDocument);
//  2. root      its first light block is the root's: for a genesis, the
//     chain's first block (height, chain id, time, the genesis
//     validators' set hash), signed by more than 2/3 of their power;
//     for a trusted block, a header with the trusted hash;
//  3. light     each next light block is verified from the previous one
//     with CometBFT's light package: VerifyAdjacent for consecutive
//     heights, VerifyNonAdjacent (trust level 1/3) for skips;
//  4. store     the ICS-23 proof computes the last block's app hash from
//     the value (the state after the block before it);
//  5. subject   the value is what the subject says (checkpoint, entry,
//     node, or a journal whose entries recompute the proven
//     checkpoint's hash chain).
//
// Every commit's signatures are all verified (not only the first 2/3), so
// no byte of a parsed document goes unchecked. A failure is a *StepError.
// A document proving that its subject is absent returns the result and a
// not-found error of the subject's module (e.g. ErrCheckpointNotFound).
func Verify(doc *Document, root TrustRoot, opts Options) (*Result, error) {
	if doc == nil {
		return nil, failf(StepDocument, "no document")
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	period := opts.TrustingPeriod
	if period < 0 {
		return nil, failf(StepDocument, "negative trusting period %s", period)
	}
	if period == 0 {
		period = unbounded
	}

	spec, err := checkDocument(doc)
	if err != nil {
		return nil, fail(StepDocument, err)
	}
	res := &Result{Subject: doc.Subject, ChainID: doc.ChainID, StateHeight: doc.StoreProof.Height}
	res.Steps = append(res.Steps, Step{StepDocument, fmt.Sprintf("%s of chain %s: %d light block(s) at heights %s, %s proof of %s key %x at height %d",
		doc.Subject.Describe(), doc.ChainID, len(doc.LightBlocks), heights(doc.LightBlocks), presence(doc.StoreProof.Exists), spec.store, spec.key, doc.StoreProof.Height)})

	// 2. root
	first, rootText, err := verifyRoot(doc, root, now, opts.TrustingPeriod)
	if err != nil {
		return nil, fail(StepRoot, err)
	}
	res.Root = root.Describe()
	res.Steps = append(res.Steps, Step{StepRoot, rootText})
	res.Path = append(res.Path, first.sh.Height)

	// 3. light
	trusted := first
	for i := 1; i < len(doc.LightBlocks); i++ {
		lb := doc.LightBlocks[i]
		vals := lb.ValidatorSet
		if vals == nil {
			vals = trusted.vals
		}
		next := &verifiedBlock{sh: lb.SignedHeader, vals: vals}
		text, err := verifyHop(doc.ChainID, trusted, next, period, now)
		if err != nil {
			return nil, failf(StepLight, "block %d -> block %d: %w", trusted.sh.Height, next.sh.Height, err)
		}
		res.Steps = append(res.Steps, Step{StepLight, text})
		res.Path = append(res.Path, next.sh.Height)
		trusted = next
	}
	last := trusted
	res.Block = BlockInfo{Height: last.sh.Height, Hash: last.sh.Hash(), Time: last.sh.Time, AppHash: last.sh.AppHash}
	res.Next = TrustRoot{Height: last.sh.Height, Hash: last.sh.Hash(), Validators: last.vals}

	// 4. store
	sp := doc.StoreProof
	storeText, err := storeproof.VerifyAgainst(sp.proofOps(), last.sh.AppHash, last.sh.Height, sp.Store, sp.Key, sp.value())
	if err != nil {
		return nil, fail(StepStore, err)
	}
	res.Steps = append(res.Steps, Step{StepStore, fmt.Sprintf("%s key %x at height %d: %s", sp.Store, []byte(sp.Key), sp.Height, storeText)})
	res.Exists = sp.Exists
	res.Value = sp.value()

	// 5. subject
	absent, err := spec.check(res, doc)
	if err != nil {
		return nil, err
	}
	res.Assumptions = assumptions(root, opts.TrustingPeriod, now, res)
	return res, absent
}

// checkDocument checks the document's shape and returns its subject's
// store key and check.
func checkDocument(doc *Document) (*subjectSpec, error) {
	if doc.Format != Format {
		return nil, fmt.Errorf("format %q, want %q", doc.Format, Format)
	}
	if doc.ChainID == "" {
		return nil, errors.New("no chain id")
	}
	spec, err := specFor(doc)
	if err != nil {
		return nil, err
	}
	if len(doc.LightBlocks) == 0 {
		return nil, errors.New("no light blocks")
	}
	if doc.LightBlocks[0].ValidatorSet == nil {
		return nil, errors.New("the first light block carries no validator set")
	}
	for i, lb := range doc.LightBlocks {
		sh := lb.SignedHeader
		if sh == nil || sh.Header == nil || sh.Commit == nil {
			return nil, fmt.Errorf("light block %d: no signed header", i)
		}
		if i > 0 && sh.Height <= doc.LightBlocks[i-1].SignedHeader.Height {
			return nil, fmt.Errorf("light block %d: height %d does not follow %d", i, sh.Height, doc.LightBlocks[i-1].SignedHeader.Height)
		}
	}
	sp := doc.StoreProof
	lastHeight := doc.LightBlocks[len(doc.LightBlocks)-1].SignedHeader.Height
	if sp.Height != lastHeight-1 {
		return nil, fmt.Errorf("the store proof is at height %d, but the last light block is %d: it must be block %d, whose app hash commits to the state after block %d", sp.Height, lastHeight, sp.Height+1, sp.Height)
	}
	if sp.Store != spec.store || !bytes.Equal(sp.Key, spec.key) {
		return nil, fmt.Errorf("the store proof is of %s key %x, but %s is %s key %x", sp.Store, []byte(sp.Key), doc.Subject.Describe(), spec.store, spec.key)
	}
	if sp.Exists != (len(sp.Value) > 0) {
		return nil, fmt.Errorf("the store proof says exists=%t with a %d-byte value", sp.Exists, len(sp.Value))
	}
	if !sp.Exists && !spec.absenceOK {
		return nil, fmt.Errorf("%s: an absence proof proves nothing here", doc.Subject.Describe())
	}
	if len(sp.ProofOps) == 0 {
		return nil, errors.New("the store proof has no proof ops")
	}
	return spec, nil
}

// verifyRoot checks the first light block against the root and returns it
// verified.
func verifyRoot(doc *Document, root TrustRoot, now time.Time, period time.Duration) (*verifiedBlock, string, error) {
	lb := doc.LightBlocks[0]
	sh := lb.SignedHeader
	vals := lb.ValidatorSet
	if err := sh.ValidateBasic(doc.ChainID); err != nil {
		return nil, "", fmt.Errorf("block %d: %w", sh.Height, err)
	}
	var text string
	switch {
	case root.Genesis != nil:
		g := root.Genesis
		if doc.ChainID != g.ChainID {
			return nil, "", fmt.Errorf("the proof is for chain %q, the genesis is chain %q's", doc.ChainID, g.ChainID)
		}
		if sh.Height != g.InitialHeight {
			return nil, "", fmt.Errorf("the proof's light path starts at block %d, not at the genesis's first block %d: write it with this genesis as its trust root", sh.Height, g.InitialHeight)
		}
		if !bytes.Equal(sh.ValidatorsHash, g.Validators.Hash()) {
			return nil, "", fmt.Errorf("block %d's validator set hash %X is not the genesis validators' %X: not this genesis's chain", sh.Height, sh.ValidatorsHash, g.Validators.Hash())
		}
		if !sh.Time.Equal(g.Time) {
			return nil, "", fmt.Errorf("block %d has time %s, but the genesis time is %s: not this genesis's chain", sh.Height, sh.Time.UTC().Format(time.RFC3339Nano), g.Time.UTC().Format(time.RFC3339Nano))
		}
		if !bytes.Equal(vals.Hash(), g.Validators.Hash()) {
			return nil, "", fmt.Errorf("the validator set given for block %d (hash %X) is not the genesis validators' (%X)", sh.Height, vals.Hash(), g.Validators.Hash())
		}
		vals = g.Validators
		text = fmt.Sprintf("block %d (hash %X, %s) is the genesis's first block: chain %s, the genesis time, and validator set hash %X = the genesis validators' (%d, from %s)",
			sh.Height, sh.Hash(), sh.Time.UTC().Format(time.RFC3339Nano), g.ChainID, sh.ValidatorsHash, g.Validators.Size(), g.ValidatorsFrom)
	case len(root.Hash) > 0:
		if sh.Height != root.Height {
			return nil, "", fmt.Errorf("the proof's light path starts at block %d, not at the trusted block %d: write it with that trusted block as its root", sh.Height, root.Height)
		}
		if !bytes.Equal(sh.Hash(), root.Hash) {
			return nil, "", fmt.Errorf("block %d has hash %X, not the trusted hash %X", sh.Height, sh.Hash(), root.Hash)
		}
		if root.Validators != nil && !bytes.Equal(root.Validators.Hash(), sh.ValidatorsHash) {
			return nil, "", fmt.Errorf("the trusted validator set (hash %X) is not block %d's (%X)", root.Validators.Hash(), sh.Height, sh.ValidatorsHash)
		}
		if !bytes.Equal(vals.Hash(), sh.ValidatorsHash) {
			return nil, "", fmt.Errorf("the validator set given for block %d (hash %X) is not the one its header names (%X)", sh.Height, vals.Hash(), sh.ValidatorsHash)
		}
		text = fmt.Sprintf("block %d has the trusted hash %X (chain %s, %s); its validator set hash %X matches the %d validator(s) given",
			sh.Height, root.Hash, sh.ChainID, sh.Time.UTC().Format(time.RFC3339Nano), sh.ValidatorsHash, vals.Size())
	default:
		return nil, "", errors.New("no trust root: a genesis file or a trusted block height and hash")
	}
	if period > 0 && light.HeaderExpired(sh, period, now) {
		return nil, "", fmt.Errorf("block %d (%s) is older than the trusting period %s", sh.Height, sh.Time.UTC().Format(time.RFC3339), period)
	}
	signed, total, err := verifyAllSignatures(doc.ChainID, sh, vals)
	if err != nil {
		return nil, "", fmt.Errorf("block %d commit: %w", sh.Height, err)
	}
	text += fmt.Sprintf("; signed by validators with %d of %d voting power (more than 2/3; every signature verified)", signed, total)
	return &verifiedBlock{sh: sh, vals: vals}, text, nil
}

// verifyHop verifies next from trusted with the light package, then checks
// every signature of next's commit, and says what it established.
func verifyHop(chainID string, trusted, next *verifiedBlock, period time.Duration, now time.Time) (string, error) {
	var (
		how string
		err error
	)
	if next.sh.Height == trusted.sh.Height+1 {
		how = "adjacent (light.VerifyAdjacent: its validator set is the one the trusted header named as next)"
		err = light.VerifyAdjacent(trusted.sh, next.sh, next.vals, period, now, unbounded)
	} else {
		how = "skipping (light.VerifyNonAdjacent, trust level 1/3"
		err = light.VerifyNonAdjacent(trusted.sh, trusted.vals, next.sh, next.vals, period, now, unbounded, light.DefaultTrustLevel)
		if err == nil {
			tp, tt := powerOf(trusted.vals, next.sh.Commit)
			how += fmt.Sprintf(": validators of block %d with %d of %d voting power signed it", trusted.sh.Height, tp, tt)
		}
		how += ")"
	}
	if err != nil {
		return "", err
	}
	signed, total, err := verifyAllSignatures(chainID, next.sh, next.vals)
	if err != nil {
		return "", err
	}
	changed := "same validator set"
	if !bytes.Equal(next.vals.Hash(), trusted.vals.Hash()) {
		changed = fmt.Sprintf("validator set changed to %X (%d validators)", next.vals.Hash(), next.vals.Size())
	}
	return fmt.Sprintf("block %d -> block %d (hash %X, %s, app hash %X): %s; %s, which signed it with %d of %d voting power (more than 2/3; every signature verified)",
		trusted.sh.Height, next.sh.Height, next.sh.Hash(), next.sh.Time.UTC().Format(time.RFC3339Nano), next.sh.AppHash, how, changed, signed, total), nil
}

// verifyAllSignatures checks a header's commit against its own validator
// set: the set is the one the header names, every signature present
// (commit and nil votes alike) is valid, and the commit votes hold more than
// 2/3 of the power. The light package stops at 2/3; this checks all, so a
// byte changed in any signature fails.
func verifyAllSignatures(chainID string, sh *cmttypes.SignedHeader, vals *cmttypes.ValidatorSet) (signed, total int64, err error) {
	if vals == nil {
		return 0, 0, errors.New("no validator set")
	}
	if !bytes.Equal(vals.Hash(), sh.ValidatorsHash) {
		return 0, 0, fmt.Errorf("the validator set (hash %X) is not the one block %d names (%X)", vals.Hash(), sh.Height, sh.ValidatorsHash)
	}
	if err := vals.VerifyCommitLightAllSignatures(chainID, sh.Commit.BlockID, sh.Height, sh.Commit); err != nil {
		return 0, 0, err
	}
	for idx, cs := range sh.Commit.Signatures {
		switch cs.BlockIDFlag {
		case cmttypes.BlockIDFlagAbsent:
			continue
		case cmttypes.BlockIDFlagCommit, cmttypes.BlockIDFlagNil:
		default:
			return 0, 0, fmt.Errorf("signature %d: unknown block id flag %d", idx, cs.BlockIDFlag)
		}
		val := vals.Validators[idx]
		if !bytes.Equal(val.Address, cs.ValidatorAddress) {
			return 0, 0, fmt.Errorf("signature %d is from %X, the validator at that index is %X", idx, cs.ValidatorAddress, val.Address)
		}
		if !val.PubKey.VerifySignature(sh.Commit.VoteSignBytes(chainID, int32(idx)), cs.Signature) { //nolint:gosec // idx < len(signatures) = set size
			return 0, 0, fmt.Errorf("signature %d (validator %X) does not verify", idx, val.Address)
		}
		if cs.BlockIDFlag == cmttypes.BlockIDFlagCommit {
			signed += val.VotingPower
		}
	}
	return signed, vals.TotalVotingPower(), nil
}

// powerOf tallies the power of vals among the commit's signers (by
// address); the signatures are verified elsewhere.
func powerOf(vals *cmttypes.ValidatorSet, commit *cmttypes.Commit) (signed, total int64) {
	for _, cs := range commit.Signatures {
		if cs.BlockIDFlag != cmttypes.BlockIDFlagCommit {
			continue
		}
		if _, v := vals.GetByAddress(cs.ValidatorAddress); v != nil {
			signed += v.VotingPower
		}
	}
	return signed, vals.TotalVotingPower()
}

func assumptions(root TrustRoot, period time.Duration, now time.Time, res *Result) []string {
	var out []string
	if g := root.Genesis; g != nil {
		out = append(out, fmt.Sprintf("trust root: the genesis file you passed (sha256 %x) is the chain's: compare it with the genesis the chain published", g.FileSHA256))
	} else {
		out = append(out, fmt.Sprintf("trust root: block %d of the chain has hash %X, as you said", root.Height, root.Hash))
	}
	out = append(out, "validators: no set of validators holding more than 1/3 of the voting power of a trusted block signed a conflicting history (the light client's trust level 1/3); every block on the path was signed by more than 2/3 of its own validators")
	if period == 0 {
		out = append(out, "trusting period: none (the default): a trusted block vouches for later ones however old it is; this assumes its validators never sign a false history after they unbond (a long-range attack), which on Nexus rests on the authority's admission of validators; pass --trusting-period to bound it")
	} else {
		out = append(out, fmt.Sprintf("trusting period: %s: every trusted block was less than %s old at %s", period, period, now.UTC().Format(time.RFC3339)))
	}
	out = append(out,
		"clock: block times are not compared with this machine's clock (no clock-drift check offline)",
		"state: the app hash is what the validators committed to after executing the blocks; a proof shows what they signed, not that they executed the rules correctly",
		"network: none used; everything checked is in the file",
	)
	if res.Journal != nil {
		out = append(out, "journal: the entries are complete for the heights shown because their sequence numbers run without a gap and their hash chain ends at the proven checkpoint's entries hash")
	}
	return out
}

func heights(lbs []LightBlock) string {
	hs := make([]string, 0, len(lbs))
	for _, lb := range lbs {
		if lb.SignedHeader != nil {
			hs = append(hs, fmt.Sprint(lb.SignedHeader.Height))
		}
	}
	return strings.Join(hs, ", ")
}

func presence(exists bool) string {
	if exists {
		return "an existence"
	}
	return "an absence"
}

// VerifyCheckpoint verifies doc as a proof of x/ledger's checkpoint at
// height (0: whichever checkpoint it proves) and returns the checkpoint: the
// call for a client that reconciles against checkpoints (it refuses a
// document that proves anything else, or proves the checkpoint absent).
func VerifyCheckpoint(doc *Document, height int64, root TrustRoot, opts Options) (*ledgertypes.Checkpoint, *Result, error) {
	if doc == nil || doc.Subject.LedgerCheckpoint == nil || doc.Subject.kind() != "ledger_checkpoint" {
		return nil, nil, failf(StepDocument, "not a proof of a ledger checkpoint")
	}
	if height != 0 && doc.Subject.LedgerCheckpoint.Height != height {
		return nil, nil, failf(StepDocument, "a proof of checkpoint %d, not %d", doc.Subject.LedgerCheckpoint.Height, height)
	}
	res, err := Verify(doc, root, opts)
	if err != nil {
		return nil, res, err
	}
	return res.Checkpoint, res, nil
}
