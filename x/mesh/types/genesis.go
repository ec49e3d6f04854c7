package types

import (
	"fmt"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// DefaultGenesis returns the default genesis: default params, no roles and
// no nodes.
func DefaultGenesis() *GenesisState {
	return &GenesisState{Params: DefaultParams()}
}

// Validate checks the genesis state: params, roles, nodes, audit cursors and
// audit entries, and their cross-references. fmt.Errorf is allowed here
// (STYLE.md §5): genesis validation is not a tx path.
func (gs GenesisState) Validate() error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}

	roles := make(map[string]struct{}, len(gs.Roles))
	for i, r := range gs.Roles {
		if err := ValidateRole(r.Role); err != nil {
			return fmt.Errorf("roles[%d]: %w", i, err)
		}
		if _, err := sdk.AccAddressFromBech32(r.Address); err != nil {
			return fmt.Errorf("roles[%d]: address %q: %w", i, r.Address, err)
		}
		k := r.Role.String() + "/" + r.Address
		if _, dup := roles[k]; dup {
			return fmt.Errorf("roles[%d]: %s is granted twice to %s", i, r.Role, r.Address)
		}
		roles[k] = struct{}{}
	}

	nodes := make(map[string]struct{}, len(gs.Nodes))
	for i, n := range gs.Nodes {
		if err := n.Validate(gs.Params); err != nil {
			return fmt.Errorf("nodes[%d]: %w", i, err)
		}
		if _, dup := nodes[n.Id]; dup {
			return fmt.Errorf("nodes[%d]: duplicate node id %q", i, n.Id)
		}
		nodes[n.Id] = struct{}{}
	}

	cursors := make(map[string]AuditCursor, len(gs.AuditCursors))
	for i, c := range gs.AuditCursors {
		if err := ValidateNodeID(c.NodeId); err != nil {
			return fmt.Errorf("audit_cursors[%d]: %w", i, err)
		}
		if _, dup := cursors[c.NodeId]; dup {
			return fmt.Errorf("audit_cursors[%d]: duplicate cursor for %q", i, c.NodeId)
		}
		if c.Cursor.NextSeq == 0 {
			return fmt.Errorf("audit_cursors[%d]: %q: next_seq 0 (a registration always appends an entry)", i, c.NodeId)
		}
		if c.Cursor.OldestSeq > c.Cursor.NextSeq {
			return fmt.Errorf("audit_cursors[%d]: %q: oldest_seq %d > next_seq %d", i, c.NodeId, c.Cursor.OldestSeq, c.Cursor.NextSeq)
		}
		cursors[c.NodeId] = c.Cursor
	}

	type entryKey struct {
		id  string
		seq uint64
	}
	entries := make(map[entryKey]struct{}, len(gs.AuditLog))
	for i, e := range gs.AuditLog {
		c, ok := cursors[e.NodeId]
		if !ok {
			return fmt.Errorf("audit_log[%d]: node id %q has no audit cursor", i, e.NodeId)
		}
		if e.Seq < c.OldestSeq || e.Seq >= c.NextSeq {
			return fmt.Errorf("audit_log[%d]: %q seq %d outside the cursor's [%d, %d)", i, e.NodeId, e.Seq, c.OldestSeq, c.NextSeq)
		}
		k := entryKey{e.NodeId, e.Seq}
		if _, dup := entries[k]; dup {
			return fmt.Errorf("audit_log[%d]: duplicate entry %q seq %d", i, e.NodeId, e.Seq)
		}
		entries[k] = struct{}{}
		if err := e.Validate(); err != nil {
			return fmt.Errorf("audit_log[%d]: %w", i, err)
		}
	}

	if err := gs.validateModelsAndReporters(); err != nil {
		return err
	}

	used := make(map[string]struct{}, len(gs.UsedActions))
	for i, u := range gs.UsedActions {
		if _, err := sdk.AccAddressFromBech32(u.Reporter); err != nil {
			return fmt.Errorf("used_actions[%d]: reporter %q: %w", i, u.Reporter, err)
		}
		if err := ValidateActionID(u.ActionId); err != nil {
			return fmt.Errorf("used_actions[%d]: %w", i, err)
		}
		if u.Height < 0 {
			return fmt.Errorf("used_actions[%d]: negative height %d", i, u.Height)
		}
		k := u.Reporter + "/" + u.ActionId
		if _, dup := used[k]; dup {
			return fmt.Errorf("used_actions[%d]: %s used action id %q twice", i, u.Reporter, u.ActionId)
		}
		used[k] = struct{}{}
	}
	return nil
}

