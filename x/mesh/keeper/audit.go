package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/x/mesh/types"
)

// getCursor returns the audit cursor of id; an id never registered has the
// zero cursor and found = false.
func (k Keeper) getCursor(ctx context.Context, id string) (types.AuditCursor, bool, error) {
	c, err := k.AuditCursors.Get(ctx, id)
	if err != nil {
		if isNotFound(err) {
			return types.AuditCursor{}, false, nil
		}
		return types.AuditCursor{}, false, err
	}
	return c, true, nil
}

// appendAudit appends e to the audit log of e.NodeId at the next sequence
// number and the current height, keeps at most retention entries of that
// id in state, and emits EventAuditEntryAppended with the full entry.
//
// The cost is O(1): one write for the entry, at most MaxAuditPrunePerWrite
// deletes of the oldest entries, one write of the cursor. While retention is
// unchanged each append removes exactly the one entry that fell out of the
// window; after retention is lowered, each append removes two until the log
// is back within the bound.
func (k Keeper) appendAudit(ctx context.Context, retention uint32, e types.AuditEntry) error {
	cur, _, err := k.getCursor(ctx, e.NodeId)
	if err != nil {
		return err
	}
	e.Seq = cur.NextSeq
	e.Height = sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := k.AuditLog.Set(ctx, collections.Join(e.NodeId, e.Seq), e); err != nil {
		return err
	}
	cur.NextSeq++
	for i := 0; i < types.MaxAuditPrunePerWrite && cur.NextSeq-cur.OldestSeq > uint64(retention); i++ {
		if err := k.AuditLog.Remove(ctx, collections.Join(e.NodeId, cur.OldestSeq)); err != nil {
			return err
		}
		cur.OldestSeq++
	}
	if err := k.AuditCursors.Set(ctx, e.NodeId, cur); err != nil {
		return err
	}
	return emit(ctx, types.NewEventAuditEntryAppended(e))
}
