package seam

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// ------------------------------------------------------------------ helpers

// newRetryClient builds an API-key client for endpoint with the given retry
// budget, per-attempt timeout (zero: 10 s) and logger (may be nil).
func newRetryClient(t *testing.T, endpoint string, maxRetries int, timeout time.Duration, logger Logger) *Client {
	t.Helper()
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	c, err := NewClient(Config{
		Endpoint:       endpoint,
		Credential:     apiKeyCredential,
		UserAgent:      testUserAgent,
		RequestTimeout: timeout,
		MaxRetries:     maxRetries,
		Logger:         logger,
	})
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c
}

// newFakeWithAttempt is newFake with testAttemptID stored.
func newFakeWithAttempt(t *testing.T) (*fakeseam.Fake, *httptest.Server) {
	t.Helper()
	f, srv := newFake(t)
	f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: testAttemptID, ActionType: "LOCK_DOOR", Status: "success", Result: json.RawMessage(`{}`)})
	return f, srv
}

// seamErrorBody is Seam's error envelope.
func seamErrorBody(errType, message string) string {
	return `{"error":{"type":"` + errType + `","message":"` + message + `"},"ok":false}`
}

// closeWithin closes srv and fails the test when that takes longer than d:
// httptest.Server.Close waits for every handler, so a slow close means a
// handler was left hanging after the client gave up.
func closeWithin(t *testing.T, srv *httptest.Server, d time.Duration) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		srv.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Errorf("server still had a running handler %v after the client returned", d)
		<-done
	}
}

// logLine is one call to a recordingLogger.
type logLine struct {
	level  string
	msg    string
	fields map[string]any
}

// recordingLogger keeps every line; safe for concurrent use.
type recordingLogger struct {
	mu    sync.Mutex
	lines []logLine
}

func (l *recordingLogger) record(level, msg string, fields map[string]any) {
	copied := make(map[string]any, len(fields))
	for k, v := range fields {
		copied[k] = v
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, logLine{level, msg, copied})
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.record("debug", msg, fields)
}

func (l *recordingLogger) Trace(_ context.Context, msg string, fields map[string]any) {
	l.record("trace", msg, fields)
}

func (l *recordingLogger) all() []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logLine(nil), l.lines...)
}

func (l *recordingLogger) at(level string) []logLine {
	var out []logLine
	for _, line := range l.all() {
		if line.level == level {
			out = append(out, line)
		}
	}
	return out
}

// checkLogsClean fails when any line contains one of secrets (in its
// message, a field name or a field value) or has a field named like a
// header that could carry the credential.
func checkLogsClean(t *testing.T, lines []logLine, secrets ...string) {
	t.Helper()
	for i, line := range lines {
		texts := []string{line.msg}
		for k, v := range line.fields {
			texts = append(texts, k, fmt.Sprint(v))
			lower := strings.ToLower(k)
			for _, banned := range []string{"authorization", "header", "token", "cookie", "workspace"} {
				if strings.Contains(lower, banned) {
					t.Errorf("line %d (%q) has a field %q named like a header", i, line.msg, k)
				}
			}
		}
		for _, text := range texts {
			for _, secret := range secrets {
				if strings.Contains(text, secret) {
					t.Errorf("line %d (%s %q) contains %q: %q", i, line.level, line.msg, secret, text)
				}
			}
		}
	}
}

// ------------------------------------------------------------- statuses

// TestRetry_RetryableStatus_ExhaustsRetries_LastErrorKept: each retryable
// status is tried 1+MaxRetries times, and the error describes the LAST
// answer (type, message and request id all differ per attempt).
func TestRetry_RetryableStatus_ExhaustsRetries_LastErrorKept(t *testing.T) {
	for _, status := range []int{429, 500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			f, srv := newFakeWithAttempt(t)
			f.SetFault(func(_ fakeseam.Request, attempt int) (fakeseam.Response, bool) {
				return fakeseam.Response{
					Status: status,
					Header: http.Header{
						"Content-Type":    {"application/json"},
						"Seam-Request-Id": {fmt.Sprintf("req_attempt_%d", attempt)},
					},
					Body: seamErrorBody(fmt.Sprintf("type_%d_attempt_%d", status, attempt), fmt.Sprintf("failure on attempt %d", attempt)),
				}, true
			})
			c := newRetryClient(t, srv.URL, 2, 0, nil)

			got, err := c.GetActionAttempt(context.Background(), testAttemptID)
			if got != nil {
				t.Errorf("attempt = %+v, want nil", got)
			}
			apiErr := asAPIError(t, err)
			want := APIError{
				StatusCode: status,
				Type:       fmt.Sprintf("type_%d_attempt_3", status),
				Message:    "failure on attempt 3",
				RequestID:  "req_attempt_3",
				Attempts:   3,
			}
			if !reflect.DeepEqual(*apiErr, want) {
				t.Errorf("APIError\n got %+v\nwant %+v", *apiErr, want)
			}
			if n := f.RequestCount(); n != 3 {
				t.Errorf("fake received %d requests, want 3", n)
			}
		})
	}
}