// Validate checks a node against the params: id, type, owner, metadata
// size, reputation range and its model entries (sorted by name, unique,
// bounded, versions summing to feedback_count).
func (n Node) Validate(p Params) error {
	if err := ValidateNodeID(n.Id); err != nil {
		return err
	}
	if err := ValidateNodeType(n.Type); err != nil {
		return fmt.Errorf("node %q: %w", n.Id, err)
	}
	if _, err := sdk.AccAddressFromBech32(n.Owner); err != nil {
		return fmt.Errorf("node %q: owner %q: %w", n.Id, n.Owner, err)
	}
	if len(n.Metadata) > int(p.MaxMetadataBytes) {
		return fmt.Errorf("node %q: %w: %d bytes > %d", n.Id, ErrMetadataTooLong, len(n.Metadata), p.MaxMetadataBytes)
	}
	if n.Reputation > MaxReputation {
		return fmt.Errorf("node %q: reputation %d > %d", n.Id, n.Reputation, MaxReputation)
	}
	if len(n.Models) > int(p.MaxModelsPerNode) {
		return fmt.Errorf("node %q: %w: %d > %d", n.Id, ErrTooManyModels, len(n.Models), p.MaxModelsPerNode)
	}
	// Against the fixed bound, not the param: lowering max_reporters_per_node
	// keeps the reporters a node has (new ones are refused).
	if n.ReporterCount > MaxReportersPerNodeLimit {
		return fmt.Errorf("node %q: %w: %d > %d", n.Id, ErrTooManyReporters, n.ReporterCount, MaxReportersPerNodeLimit)
	}
	var feedbacks uint64
	for j, m := range n.Models {
		if err := ValidateModelName(m.Name); err != nil {
			return fmt.Errorf("node %q: models[%d]: %w", n.Id, j, err)
		}
		if j > 0 && n.Models[j-1].Name >= m.Name {
			return fmt.Errorf("node %q: models not sorted by name or duplicated at %q", n.Id, m.Name)
		}
		if m.Version == 0 && m.FeedbackCount == 0 {
			return fmt.Errorf("node %q: model %q has neither a committed version nor feedback", n.Id, m.Name)
		}
		if m.Version == 0 {
			if m.ParamsHash != "" || m.OldestVersion != 0 {
				return fmt.Errorf("node %q: model %q has no committed version but a params hash or oldest version", n.Id, m.Name)
			}
		} else {
			if err := ValidateParamsHash(m.ParamsHash); err != nil {
				return fmt.Errorf("node %q: model %q: %w", n.Id, m.Name, err)
			}
			if m.OldestVersion < 1 || m.OldestVersion > m.Version {
				return fmt.Errorf("node %q: model %q: oldest_version %d not in 1..%d", n.Id, m.Name, m.OldestVersion, m.Version)
			}
		}
		if m.LastScore > MaxReputation {
			return fmt.Errorf("node %q: model %q: last_score %d > %d", n.Id, m.Name, m.LastScore, MaxReputation)
		}
		feedbacks += m.FeedbackCount
	}
	if feedbacks != n.FeedbackCount {
		return fmt.Errorf("node %q: feedback_count %d differs from the sum of its models' feedback counts %d", n.Id, n.FeedbackCount, feedbacks)
	}
	if n.RegisteredHeight < 0 || n.UpdatedHeight < n.RegisteredHeight {
		return fmt.Errorf("node %q: heights registered %d, updated %d", n.Id, n.RegisteredHeight, n.UpdatedHeight)
	}
	return nil
}

// Validate checks an audit entry's own fields.
func (e AuditEntry) Validate() error {
	if err := ValidateNodeID(e.NodeId); err != nil {
		return err
	}
	switch e.Action {
	case AuditActionRegistered, AuditActionDeregistered, AuditActionConsentSet, AuditActionFeedback,
		AuditActionModelCommitted, AuditActionAnalysisRecorded:
	default:
		return fmt.Errorf("entry %q/%d: unknown action %d", e.NodeId, e.Seq, e.Action)
	}
	if _, err := sdk.AccAddressFromBech32(e.Actor); err != nil {
		return fmt.Errorf("entry %q/%d: actor %q: %w", e.NodeId, e.Seq, e.Actor, err)
	}
	if e.ReputationBefore > MaxReputation || e.ReputationAfter > MaxReputation {
		return fmt.Errorf("entry %q/%d: reputation out of range", e.NodeId, e.Seq)
	}
	switch e.Action {
	case AuditActionFeedback:
		if err := (FeedbackItem{NodeId: e.NodeId, Model: e.Model, Score: e.Score, EvidenceHash: e.EvidenceHash}).Validate(); err != nil {
			return fmt.Errorf("entry %q/%d: %w", e.NodeId, e.Seq, err)
		}
	case AuditActionModelCommitted:
		if err := ValidateModelName(e.Model); err != nil {
			return fmt.Errorf("entry %q/%d: %w", e.NodeId, e.Seq, err)
		}
		if e.ModelVersion == 0 {
			return fmt.Errorf("entry %q/%d: committed version 0", e.NodeId, e.Seq)
		}
		if err := ValidateParamsHash(e.ParamsHash); err != nil {
			return fmt.Errorf("entry %q/%d: %w", e.NodeId, e.Seq, err)
		}
	case AuditActionAnalysisRecorded:
		if e.Analysis == nil || len(e.Analysis.Inputs) == 0 {
			return fmt.Errorf("entry %q/%d: an analysis entry without the analysis's inputs", e.NodeId, e.Seq)
		}
		if e.Analysis.Score > MaxReputation {
			return fmt.Errorf("entry %q/%d: analysis score %d > %d", e.NodeId, e.Seq, e.Analysis.Score, MaxReputation)
		}
	}
	return nil
}

