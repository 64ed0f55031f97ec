package seam

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

const (
	// DefaultMaxRetries is how many times a failed request is tried again,
	// as in Seam's SDKs.
	DefaultMaxRetries = 2

	// retryWaitMin is the first backoff; each retry doubles it.
	retryWaitMin = 200 * time.Millisecond
	// retryWaitMax caps every wait, Retry-After included: a server asking
	// for minutes would otherwise hang a Terraform run with no output.
	retryWaitMax = 30 * time.Second
)

// retryable reports whether an answer is worth another try: rate limits
// and the server errors that are usually transient. 501 (not implemented)
// and other 4xx answers will not change on a retry.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests,
		http.StatusInternalServerError,
		http.StatusBadGateway,
		http.StatusServiceUnavailable,
		http.StatusGatewayTimeout:
		return true
	}
	return false
}

// checkRetry is the retry client's policy: never after the context ended
// (Terraform was cancelled), network errors as go-retryablehttp judges them
// (it refuses certificate and scheme errors), and retryable statuses.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if errors.Is(err, errResponseTooLarge) {
		return false, nil
	}
	if err != nil {
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	return retryable(resp.StatusCode), nil
}

// backoff waits retryWaitMin·2^attempt, with ±25 % jitter so that parallel
// reads do not retry in step, or what Retry-After asks when that is longer;
// never more than retryWaitMax.
func backoff(waitMin, waitMax time.Duration, attempt int, resp *http.Response) time.Duration {
	wait := waitMin << min(attempt, 20)
	wait = time.Duration(float64(wait) * (0.75 + rand.Float64()/2)) //nolint:gosec // jitter needs no cryptographic randomness
	if resp != nil {
		if after, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok && after > wait {
			wait = after
		}
	}
	return min(wait, waitMax)
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		// ErrRange: more seconds than an int64 holds, which is still a
		// (very long) delay, so the cap applies.
		if seconds < 0 {
			return 0, false
		}
		if err != nil || seconds > int64(retryWaitMax/time.Second) {
			return retryWaitMax, true
		}
		return time.Duration(seconds) * time.Second, true
	}
	if when, err := http.ParseTime(value); err == nil {
		return max(when.Sub(now), 0), true
	}
	return 0, false
}
