package types

import "time"

// Parameter defaults and bounds.
const (
	// DefaultCheckpointInterval is one checkpoint every 100 blocks (about
	// 100 s at one-second blocks).
	DefaultCheckpointInterval uint64 = 100
	// DefaultRetentionBlocks keeps 30 days of one-second blocks.
	DefaultRetentionBlocks uint64 = 2_592_000
	// DefaultPrunePerBlock removes at most 1000 entries per block.
	DefaultPrunePerBlock uint32 = 1000
	// DefaultMaxBatchSize allows 100 recipients per batch.
	DefaultMaxBatchSize uint32 = 100

	// MaxBatchSizeLimit is the highest max_batch_size the params accept;
	// MsgBatchTransfer.ValidateBasic also refuses longer batches.
	MaxBatchSizeLimit uint32 = 1000
	// MaxPrunePerBlock is the highest prune_per_block the params accept.
	MaxPrunePerBlock uint32 = 100_000
	// MaxCheckpointInterval is the highest checkpoint_interval accepted.
	MaxCheckpointInterval uint64 = 1_000_000

	// DefaultMaxPaymentDeadline lets a payment's deadline be up to 7 days
	// after the block time (a payroll signed on Friday for Monday).
	DefaultMaxPaymentDeadline = 7 * 24 * time.Hour
	// MinMaxPaymentDeadline and MaxMaxPaymentDeadline bound
	// max_payment_deadline.
	MinMaxPaymentDeadline = time.Minute
	MaxMaxPaymentDeadline = 365 * 24 * time.Hour
)

// DefaultParams returns the default parameters.
func DefaultParams() Params {
	return Params{
		CheckpointInterval: DefaultCheckpointInterval,
		RetentionBlocks:    DefaultRetentionBlocks,
		PrunePerBlock:      DefaultPrunePerBlock,
		MaxBatchSize:       DefaultMaxBatchSize,
		MaxPaymentDeadline: DefaultMaxPaymentDeadline,
	}
}

// Validate checks the parameters' bounds.
func (p Params) Validate() error {
	if p.CheckpointInterval == 0 || p.CheckpointInterval > MaxCheckpointInterval {
		return ErrInvalidParams.Wrapf("checkpoint_interval %d must be 1 to %d", p.CheckpointInterval, MaxCheckpointInterval)
	}
	if p.PrunePerBlock == 0 || p.PrunePerBlock > MaxPrunePerBlock {
		return ErrInvalidParams.Wrapf("prune_per_block %d must be 1 to %d", p.PrunePerBlock, MaxPrunePerBlock)
	}
	if p.MaxBatchSize == 0 || p.MaxBatchSize > MaxBatchSizeLimit {
		return ErrInvalidParams.Wrapf("max_batch_size %d must be 1 to %d", p.MaxBatchSize, MaxBatchSizeLimit)
	}
	if p.MaxPaymentDeadline < MinMaxPaymentDeadline || p.MaxPaymentDeadline > MaxMaxPaymentDeadline {
		return ErrInvalidParams.Wrapf("max_payment_deadline %s must be %s to %s", p.MaxPaymentDeadline, MinMaxPaymentDeadline, MaxMaxPaymentDeadline)
	}
	if p.RetentionBlocks != 0 && p.RetentionBlocks < p.CheckpointInterval {
		return ErrInvalidParams.Wrapf("retention_blocks %d must be 0 (keep forever) or at least checkpoint_interval %d",
			p.RetentionBlocks, p.CheckpointInterval)
	}
	return nil
}