// validateModelsAndReporters checks the model records and the reporter
// scores against the nodes: each record is valid and unique, belongs to an
// id with an audit cursor, and — for a registered node — lies within its
// model entry's [oldest_version, version]; each reporter score belongs to a
// registered node, once per reporter, and a node's reporter_count and
// reputation are its scores' count and median.
func (gs GenesisState) validateModelsAndReporters() error {
	nodes := make(map[string]Node, len(gs.Nodes))
	for _, n := range gs.Nodes {
		nodes[n.Id] = n
	}
	cursors := make(map[string]struct{}, len(gs.AuditCursors))
	for _, c := range gs.AuditCursors {
		cursors[c.NodeId] = struct{}{}
	}
	type recKey struct {
		node, model string
		version     uint64
	}
	records := make(map[recKey]struct{}, len(gs.ModelRecords))
	for i, r := range gs.ModelRecords {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("model_records[%d]: %w", i, err)
		}
		if _, err := sdk.AccAddressFromBech32(r.Committer); err != nil {
			return fmt.Errorf("model_records[%d]: committer %q: %w", i, r.Committer, err)
		}
		if r.CommittedHeight < 0 || r.TrainEndHeight > r.CommittedHeight {
			return fmt.Errorf("model_records[%d]: committed at %d, trained up to %d", i, r.CommittedHeight, r.TrainEndHeight)
		}
		k := recKey{r.NodeId, r.Model, r.Version}
		if _, dup := records[k]; dup {
			return fmt.Errorf("model_records[%d]: duplicate %q %q version %d", i, r.NodeId, r.Model, r.Version)
		}
		records[k] = struct{}{}
		if _, ok := cursors[r.NodeId]; !ok {
			return fmt.Errorf("model_records[%d]: node id %q was never registered (no audit cursor)", i, r.NodeId)
		}
		if n, ok := nodes[r.NodeId]; ok {
			j, found := n.FindModel(r.Model)
			if !found || r.Version < n.Models[j].OldestVersion || r.Version > n.Models[j].Version {
				return fmt.Errorf("model_records[%d]: %q %q version %d is outside the node's kept versions", i, r.NodeId, r.Model, r.Version)
			}
		}
	}

	type scoreKey struct{ node, reporter string }
	seen := make(map[scoreKey]struct{}, len(gs.ReporterScores))
	ewmas := make(map[string][]uint64, len(gs.Nodes))
	for i, r := range gs.ReporterScores {
		if _, ok := nodes[r.NodeId]; !ok {
			return fmt.Errorf("reporter_scores[%d]: node %q is not registered", i, r.NodeId)
		}
		if _, err := sdk.AccAddressFromBech32(r.Reporter); err != nil {
			return fmt.Errorf("reporter_scores[%d]: reporter %q: %w", i, r.Reporter, err)
		}
		if r.Ewma > MaxReputation {
			return fmt.Errorf("reporter_scores[%d]: ewma %d > %d", i, r.Ewma, MaxReputation)
		}
		if r.FeedbackCount == 0 || r.WindowCount == 0 || uint64(r.WindowCount) > r.FeedbackCount {
			return fmt.Errorf("reporter_scores[%d]: feedback_count %d, window_count %d", i, r.FeedbackCount, r.WindowCount)
		}
		k := scoreKey{r.NodeId, r.Reporter}
		if _, dup := seen[k]; dup {
			return fmt.Errorf("reporter_scores[%d]: duplicate score of %s on %q", i, r.Reporter, r.NodeId)
		}
		seen[k] = struct{}{}
		ewmas[r.NodeId] = append(ewmas[r.NodeId], r.Ewma)
	}
	for _, n := range gs.Nodes {
		es := ewmas[n.Id]
		if uint32(len(es)) != n.ReporterCount { //nolint:gosec // bounded by the params
			return fmt.Errorf("node %q: reporter_count %d but %d reporter scores", n.Id, n.ReporterCount, len(es))
		}
		if len(es) > 0 {
			if m := MedianReputation(es, n.Reputation); m != n.Reputation {
				return fmt.Errorf("node %q: reputation %d is not its reporters' median %d", n.Id, n.Reputation, m)
			}
		}
	}
	return nil
}

// FindModel returns the index of the model entry name in the sorted
// models, or the index where it would be inserted and false.
func (n Node) FindModel(name string) (int, bool) {
	lo, hi := 0, len(n.Models)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if n.Models[mid].Name < name {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(n.Models) && n.Models[lo].Name == name
}