func TestRetry_NonRetryableStatus_OneRequest(t *testing.T) {
	for _, status := range []int{501, 400, 401, 403, 404, 409, 422} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			f, srv := newFakeWithAttempt(t)
			f.SetFault(func(_ fakeseam.Request, attempt int) (fakeseam.Response, bool) {
				return fakeseam.Response{
					Status: status,
					Header: http.Header{"Seam-Request-Id": {fmt.Sprintf("req_attempt_%d", attempt)}},
					Body:   seamErrorBody(fmt.Sprintf("type_%d", status), fmt.Sprintf("failure on attempt %d", attempt)),
				}, true
			})
			c := newRetryClient(t, srv.URL, 2, 0, nil)

			_, err := c.GetActionAttempt(context.Background(), testAttemptID)
			apiErr := asAPIError(t, err)
			if apiErr.StatusCode != status || apiErr.Attempts != 1 || apiErr.RequestID != "req_attempt_1" ||
				apiErr.Type != fmt.Sprintf("type_%d", status) || apiErr.Message != "failure on attempt 1" {
				t.Errorf("APIError = %+v, want status %d, 1 attempt, req_attempt_1, type_%d, failure on attempt 1", *apiErr, status, status)
			}
			if n := f.RequestCount(); n != 1 {
				t.Errorf("fake received %d requests, want 1", n)
			}
		})
	}
}

func TestRetry_MaxRetriesZero_503_OneRequest(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.SetFault(func(fakeseam.Request, int) (fakeseam.Response, bool) {
		return fakeseam.Response{Status: http.StatusServiceUnavailable}, true
	})
	c := newRetryClient(t, srv.URL, 0, 0, nil)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != 503 || apiErr.Attempts != 1 {
		t.Errorf("StatusCode/Attempts = %d/%d, want 503/1", apiErr.StatusCode, apiErr.Attempts)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
}

// ------------------------------------------------- transient, then success

func TestRetry_429WithRetryAfterSeconds_ThenSuccess_WaitsRetryAfter(t *testing.T) {
	t.Parallel() // only sleeps: overlaps the other slow tests
	f, srv := newFakeWithAttempt(t)
	f.QueueResponses(fakeseam.Response{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}})
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	start := time.Now()
	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if got.ActionAttemptID != testAttemptID {
		t.Errorf("ActionAttemptID = %q, want %q", got.ActionAttemptID, testAttemptID)
	}
	if n := f.RequestCount(); n != 2 {
		t.Errorf("fake received %d requests, want 2", n)
	}
	if elapsed < time.Second || elapsed > 3*time.Second {
		t.Errorf("call took %v, want just over the 1 s Retry-After (backoff alone is about 200ms)", elapsed)
	}
}

func TestRetry_503NoRetryAfter_ThenSuccess_BackoffOnly(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.QueueResponses(fakeseam.Response{Status: http.StatusServiceUnavailable})
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	start := time.Now()
	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if got.ActionAttemptID != testAttemptID {
		t.Errorf("ActionAttemptID = %q, want %q", got.ActionAttemptID, testAttemptID)
	}
	reqs := f.Requests()
	if len(reqs) != 2 {
		t.Fatalf("fake received %d requests, want 2", len(reqs))
	}
	// The retry is the same request: body rewound, headers kept.
	wantBody := `{"action_attempt_id":"` + testAttemptID + `"}`
	for i, r := range reqs {
		if r.Method != http.MethodPost || r.Path != "/action_attempts/get" || string(r.Body) != wantBody {
			t.Errorf("request %d = %s %s %s, want POST /action_attempts/get %s", i+1, r.Method, r.Path, r.Body, wantBody)
		}
		for _, h := range []struct{ name, want string }{
			{"Authorization", "Bearer " + testAPIKey},
			{"Content-Type", "application/json"},
			{"User-Agent", testUserAgent},
		} {
			if got := r.Header.Values(h.name); !reflect.DeepEqual(got, []string{h.want}) {
				t.Errorf("request %d header %s = %q, want %q", i+1, h.name, got, h.want)
			}
		}
	}
	if elapsed < 150*time.Millisecond || elapsed >= time.Second {
		t.Errorf("call took %v, want the first backoff (150-250ms), under 1 s", elapsed)
	}
}

