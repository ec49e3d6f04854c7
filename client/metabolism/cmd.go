// Package metabolism is `nexusd q ledger metabolism`: the economy's volume,
// PIVC, velocity and top corridors over the last N blocks, computed
// client-side from the blocks' committed results (CometBFT's block_results)
// by types/metabolism — the same code the node's metabolism exporter runs on
// every block it commits, so the two agree (docs/operations.md).
//
// It needs no new query in the state machine and no index: any node that
// keeps block results (CometBFT's default) answers, also one that joined by
// state sync (from its first block on).
package metabolism

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/types/query"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	tm "github.com/azora-os/nexus/types/metabolism"
)

// Flags of the command.
const (
	FlagBlocks = "blocks"
	FlagTop    = "top"
	// MaxBlocks bounds a window: one block_results request per block. Use
	// the Prometheus series (docs/operations.md) for longer periods.
	MaxBlocks = 10_000
	fetchers  = 8
)

// Cmd returns `metabolism`, classifying module accounts with accounts.
func Cmd(accounts tm.Accounts) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "metabolism",
		Short: "Show volume, PIVC, velocity and top corridors over the last N blocks",
		Long: `Reads the committed results of the last --blocks blocks (ending at --height, default the
latest) from the node and shows, per denom, the value exchanged between accounts (volume and
number of transfers), the PIVC captured and its split, UBO claimed, minted and burned, the supply
and the velocity (volume ÷ supply over the window, and scaled to a day of the window's block
time); every value movement by message type and kind; the largest payer → payee corridors;
x/aegis refusals by article; checkpoints, forge orders and mesh feedback. Gas fees and the PIVC
moving into its pools are not volume. These are the numbers the node exports as
nexus_*_total counters (docs/operations.md). -o json prints the whole report.`,
		Example: "nexusd q ledger metabolism --blocks 100\nnexusd q ledger metabolism --blocks 600 --top 10 -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			blocks, err := cmd.Flags().GetInt64(FlagBlocks)
			if err != nil {
				return err
			}
			top, err := cmd.Flags().GetInt(FlagTop)
			if err != nil {
				return err
			}
			if blocks < 1 || blocks > MaxBlocks {
				return fmt.Errorf("--blocks must be 1 to %d, got %d", MaxBlocks, blocks)
			}
			if top < 0 {
				return fmt.Errorf("--top must not be negative, got %d", top)
			}
			r, err := Compute(cmd.Context(), clientCtx, accounts, clientCtx.Height, blocks, top)
			if err != nil {
				return err
			}
			if clientCtx.OutputFormat == flags.OutputFormatJSON {
				bz, err := json.MarshalIndent(r, "", "  ")
				if err != nil {
					return err
				}
				return clientCtx.PrintString(string(bz) + "\n")
			}
			return Print(cmd.OutOrStdout(), r)
		},
	}
	flags.AddQueryFlagsToCmd(cmd)
	cmd.Flags().Int64(FlagBlocks, 100, fmt.Sprintf("number of blocks to read, ending at --height (1 to %d)", MaxBlocks))
	cmd.Flags().Int(FlagTop, 5, "corridors to show per denom (0: all)")
	return cmd
}

// Compute reads the window of blocks ending at end (0: the latest) and
// builds its report.
func Compute(ctx context.Context, clientCtx client.Context, accounts tm.Accounts, end, blocks int64, top int) (tm.Report, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	node, err := clientCtx.GetNode()
	if err != nil {
		return tm.Report{}, err
	}
	status, err := node.Status(ctx)
	if err != nil {
		return tm.Report{}, fmt.Errorf("node status: %w", err)
	}
	latest, earliest := status.SyncInfo.LatestBlockHeight, status.SyncInfo.EarliestBlockHeight
	if end <= 0 {
		end = latest
	}
	if end > latest {
		return tm.Report{}, fmt.Errorf("--height %d is above the node's latest block %d", end, latest)
	}
	from := end - blocks + 1
	if from < earliest {
		from = earliest
	}
	if from < 1 {
		from = 1
	}
	if end < from {
		return tm.Report{}, fmt.Errorf("no blocks: the node keeps %d..%d", earliest, latest)
	}

	sum, err := readBlocks(ctx, node, accounts, from, end)
	if err != nil {
		return tm.Report{}, err
	}
	fromTime, err := blockTime(ctx, node, from)
	if err != nil {
		return tm.Report{}, err
	}
	toTime, err := blockTime(ctx, node, end)
	if err != nil {
		return tm.Report{}, err
	}
	supply, err := totalSupply(ctx, clientCtx.WithHeight(end))
	if err != nil {
		return tm.Report{}, err
	}
	return tm.NewReport(tm.Window{
		Sum: sum, FromHeight: from, ToHeight: end, FromTime: fromTime, ToTime: toTime,
		Supply: supply, CorridorsPerDenom: top,
	}), nil
}

