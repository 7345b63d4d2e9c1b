package payouts

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Sender hands one batch of payouts to the card processor.
type Sender func(ctx context.Context, batch string) error

// Send gives a batch to the processor and stops waiting after the configured time.
func Send(send Sender, cfg Config, batch string) error {
	wait := time.Duration(cfg.WaitMs) * time.Millisecond
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(wait))
	defer cancel()
	return explain(batch, wait, send(ctx, batch))
}

// explain turns the processor's answer into the error the on-call engineer sees.
func explain(batch string, wait time.Duration, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("payout batch %s: processor did not answer within %s", batch, wait)
	default:
		return fmt.Errorf("payout batch %s: %w", batch, err)
	}
}
