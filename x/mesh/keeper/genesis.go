package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/azora-os/nexus/types/roles"
	"github.com/azora-os/nexus/x/mesh/types"
)

// InitGenesis writes a validated genesis state. The owner aggregates are
// derived from the nodes.
func (k Keeper) InitGenesis(ctx context.Context, gs types.GenesisState) error {
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	grants := make([]roles.Grant[types.Role], 0, len(gs.Roles))
	for _, r := range gs.Roles {
		addr, err := k.addressCodec.StringToBytes(r.Address)
		if err != nil {
			return fmt.Errorf("role %s: %w", r.Address, err)
		}
		grants = append(grants, roles.Grant[types.Role]{Role: r.Role, Address: addr})
	}
	if err := k.roles.Import(ctx, grants); err != nil {
		return err
	}
	for _, n := range gs.Nodes {
		owner, err := k.ownerBytes(n)
		if err != nil {
			return fmt.Errorf("node %q owner: %w", n.Id, err)
		}
		if err := k.Nodes.Set(ctx, n.Id, n); err != nil {
			return err
		}
		if err := k.adjustOwnerStats(ctx, owner, n.Type, +1, 0, n.Reputation); err != nil {
			return err
		}
	}
	for _, c := range gs.AuditCursors {
		if err := k.AuditCursors.Set(ctx, c.NodeId, c.Cursor); err != nil {
			return err
		}
	}
	for _, e := range gs.AuditLog {
		if err := k.AuditLog.Set(ctx, collections.Join(e.NodeId, e.Seq), e); err != nil {
			return err
		}
	}
	for _, r := range gs.ModelRecords {
		if err := k.ModelRecords.Set(ctx, collections.Join3(r.NodeId, r.Model, r.Version), r); err != nil {
			return err
		}
	}
	for _, r := range gs.ReporterScores {
		reporter, err := k.addressCodec.StringToBytes(r.Reporter)
		if err != nil {
			return fmt.Errorf("reporter score %q reporter: %w", r.NodeId, err)
		}
		if err := k.ReporterScores.Set(ctx, collections.Join(r.NodeId, sdk.AccAddress(reporter)), r); err != nil {
			return err
		}
	}
	for _, u := range gs.UsedActions {
		reporter, err := k.addressCodec.StringToBytes(u.Reporter)
		if err != nil {
			return fmt.Errorf("used action %q reporter: %w", u.ActionId, err)
		}
		if err := k.UsedActions.Set(ctx, collections.Join(sdk.AccAddress(reporter), u.ActionId), u.Height); err != nil {
			return err
		}
	}
	return nil
}

// ExportGenesis walks every collection in key order: roles by (role,
// address), nodes by id, cursors by id, audit entries by (id, seq), used
// action ids by (reporter, id), model records by (id, model, version),
// reporter scores by (id, reporter).
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	gs := &types.GenesisState{Params: params}

	grants, err := k.roles.Export(ctx)
	if err != nil {
		return nil, err
	}
	for _, g := range grants {
		addr, err := k.addressCodec.BytesToString(g.Address)
		if err != nil {
			return nil, err
		}
		gs.Roles = append(gs.Roles, types.RoleGrant{Role: g.Role, Address: addr})
	}
	err = k.Nodes.Walk(ctx, nil, func(_ string, n types.Node) (bool, error) {
		gs.Nodes = append(gs.Nodes, n)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.AuditCursors.Walk(ctx, nil, func(id string, c types.AuditCursor) (bool, error) {
		gs.AuditCursors = append(gs.AuditCursors, types.GenesisAuditCursor{NodeId: id, Cursor: c})
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.AuditLog.Walk(ctx, nil, func(_ collections.Pair[string, uint64], e types.AuditEntry) (bool, error) {
		gs.AuditLog = append(gs.AuditLog, e)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.UsedActions.Walk(ctx, nil, func(key collections.Pair[sdk.AccAddress, string], h int64) (bool, error) {
		reporter, err := k.addressCodec.BytesToString(key.K1())
		if err != nil {
			return true, err
		}
		gs.UsedActions = append(gs.UsedActions, types.UsedAction{Reporter: reporter, ActionId: key.K2(), Height: h})
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.ModelRecords.Walk(ctx, nil, func(_ collections.Triple[string, string, uint64], r types.ModelRecord) (bool, error) {
		gs.ModelRecords = append(gs.ModelRecords, r)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.ReporterScores.Walk(ctx, nil, func(_ collections.Pair[string, sdk.AccAddress], r types.ReporterScore) (bool, error) {
		gs.ReporterScores = append(gs.ReporterScores, r)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return gs, nil
}