func TestRetry_RetryAfterHTTPDate_Honoured(t *testing.T) {
	t.Parallel() // only sleeps: overlaps the other slow tests
	f, srv := newFakeWithAttempt(t)
	start := time.Now()
	// HTTP dates have whole seconds: the next whole second after start+1s
	// is between 1 and 2 s away.
	when := start.Add(time.Second).Truncate(time.Second).Add(time.Second)
	f.QueueResponses(fakeseam.Response{Status: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {when.UTC().Format(http.TimeFormat)}}})
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if n := f.RequestCount(); n != 2 {
		t.Errorf("fake received %d requests, want 2", n)
	}
	if elapsed < 900*time.Millisecond || elapsed > 4*time.Second {
		t.Errorf("call took %v, want about %v (the Retry-After date)", elapsed, when.Sub(start))
	}
}

// TestRetry_503ThenSuccessWithoutAttempt_APIErrorCountsAttempts: the
// Attempts of an error built after a successful retry count the retry.
func TestRetry_503ThenSuccessWithoutAttempt_APIErrorCountsAttempts(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.QueueResponses(
		fakeseam.Response{Status: http.StatusServiceUnavailable},
		fakeseam.Response{Status: http.StatusOK, Header: http.Header{"Seam-Request-Id": {"req_empty"}}, Body: `{"ok":true}`},
	)
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != 200 || apiErr.Attempts != 2 || apiErr.RequestID != "req_empty" || apiErr.Problem != "the response has no action_attempt" {
		t.Errorf("APIError = %+v, want 200, 2 attempts, req_empty, no action_attempt", *apiErr)
	}
}

// -------------------------------------------------------- network errors

func TestRetry_ConnectionClosedBeforeAnswer_ThenSuccess(t *testing.T) {
	f, _ := newFakeWithAttempt(t)
	var hits atomic.Int64
	drop := hijack(t, "")
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			drop(w, r)
			return
		}
		f.ServeHTTP(w, r)
	})
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if got.ActionAttemptID != testAttemptID {
		t.Errorf("ActionAttemptID = %q, want %q", got.ActionAttemptID, testAttemptID)
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("server saw %d requests, want 2 (dropped, then retried)", n)
	}
}

func TestRetry_ResetMidBody_ThenSuccess(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.QueueResponses(fakeseam.Response{Status: http.StatusOK, Body: successBody, ResetAfter: 20})
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if got.ActionAttemptID != testAttemptID || got.Status != "success" {
		t.Errorf("attempt = %+v, want %s success", got, testAttemptID)
	}
	if n := f.RequestCount(); n != 2 {
		t.Errorf("fake received %d requests, want 2", n)
	}
}

func TestRetry_ResetMidBodyEveryTime_RequestErrorAfterAllAttempts(t *testing.T) {
	t.Parallel() // only sleeps: overlaps the other slow tests
	f, srv := newFakeWithAttempt(t)
	f.SetFault(func(fakeseam.Request, int) (fakeseam.Response, bool) {
		return fakeseam.Response{Status: http.StatusOK, Body: successBody, ResetAfter: 20}, true
	})
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if got != nil {
		t.Errorf("attempt = %+v, want nil", got)
	}
	reqErr := asRequestError(t, err)
	if reqErr.Attempts != 3 {
		t.Errorf("Attempts = %d, want 3", reqErr.Attempts)
	}
	if reqErr.StatusCode != 200 || reqErr.RequestID != "req_3" {
		t.Errorf("StatusCode/RequestID = %d/%q, want 200/req_3 (the last attempt)", reqErr.StatusCode, reqErr.RequestID)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("error %q does not report the unexpected EOF", err.Error())
	}
	if n := f.RequestCount(); n != 3 {
		t.Errorf("fake received %d requests, want 3", n)
	}
}

// TestRetry_UntrustedCertificate_NotRetried: a certificate error will not
// change on a retry (go-retryablehttp's policy), so one connection only.
func TestRetry_UntrustedCertificate_NotRetried(t *testing.T) {
	var conns, hits atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = io.WriteString(w, successBody)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake errors are expected
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	reqErr := asRequestError(t, err)
	if reqErr.Attempts != 1 {
		t.Errorf("Attempts = %d, want 1", reqErr.Attempts)
	}
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) {
		t.Errorf("error %v is not a certificate verification error", err)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("server saw %d connections, want 1", n)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("handler ran %d times, want 0", n)
	}
}

// ----------------------------------------------------------- not retried

