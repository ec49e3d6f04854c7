package reconcile

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	cmtjson "github.com/cometbft/cometbft/libs/json"

	"github.com/azora-os/nexus/agent/chain"
	"github.com/azora-os/nexus/client/lightproof"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
)

// This file is the one adapter between the reconciler and the proof code:
// client/lightproof, the same verifier `nexusd verify-proof` runs offline.
// Each checkpoint is fetched as a proof document (its ICS-23 store proof and
// the signed headers, commits and validator sets from the trust root to
// block H+1) and verified with CometBFT's light-client rules. The trust root
// is the genesis file the operator configured (plan.reconcile.trust_genesis)
// or, when none is configured, the genesis the first node serves (trust on
// first use, said in every summary). After each verified checkpoint the root
// moves forward to the verified block (lightproof's Result.Next), so the
// next proof needs a one-block path and no node is ever trusted for a
// validator set.

// LightproofVerifier proves checkpoints through the chain client's current
// endpoint and verifies them from a trust root.
type LightproofVerifier struct {
	Client  *chain.Client
	ChainID string
	// GenesisFile is the trusted genesis; empty: the genesis the node serves.
	GenesisFile string
	// Wait is how long to wait for block H+1's signed header.
	Wait time.Duration

	mu   sync.Mutex
	root *lightproof.TrustRoot
	tofu bool
}

var _ Verifier = (*LightproofVerifier)(nil)

// trustRoot returns the current root, loading it on first use.
func (v *LightproofVerifier) trustRoot(ctx context.Context, cn *chain.Conn) (lightproof.TrustRoot, error) {
	if v.root != nil {
		return *v.root, nil
	}
	var (
		bz  []byte
		err error
	)
	if v.GenesisFile != "" {
		if bz, err = os.ReadFile(v.GenesisFile); err != nil {
			return lightproof.TrustRoot{}, fmt.Errorf("%w: trust root: %s", ErrProof, err)
		}
	} else {
		res, err := cn.RPC.Genesis(ctx)
		if err != nil {
			return lightproof.TrustRoot{}, fmt.Errorf("trust root: genesis from the node: %w", err)
		}
		if bz, err = cmtjson.Marshal(res.Genesis); err != nil {
			return lightproof.TrustRoot{}, fmt.Errorf("trust root: encode the node's genesis: %w", err)
		}
		v.tofu = true
	}
	root, err := lightproof.TrustGenesis(bz)
	if err != nil {
		return lightproof.TrustRoot{}, fmt.Errorf("%w: trust root: %s", ErrProof, err)
	}
	if root.Genesis.ChainID != v.ChainID {
		return lightproof.TrustRoot{}, fmt.Errorf("%w: trust root: the genesis is of chain %q, the agent follows %q", ErrProof, root.Genesis.ChainID, v.ChainID)
	}
	v.root = &root
	return root, nil
}

// VerifyCheckpoint implements Verifier.
func (v *LightproofVerifier) VerifyCheckpoint(ctx context.Context, height int64) (ledgertypes.Checkpoint, string, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var (
		cp      ledgertypes.Checkpoint
		summary string
	)
	err := v.Client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		root, err := v.trustRoot(ctx, cn)
		if err != nil {
			return err
		}
		if height < root.Height {
			return fmt.Errorf("%w: checkpoint %d is below the trust root (block %d): the light client only verifies forward", ErrProof, height, root.Height)
		}
		doc, err := lightproof.ProveCheckpoint(ctx, cn.RPC, height, 0, lightproof.BuildOptions{From: root.Height, Wait: v.Wait})
		if err != nil {
			return err
		}
		got, res, err := lightproof.VerifyCheckpoint(doc, height, root, lightproof.Options{})
		if err != nil {
			// A *lightproof.StepError names the step that failed.
			return fmt.Errorf("%w: checkpoint %d: %s", ErrProof, height, err)
		}
		if err := got.VerifyCheckpoint(nil); err != nil {
			return fmt.Errorf("%w: %s", ErrProof, err)
		}
		from := "the configured genesis file"
		if v.tofu {
			from = "the genesis served by the node at start (trust on first use)"
		}
		summary = fmt.Sprintf("checkpoint %d proven with CometBFT light-client verification from block %d (trust root: %s); ICS-23 proof to the app hash of block %d",
			height, root.Height, from, height+1)
		next := res.Next
		v.root = &next
		cp = *got
		return nil
	})
	return cp, summary, err
}