// readBlocks reads from..to with a few concurrent requests and sums them.
func readBlocks(ctx context.Context, node client.CometRPC, accounts tm.Accounts, from, to int64) (*tm.Block, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	heights := make(chan int64)
	var (
		mu       sync.Mutex
		sum      = tm.NewBlock(to)
		firstErr error
		wg       sync.WaitGroup
	)
	for range fetchers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for h := range heights {
				res, err := node.BlockResults(ctx, &h)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = fmt.Errorf("block_results %d: %w (does the node keep block results? config.toml storage.discard_abci_responses)", h, err)
						cancel()
					}
				} else {
					sum.Add(tm.FromResults(h, res.TxsResults, res.FinalizeBlockEvents, accounts))
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for h := from; h <= to; h++ {
		select {
		case heights <- h:
		case <-ctx.Done():
			break feed
		}
	}
	close(heights)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return sum, ctx.Err()
}

func blockTime(ctx context.Context, node client.CometRPC, h int64) (time.Time, error) {
	info, err := node.BlockchainInfo(ctx, h, h)
	if err != nil {
		return time.Time{}, fmt.Errorf("block %d header: %w", h, err)
	}
	if len(info.BlockMetas) == 0 {
		return time.Time{}, fmt.Errorf("block %d header: not found", h)
	}
	return info.BlockMetas[0].Header.Time, nil
}

func totalSupply(ctx context.Context, clientCtx client.Context) (map[string]math.Int, error) {
	q := banktypes.NewQueryClient(clientCtx)
	out := map[string]math.Int{}
	var key []byte
	for range 100 {
		res, err := q.TotalSupply(ctx, &banktypes.QueryTotalSupplyRequest{Pagination: &query.PageRequest{Key: key, Limit: 200}})
		if err != nil {
			return nil, fmt.Errorf("bank total supply: %w", err)
		}
		for _, c := range res.Supply {
			out[c.Denom] = c.Amount
		}
		key = res.Pagination.GetNextKey()
		if len(key) == 0 {
			return out, nil
		}
	}
	return nil, errors.New("bank total supply: more than 20,000 denoms")
}

// Print writes the report as tables.
func Print(w io.Writer, r tm.Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { _, _ = fmt.Fprintf(tw, format, args...) }

	p("Metabolism of blocks %d..%d (%d blocks", r.FromHeight, r.ToHeight, r.Blocks)
	if !r.FromTime.IsZero() {
		p(", %s to %s UTC, %d s", r.FromTime.Format("2006-01-02 15:04:05"), r.ToTime.Format("2006-01-02 15:04:05"), r.Seconds)
	}
	p("): %d txs, %d failed\n\n", r.Txs, r.FailedTxs)

	p("DENOM\tVOLUME\tTRANSFERS\tPIVC\tTO GROWTH\tTO UBO\tUBO CLAIMED\tMINTED\tBURNED\tSUPPLY\tVELOCITY\tPER DAY\n")
	for _, d := range r.Denoms {
		perDay := "-"
		if d.VelocityPerDay != nil {
			perDay = decimal(*d.VelocityPerDay)
		}
		p("%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.Denom, d.Volume, d.Transfers, d.PIVC, d.ToGrowth, d.ToUBO,
			d.UBOClaimed, d.Minted, d.Burned, d.Supply, decimal(d.Velocity), perDay)
	}
	if len(r.Denoms) == 0 {
		p("(no value moved)\n")
	}

	p("\nFLOWS (every value movement; transfer = between accounts, gas fees and PIVC pool credits left out)\n")
	p("DENOM\tMESSAGE\tKIND\tAMOUNT\tCOUNT\n")
	for _, f := range r.Flows {
		p("%s\t%s\t%s\t%s\t%d\n", f.Denom, f.MsgType, f.Kind, f.Amount, f.Count)
	}

	p("\nTOP CORRIDORS (payer → payee)\n")
	p("DENOM\tFROM\tTO\tAMOUNT\tTRANSFERS\n")
	for _, c := range r.TopCorridors {
		p("%s\t%s\t%s\t%s\t%d\n", c.Denom, c.From, c.To, c.Amount, c.Count)
	}

	p("\nAEGIS REFUSALS (committed)\n")
	p("ARTICLE\tRULE\tSOURCE\tCOUNT\n")
	for _, x := range r.Refusals {
		p("%s\t%s\t%s\t%d\n", x.Article, x.Rule, x.Source, x.Count)
	}

	var orders []string
	for _, st := range []string{tm.OrderPlaced, tm.OrderAccepted, tm.OrderDisputed, tm.OrderHeld, tm.OrderSettled, tm.OrderRefunded} {
		orders = append(orders, fmt.Sprintf("%s %d", st, r.ForgeOrders[st]))
	}
	p("\nLedger: %d checkpoints (%d reconciled, %d mismatched). Forge orders: %s. Mesh feedback: %d.\n",
		r.Checkpoints, r.Reconciled, r.Mismatched, strings.Join(orders, ", "), r.MeshFeedback)
	return tw.Flush()
}

// decimal formats d with 6 decimals.
func decimal(d math.LegacyDec) string {
	s := d.String() // 18 decimals
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s) > i+7 {
		return s[:i+7]
	}
	return s
}
