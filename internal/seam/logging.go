package seam

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"
)

// Logger receives the client's log lines. The provider passes tflog through
// it, so that this package needs no Terraform import. Fields never hold a
// credential: only methods, paths, statuses, timings and request ids.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

// attemptCounter counts the HTTP attempts of one logical request; it rides
// in the request's context so that the transport can number the attempts
// the retry client makes.
type attemptCounter struct {
	n atomic.Int32
	// last is the status and seam-request-id of the latest answer, so that
	// a request cut short by its context can still say what Seam last said.
	last atomic.Pointer[lastAnswer]
}

type lastAnswer struct {
	status    int
	requestID string
}

type attemptCounterKey struct{}

func withAttemptCounter(ctx context.Context) (context.Context, *attemptCounter) {
	counter := &attemptCounter{}
	return context.WithValue(ctx, attemptCounterKey{}, counter), counter
}

// loggingTransport writes one DEBUG line per HTTP attempt: method, path,
// status or error, duration, attempt number and seam-request-id. Headers
// and success bodies are never logged: the first carry the credential, the
// second may carry PIN codes.
type loggingTransport struct {
	next   http.RoundTripper
	logger Logger
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	attempt := int32(1)
	counter, _ := req.Context().Value(attemptCounterKey{}).(*attemptCounter)
	if counter != nil {
		attempt = counter.n.Add(1)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	if counter != nil && resp != nil {
		counter.last.Store(&lastAnswer{status: resp.StatusCode, requestID: resp.Header.Get(requestIDHeader)})
	}
	if t.logger == nil {
		return resp, err
	}
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"attempt":     attempt,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
		t.logger.Debug(req.Context(), "Seam API request failed", fields)
		return resp, err
	}
	fields["status"] = resp.StatusCode
	if id := resp.Header.Get(requestIDHeader); id != "" {
		fields["seam_request_id"] = id
	}
	t.logger.Debug(req.Context(), "Seam API request", fields)
	return resp, err
}