func TestRetry_SuccessBodyOver10MiB_NotRetried(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	// Were it retried, the retry would get the normal, small answer.
	f.QueueResponses(fakeseam.Response{Status: http.StatusOK, Body: successBody + strings.Repeat(" ", 10<<20)})
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if got != nil {
		t.Errorf("attempt = %+v, want nil", got)
	}
	reqErr := asRequestError(t, err)
	if !errors.Is(err, errResponseTooLarge) || !strings.Contains(err.Error(), "larger than 10 MiB") {
		t.Errorf("error %q does not report the size limit", err.Error())
	}
	if reqErr.Attempts != 1 || reqErr.StatusCode != 200 || reqErr.RequestID != "req_1" {
		t.Errorf("Attempts/StatusCode/RequestID = %d/%d/%q, want 1/200/req_1", reqErr.Attempts, reqErr.StatusCode, reqErr.RequestID)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
}

func TestRetry_Redirect_NotRetried(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.QueueResponses(fakeseam.Response{Status: http.StatusFound, Header: http.Header{"Location": {"https://elsewhere.example/action_attempts/get"}}})
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != http.StatusFound || apiErr.RedirectHost != "elsewhere.example" || apiErr.Attempts != 1 {
		t.Errorf("StatusCode/RedirectHost/Attempts = %d/%q/%d, want 302/elsewhere.example/1", apiErr.StatusCode, apiErr.RedirectHost, apiErr.Attempts)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
}

// ------------------------------------------------------------- timeouts

func TestRetry_FirstAttemptTimesOut_RetrySucceeds(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.QueueResponses(fakeseam.Response{Delay: 2 * time.Second, Body: successBody})
	c := newRetryClient(t, srv.URL, 2, 300*time.Millisecond, nil)

	start := time.Now()
	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if got.ActionAttemptID != testAttemptID {
		t.Errorf("ActionAttemptID = %q, want %q", got.ActionAttemptID, testAttemptID)
	}
	if n := f.RequestCount(); n != 2 {
		t.Errorf("fake received %d requests, want 2", n)
	}
	if elapsed < 300*time.Millisecond || elapsed > 1500*time.Millisecond {
		t.Errorf("call took %v, want the 300ms timeout plus one backoff, not the 2 s delay", elapsed)
	}
	closeWithin(t, srv, 2*time.Second)
}

func TestRetry_EveryAttemptTimesOut_RequestErrorNamesTimeout(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.SetFault(func(fakeseam.Request, int) (fakeseam.Response, bool) {
		return fakeseam.Response{Delay: 10 * time.Second, Body: successBody}, true
	})
	c := newRetryClient(t, srv.URL, 1, 300*time.Millisecond, nil)

	start := time.Now()
	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	elapsed := time.Since(start)
	reqErr := asRequestError(t, err)
	if reqErr.Attempts != 2 {
		t.Errorf("Attempts = %d, want 2", reqErr.Attempts)
	}
	if want := "no complete answer within 300ms, the request timeout"; !strings.Contains(err.Error(), want) {
		t.Errorf("Error() = %q, want it to contain %q", err.Error(), want)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v does not satisfy errors.Is(err, context.DeadlineExceeded)", err)
	}
	if n := f.RequestCount(); n != 2 {
		t.Errorf("fake received %d requests, want 2", n)
	}
	if elapsed < 600*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("call took %v, want two 300ms timeouts and one backoff", elapsed)
	}
	closeWithin(t, srv, 2*time.Second)
}

// --------------------------------------------------------- cancellation

func TestRetry_CancelledDuringBackoff_ReturnsPromptly(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.SetFault(func(fakeseam.Request, int) (fakeseam.Response, bool) {
		return fakeseam.Response{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"30"}}}, true
	})
	c := newRetryClient(t, srv.URL, 2, 0, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(200*time.Millisecond, cancel)

	start := time.Now()
	_, err := c.GetActionAttempt(ctx, testAttemptID)
	elapsed := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one satisfying errors.Is(err, context.Canceled)", err)
	}
	if reqErr := asRequestError(t, err); reqErr.Attempts != 1 {
		t.Errorf("Attempts = %d, want 1", reqErr.Attempts)
	}
	if elapsed < 200*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("call took %v, want about the 200ms until cancel, not the 30 s Retry-After", elapsed)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
	closeWithin(t, srv, 2*time.Second)
}

