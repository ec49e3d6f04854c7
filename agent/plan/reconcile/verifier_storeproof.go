package reconcile

import (
	"context"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/azora-os/nexus/agent/chain"
	"github.com/azora-os/nexus/client/storeproof"
	ledgertypes "github.com/azora-os/nexus/x/ledger/types"
)

// This file is the one adapter between the reconciler and the proof code.
// It proves a checkpoint with client/storeproof as it is today: the value
// at height H with prove=true, the signed header of H+1 checked against the
// validator set the node serves (> 2/3 of the power signed, every signature
// verified), and the ICS-23 proofs up to that header's app hash. When
// client/storeproof becomes the trust-rooted offline verifier, only this
// file changes.

// StoreproofVerifier proves checkpoints through the chain client's current
// endpoint.
type StoreproofVerifier struct {
	Client  *chain.Client
	ChainID string
	// Wait is how long to wait for block H+1's signed header.
	Wait time.Duration
}

var _ Verifier = (*StoreproofVerifier)(nil)

// VerifyCheckpoint implements Verifier.
func (v *StoreproofVerifier) VerifyCheckpoint(ctx context.Context, height int64) (ledgertypes.Checkpoint, string, error) {
	var (
		cp      ledgertypes.Checkpoint
		summary string
	)
	err := v.Client.Do(ctx, func(ctx context.Context, cn *chain.Conn) error {
		res, err := storeproof.Prove(ctx, cn.RPC, storeproof.Request{
			StoreName: ledgertypes.StoreKey,
			Key:       ledgertypes.CheckpointStoreKey(height),
			Describe:  fmt.Sprintf("checkpoint at height %d", height),
			Height:    height,
			ChainID:   v.ChainID,
			Wait:      v.Wait,
		})
		if err != nil {
			return err
		}
		if !res.Exists {
			return fmt.Errorf("%w: no checkpoint at height %d (absence proven against block %d)", ErrProof, height, res.HeaderHeight)
		}
		if res.HeaderHeight != height+1 {
			return fmt.Errorf("%w: checkpoint %d proven against block %d, want %d", ErrProof, height, res.HeaderHeight, height+1)
		}
		if err := cp.Unmarshal(res.Value); err != nil {
			return fmt.Errorf("%w: decode checkpoint %d: %s", ErrProof, height, err)
		}
		if cp.Height != height {
			return fmt.Errorf("%w: the proven value is checkpoint %d, want %d", ErrProof, cp.Height, height)
		}
		if err := cp.VerifyCheckpoint(nil); err != nil {
			return fmt.Errorf("%w: %s", ErrProof, err)
		}
		summary = fmt.Sprintf("checkpoint %d proven: ICS-23 proof to app hash %s of block %d, signed by %d of %d voting power",
			height, hex.EncodeToString(res.AppHash), res.HeaderHeight, res.SignedPower, res.TotalPower)
		return nil
	})
	return cp, summary, err
}
