package seam

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// StatusPending is the status of an attempt that has not finished.
const StatusPending = "pending"

// Poll intervals while waiting: the first poll is at once, then the
// interval doubles from pollIntervalMin up to pollIntervalMax. Most actions
// (a door unlocking) finish within a second and are seen quickly; a slow one
// (a card encoder waiting for a card) costs one request a second.
const (
	pollIntervalMin = 250 * time.Millisecond
	pollIntervalMax = time.Second
)

// pollInterval is the wait before poll n+1 (n counts from 1).
func pollInterval(n int) time.Duration {
	d := pollIntervalMin << min(n-1, 10)
	return min(d, pollIntervalMax)
}

// WaitTimeoutError is a wait that reached its deadline with the attempt
// still pending.
type WaitTimeoutError struct {
	ActionAttemptID string
	Waited          time.Duration
	// Polls is how many requests the wait sent.
	Polls      int
	LastStatus string
	// LastErr is why the last poll, cut short by the deadline, had no
	// answer; nil when the deadline came between polls.
	LastErr error
}

// Unwrap makes a timed-out wait a context.DeadlineExceeded, as it is.
func (e *WaitTimeoutError) Unwrap() error { return context.DeadlineExceeded }

func (e *WaitTimeoutError) Error() string {
	return fmt.Sprintf("action attempt %q was still %s after %s (%d polls)",
		e.ActionAttemptID, e.LastStatus, e.Waited.Round(100*time.Millisecond), e.Polls)
}

// WaitForActionAttempt polls an attempt until its status is no longer
// pending and returns it, whatever that status is: a failed attempt is a
// result, not an error. It stops at ctx's deadline with a
// *WaitTimeoutError, and at once when ctx is cancelled.
func (c *Client) WaitForActionAttempt(ctx context.Context, id string) (*ActionAttempt, error) {
	start := time.Now()
	var last *ActionAttempt
	for poll := 1; ; poll++ {
		attempt, err := c.GetActionAttempt(ctx, id)
		if err != nil {
			if last != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				// The deadline ended this poll in flight: it was still sent.
				return nil, &WaitTimeoutError{ActionAttemptID: id, Waited: time.Since(start), Polls: poll, LastStatus: last.Status, LastErr: err}
			}
			return nil, err
		}
		if attempt.Status != StatusPending {
			return attempt, nil
		}
		last = attempt

		timer := time.NewTimer(pollInterval(poll))
		select {
		case <-ctx.Done():
			timer.Stop()
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, &WaitTimeoutError{ActionAttemptID: id, Waited: time.Since(start), Polls: poll, LastStatus: last.Status}
			}
			return nil, ctx.Err()
		case <-timer.C:
		}
	}
}