func TestRetry_CancelledDuringSlowResponse_ReturnsPromptly(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.SetFault(func(fakeseam.Request, int) (fakeseam.Response, bool) {
		return fakeseam.Response{Delay: time.Minute, Body: successBody}, true
	})
	c := newRetryClient(t, srv.URL, 2, time.Minute, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(200*time.Millisecond, cancel)

	start := time.Now()
	_, err := c.GetActionAttempt(ctx, testAttemptID)
	elapsed := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one satisfying errors.Is(err, context.Canceled)", err)
	}
	if reqErr := asRequestError(t, err); reqErr.Attempts != 1 {
		t.Errorf("Attempts = %d, want 1", reqErr.Attempts)
	}
	if elapsed < 200*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("call took %v, want about the 200ms until cancel", elapsed)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1 (no retry after cancel)", n)
	}
	closeWithin(t, srv, 2*time.Second)
}

// ------------------------------------------------ backoff and retryAfter

func TestBackoff_ExponentialWithJitter(t *testing.T) {
	tests := []struct {
		attempt  int
		min, max time.Duration
	}{
		{0, 150 * time.Millisecond, 250 * time.Millisecond},
		{1, 300 * time.Millisecond, 500 * time.Millisecond},
		{2, 600 * time.Millisecond, time.Second},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.attempt), func(t *testing.T) {
			const n = 1000
			seen := map[time.Duration]bool{}
			lowest, highest := tt.max, tt.min
			for range n {
				got := backoff(retryWaitMin, retryWaitMax, tt.attempt, nil)
				if got < tt.min || got > tt.max {
					t.Fatalf("backoff(attempt %d) = %v, want within [%v, %v]", tt.attempt, got, tt.min, tt.max)
				}
				seen[got] = true
				lowest, highest = min(lowest, got), max(highest, got)
			}
			if len(seen) < n/2 {
				t.Errorf("only %d distinct waits in %d calls: no jitter", len(seen), n)
			}
			// ±25 %: 1000 uniform draws reach both outer tenths of the range.
			span := tt.max - tt.min
			if lowest > tt.min+span/10 || highest < tt.max-span/10 {
				t.Errorf("waits span [%v, %v], want close to the full [%v, %v] (±25%% jitter)", lowest, highest, tt.min, tt.max)
			}
		})
	}
}

func TestBackoff_CappedAt30s(t *testing.T) {
	for _, attempt := range []int{8, 20, 21, 63, 64, 1000, 1 << 30} {
		for range 100 {
			if got := backoff(retryWaitMin, retryWaitMax, attempt, nil); got != 30*time.Second {
				t.Fatalf("backoff(attempt %d) = %v, want 30s", attempt, got)
			}
		}
	}
}

func TestBackoff_RetryAfter(t *testing.T) {
	now := time.Now()
	tests := []struct {
		name       string
		retryAfter string
		attempt    int
		min, max   time.Duration
	}{
		{"seconds longer than backoff", "5", 0, 5 * time.Second, 5 * time.Second},
		{"seconds beyond the cap", "3600", 0, 30 * time.Second, 30 * time.Second},
		{"date beyond the cap", now.Add(time.Hour).UTC().Format(http.TimeFormat), 0, 30 * time.Second, 30 * time.Second},
		{"negative ignored", "-5", 0, 150 * time.Millisecond, 250 * time.Millisecond},
		{"garbage ignored", "soon", 0, 150 * time.Millisecond, 250 * time.Millisecond},
		{"fraction ignored", "2.5", 0, 150 * time.Millisecond, 250 * time.Millisecond},
		{"empty ignored", "", 1, 300 * time.Millisecond, 500 * time.Millisecond},
		{"date in the past: backoff wins", now.Add(-time.Hour).UTC().Format(http.TimeFormat), 0, 150 * time.Millisecond, 250 * time.Millisecond},
		{"zero: backoff wins", "0", 0, 150 * time.Millisecond, 250 * time.Millisecond},
		{"shorter than backoff: backoff wins", "1", 3, 1200 * time.Millisecond, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{}}
			if tt.retryAfter != "" {
				resp.Header.Set("Retry-After", tt.retryAfter)
			}
			for range 200 {
				got := backoff(retryWaitMin, retryWaitMax, tt.attempt, resp)
				if got < tt.min || got > tt.max {
					t.Fatalf("backoff(attempt %d, Retry-After %q) = %v, want within [%v, %v]", tt.attempt, tt.retryAfter, got, tt.min, tt.max)
				}
			}
		})
	}
}

