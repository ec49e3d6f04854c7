package daemon

import (
	"context"
	"fmt"

	"github.com/azora-os/nexus/agent/api"
	"github.com/azora-os/nexus/agent/perceive"
	"github.com/azora-os/nexus/agent/plan"
	"github.com/azora-os/nexus/agent/store"
)

// Processor is the perceive → store path: decode a block, write it with
// everything it changes, and run the planners inside the same transaction.
type Processor struct {
	Store    *store.Store
	Decoder  perceive.Decoder
	Planners []plan.Planner
	Metrics  *api.Metrics
}

// Processed says what one block produced.
type Processed struct {
	Observations int
	Actions      int
	Checkpoints  int
}

// Process handles one block.
func (p *Processor) Process(ctx context.Context, raw *perceive.RawBlock) (Processed, error) {
	data, err := p.Decoder.Decode(raw)
	if err != nil {
		return Processed{}, err
	}
	out := Processed{Observations: len(data.Observations), Checkpoints: len(data.Changes.Checkpoints)}
	proposed := map[string]int{}
	err = p.Store.ProcessBlock(ctx, data, func(tx *store.BlockTx) error {
		blk := plan.Block{Height: raw.Height, Time: raw.Time, Observations: data.Observations, Changes: &data.Changes}
		for _, pl := range p.Planners {
			actions, err := pl.Plan(ctx, tx, blk)
			if err != nil {
				return fmt.Errorf("planner %s at %d: %w", pl.Name(), raw.Height, err)
			}
			if err := tx.InsertActions(actions); err != nil {
				return err
			}
			proposed[pl.Name()] += len(actions)
			out.Actions += len(actions)
		}
		return nil
	})
	if err != nil {
		return Processed{}, err
	}
	if p.Metrics != nil {
		p.Metrics.BlocksProcessed.Inc()
		for _, o := range data.Observations {
			p.Metrics.Observations.WithLabelValues(o.Kind).Inc()
		}
		for name, n := range proposed {
			p.Metrics.ActionsProposed.WithLabelValues(name).Add(float64(n))
		}
	}
	return out, nil
}