func TestRetryAfter_Parse(t *testing.T) {
	now := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	tests := []struct {
		value  string
		want   time.Duration
		wantOK bool
	}{
		{"5", 5 * time.Second, true},
		{" 7 ", 7 * time.Second, true},
		{"0", 0, true},
		{"30", 30 * time.Second, true},
		{"31", 30 * time.Second, true},
		{"3600", 30 * time.Second, true},
		{"9223372036854775807", 30 * time.Second, true},
		{"-1", 0, false},
		{"-3600", 0, false},
		{"", 0, false},
		{"   ", 0, false},
		{"soon", 0, false},
		{"2.5", 0, false},
		{"5s", 0, false},
		{now.Add(10 * time.Second).Format(http.TimeFormat), 10 * time.Second, true},
		{now.Add(10 * time.Second).Format(time.RFC850), 10 * time.Second, true},
		{now.Add(10 * time.Second).Format(time.ANSIC), 10 * time.Second, true},
		// A date is not capped here; backoff caps every wait.
		{now.Add(time.Hour).Format(http.TimeFormat), time.Hour, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{now.Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got, ok := retryAfter(tt.value, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestRetryAfter_SecondsBeyondInt64_Capped: RFC 9110 delay-seconds is any
// run of digits; one too big for an int64 still asks for a long wait, so it
// gets the cap (it was once ignored, and the client retried after ~200ms).
func TestRetryAfter_SecondsBeyondInt64_Capped(t *testing.T) {
	now := time.Now()
	if got, ok := retryAfter("99999999999999999999", now); got != 30*time.Second || !ok {
		t.Errorf("retryAfter(20 nines) = %v, %v; want 30s, true", got, ok)
	}
	if got, ok := retryAfter("-99999999999999999999", now); got != 0 || ok {
		t.Errorf("retryAfter(-20 nines) = %v, %v; want 0s, false (negative: ignored)", got, ok)
	}
	resp := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"99999999999999999999"}}}
	if got := backoff(retryWaitMin, retryWaitMax, 0, resp); got != 30*time.Second {
		t.Errorf("backoff with Retry-After of 20 nines = %v, want 30s", got)
	}
}

// ------------------------------------------------------------ checkRetry

func TestCheckRetry(t *testing.T) {
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	status := func(code int) *http.Response { return &http.Response{StatusCode: code, Header: http.Header{}} }
	netErr := &url.Error{Op: "Post", URL: "https://connect.getseam.com/action_attempts/get", Err: &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}}
	certErr := &url.Error{Op: "Post", URL: "https://connect.getseam.com/action_attempts/get", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}

	tests := []struct {
		name      string
		ctx       context.Context
		resp      *http.Response
		err       error
		wantRetry bool
		wantErr   error
	}{
		{"cancelled context, retryable status", cancelled, status(503), nil, false, context.Canceled},
		{"cancelled context, network error", cancelled, nil, netErr, false, context.Canceled},
		{"body too large", live, status(200), errResponseTooLarge, false, nil},
		{"body too large, wrapped", live, status(200), fmt.Errorf("x: %w", errResponseTooLarge), false, nil},
		{"network error", live, nil, netErr, true, nil},
		{"body cut short", live, status(200), fmt.Errorf("reading the response: %w", io.ErrUnexpectedEOF), true, nil},
		{"untrusted certificate", live, nil, certErr, false, nil},
		{"429", live, status(429), nil, true, nil},
		{"503", live, status(503), nil, true, nil},
		{"501", live, status(501), nil, false, nil},
		{"404", live, status(404), nil, false, nil},
		{"200", live, status(200), nil, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			retry, err := checkRetry(tt.ctx, tt.resp, tt.err)
			if retry != tt.wantRetry {
				t.Errorf("retry = %v, want %v", retry, tt.wantRetry)
			}
			if tt.wantErr == nil && err != nil {
				t.Errorf("err = %v, want nil", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// -------------------------------------------------------------- logging

func TestRetry_Logging_OneDebugLinePerAttempt(t *testing.T) {
	t.Parallel() // only sleeps: overlaps the other slow tests
	const pin = "PIN-739154-SECRET"
	f, srv := newFake(t)
	f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: testAttemptID, ActionType: "CREATE_ACCESS_CODE", Status: "success", Result: json.RawMessage(`{"code":"` + pin + `"}`)})
	f.QueueResponses(
		fakeseam.Response{Status: 503, Header: http.Header{"Seam-Request-Id": {"req_first"}}, Body: seamErrorBody("unavailable", "first")},
		fakeseam.Response{Status: 503, Header: http.Header{"Seam-Request-Id": {"req_second"}}, Body: seamErrorBody("unavailable", "second")},
	)
	logger := &recordingLogger{}
	c := newRetryClient(t, srv.URL, 2, 0, logger)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if string(got.Result) != `{"code":"`+pin+`"}` {
		t.Fatalf("Result = %s, want the PIN result", got.Result)
	}

	lines := logger.all()
	debug := logger.at("debug")
	if len(debug) != 3 || len(lines) != 3 {
		t.Fatalf("got %d lines (%d debug), want exactly 3 debug lines: %+v", len(lines), len(debug), lines)
	}
	wantIDs := []string{"req_first", "req_second", "req_3"}
	wantStatus := []int{503, 503, 200}
	for i, line := range debug {
		fl := line.fields
		if fmt.Sprint(fl["attempt"]) != fmt.Sprint(i+1) {
			t.Errorf("line %d attempt = %v, want %d", i, fl["attempt"], i+1)
		}
		if fl["status"] != wantStatus[i] {
			t.Errorf("line %d status = %v, want %d", i, fl["status"], wantStatus[i])
		}
		if fl["method"] != "POST" || fl["path"] != "/action_attempts/get" {
			t.Errorf("line %d method/path = %v/%v, want POST /action_attempts/get", i, fl["method"], fl["path"])
		}
		if d, ok := fl["duration_ms"].(int64); !ok || d < 0 {
			t.Errorf("line %d duration_ms = %#v, want a non-negative int64", i, fl["duration_ms"])
		}
		if fl["seam_request_id"] != wantIDs[i] {
			t.Errorf("line %d seam_request_id = %v, want %s", i, fl["seam_request_id"], wantIDs[i])
		}
		if _, ok := fl["error"]; ok {
			t.Errorf("line %d has an error field: %v", i, fl["error"])
		}
	}
	checkLogsClean(t, lines, testAPIKey, pin)
}

func TestRetry_Logging_FailedAttemptLogsError(t *testing.T) {
	f, _ := newFakeWithAttempt(t)
	var hits atomic.Int64
	drop := hijack(t, "")
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			drop(w, r)
			return
		}
		f.ServeHTTP(w, r)
	})
	logger := &recordingLogger{}
	c := newRetryClient(t, srv.URL, 2, 0, logger)

	if _, err := c.GetActionAttempt(context.Background(), testAttemptID); err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	debug := logger.at("debug")
	if len(debug) != 2 {
		t.Fatalf("got %d debug lines, want 2: %+v", len(debug), debug)
	}
	failed := debug[0].fields
	if msg, _ := failed["error"].(string); msg == "" {
		t.Errorf("first attempt's line has error = %#v, want the transport error", failed["error"])
	}
	if _, ok := failed["status"]; ok {
		t.Errorf("first attempt's line has status %v, want none (no answer)", failed["status"])
	}
	if fmt.Sprint(failed["attempt"]) != "1" || failed["method"] != "POST" || failed["path"] != "/action_attempts/get" {
		t.Errorf("first attempt's line = %v, want attempt 1 POST /action_attempts/get", failed)
	}
	if _, ok := failed["duration_ms"]; !ok {
		t.Error("first attempt's line has no duration_ms")
	}
	ok := debug[1].fields
	if fmt.Sprint(ok["attempt"]) != "2" || ok["status"] != 200 || ok["seam_request_id"] != "req_1" {
		t.Errorf("second attempt's line = %v, want attempt 2, status 200, req_1", ok)
	}
	checkLogsClean(t, logger.all(), testAPIKey)
}

// TestRetry_Logging_ErrorResponseTraced: an error answer's body is traced
// (credential removed); only the final answer's.
func TestRetry_Logging_ErrorResponseTraced(t *testing.T) {
	f, srv := newFakeWithAttempt(t)
	f.QueueResponses(fakeseam.Response{
		Status: http.StatusBadRequest,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   seamErrorBody("invalid_input", "token "+testAPIKey+" is odd"),
	})
	logger := &recordingLogger{}
	c := newRetryClient(t, srv.URL, 2, 0, logger)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	_ = asAPIError(t, err)
	trace := logger.at("trace")
	if len(trace) != 1 {
		t.Fatalf("got %d trace lines, want 1: %+v", len(trace), logger.all())
	}
	excerpt, _ := trace[0].fields["body_excerpt"].(string)
	if !strings.Contains(excerpt, "invalid_input") || !strings.Contains(excerpt, "token [redacted] is odd") {
		t.Errorf("body_excerpt = %q, want the error body with the token redacted", excerpt)
	}
	if trace[0].fields["status"] != 400 {
		t.Errorf("trace status = %v, want 400", trace[0].fields["status"])
	}
	if n := len(logger.at("debug")); n != 1 {
		t.Errorf("got %d debug lines, want 1", n)
	}
	checkLogsClean(t, logger.all(), testAPIKey)
}

// TestRetry_Logging_SuccessBodyNeverLogged: neither a success after a
// retry, a success cut short mid-body, nor a success too large to read puts
// any of its body in the logs.
func TestRetry_Logging_SuccessBodyNeverLogged(t *testing.T) {
	t.Parallel() // only sleeps: overlaps the other slow tests
	const pin = "PIN-462913-SECRET"
	body := `{"action_attempt":{"action_attempt_id":"` + testAttemptID + `","action_type":"CREATE_ACCESS_CODE","status":"success","result":{"code":"` + pin + `"},"error":null},"ok":true}`
	f, srv := newFake(t)
	f.QueueResponses(
		fakeseam.Response{Status: 200, Body: body, ResetAfter: len(body) - 5},
		fakeseam.Response{Status: 503},
		fakeseam.Response{Status: 200, Body: body},
		fakeseam.Response{Status: 200, Body: body + strings.Repeat(" ", 10<<20)},
		fakeseam.Response{Status: 200, Body: `{"action_attempt": "` + pin + `"}`},
	)
	logger := &recordingLogger{}
	c := newRetryClient(t, srv.URL, 2, 0, logger)

	if _, err := c.GetActionAttempt(context.Background(), testAttemptID); err != nil {
		t.Fatalf("first read: %v", err)
	}
	if _, err := c.GetActionAttempt(context.Background(), testAttemptID); err == nil {
		t.Fatal("second read (too large) succeeded")
	}
	// A 200 that is not the expected shape is an error, but still a
	// success answer: it is not traced.
	if _, err := c.GetActionAttempt(context.Background(), testAttemptID); err == nil {
		t.Fatal("third read (wrong shape) succeeded")
	}
	if n := f.RequestCount(); n != 5 {
		t.Errorf("fake received %d requests, want 5", n)
	}
	// One line per attempt, plus one for each body that could not be read
	// (the reset and the oversize answer).
	debug := logger.at("debug")
	if n := len(debug); n != 7 {
		t.Errorf("got %d debug lines, want 7", n)
	}
	unreadable := 0
	for _, line := range debug {
		if line.msg == "Seam API response could not be read" {
			unreadable++
		}
	}
	if unreadable != 2 {
		t.Errorf("got %d 'could not be read' lines, want 2 (reset, too large)", unreadable)
	}
	checkLogsClean(t, logger.all(), testAPIKey, pin)
}

// ----------------------------------------------------- connection reuse

func TestRetry_SequentialReadsWithRetries_ReuseOneConnection(t *testing.T) {
	t.Parallel() // only sleeps: overlaps the other slow tests
	f := fakeseam.New()
	f.AddAPIKey(testAPIKey)
	ids := make([]string, 20)
	for i := range ids {
		ids[i] = fmt.Sprintf("aaaaaaaa-aaaa-4aaa-8aaa-%012d", i)
		f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: ids[i], ActionType: "LOCK_DOOR", Status: "success"})
	}
	f.SetFault(func(_ fakeseam.Request, attempt int) (fakeseam.Response, bool) {
		if attempt == 1 {
			return fakeseam.Response{Status: http.StatusServiceUnavailable, Body: seamErrorBody("unavailable", "try again")}, true
		}
		return fakeseam.Response{}, false
	})
	srv, conns := countingServer(t, f)
	c := newRetryClient(t, srv.URL, 2, 0, nil)

	for _, id := range ids {
		got, err := c.GetActionAttempt(context.Background(), id)
		if err != nil {
			t.Fatalf("read %s: %v", id, err)
		}
		if got.ActionAttemptID != id {
			t.Fatalf("read %s got %s", id, got.ActionAttemptID)
		}
	}
	if n := f.RequestCount(); n != 40 {
		t.Errorf("fake received %d requests, want 40 (20 x 503 then success)", n)
	}
	if n := conns.Load(); n != 1 {
		t.Errorf("new connections = %d, want 1", n)
	}
}

// ------------------------------------------------------------- NewClient

func TestNewClient_NegativeMaxRetries_Refused(t *testing.T) {
	for _, n := range []int{-1, -100} {
		c, err := NewClient(Config{Endpoint: DefaultEndpoint, Credential: apiKeyCredential, MaxRetries: n})
		if err == nil {
			t.Fatalf("NewClient(MaxRetries %d) succeeded", n)
		}
		if c != nil {
			t.Errorf("NewClient(MaxRetries %d) returned a client with error %v", n, err)
		}
		if want := fmt.Sprintf("max retries must be 0 or more, not %d", n); err.Error() != want {
			t.Errorf("error = %q, want %q", err.Error(), want)
		}
	}
	c, err := NewClient(Config{Endpoint: DefaultEndpoint, Credential: apiKeyCredential, MaxRetries: 0})
	if err != nil {
		t.Fatalf("NewClient(MaxRetries 0): %v", err)
	}
	if c.retryClient.RetryMax != 0 {
		t.Errorf("RetryMax = %d, want 0", c.retryClient.RetryMax)
	}
}
