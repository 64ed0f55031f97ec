package seam

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// The wait tests sleep rather than compute, so they run in parallel: the
// file takes about as long as its longest test (~3.3 s).

// timingSlack is how late a poll may come on a busy machine (with -race).
const timingSlack = 200 * time.Millisecond

// earlySlack: a wait's clock starts inside WaitForActionAttempt, a moment
// after the test created the context, so it may read a little less than
// the context's timeout.
const earlySlack = 50 * time.Millisecond

// newPendingFake is newFake with testAttemptID stored as pending.
func newPendingFake(t *testing.T) (*fakeseam.Fake, *httptest.Server) {
	t.Helper()
	f, srv := newFake(t)
	f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: testAttemptID, ActionType: "ENCODE_CREDENTIAL", Status: "pending"})
	return f, srv
}

// checkPollRequests asserts that every request the fake got is a poll of
// testAttemptID, and returns them.
func checkPollRequests(t *testing.T, f *fakeseam.Fake) []fakeseam.Request {
	t.Helper()
	reqs := f.Requests()
	want := `{"action_attempt_id":"` + testAttemptID + `"}`
	for i, r := range reqs {
		if r.Method != http.MethodPost || r.Path != "/action_attempts/get" || string(r.Body) != want {
			t.Errorf("request %d = %s %s %s, want POST /action_attempts/get %s", i, r.Method, r.Path, r.Body, want)
		}
	}
	return reqs
}

// checkPollGaps asserts that poll n+1 came pollInterval(n) after poll n:
// never earlier (the timer starts after poll n's answer), and at most
// timingSlack later.
func checkPollGaps(t *testing.T, reqs []fakeseam.Request) {
	t.Helper()
	for i := 1; i < len(reqs); i++ {
		gap := reqs[i].Time.Sub(reqs[i-1].Time)
		want := pollInterval(i)
		if gap < want || gap > want+timingSlack {
			t.Errorf("poll %d came %v after poll %d, want %v (+ at most %v)", i+1, gap, i, want, timingSlack)
		}
	}
}

func asWaitTimeoutError(t *testing.T, err error) *WaitTimeoutError {
	t.Helper()
	var timeoutErr *WaitTimeoutError
	if !errors.As(err, &timeoutErr) {
		t.Fatalf("error = %T %v, want *WaitTimeoutError", err, err)
	}
	return timeoutErr
}

// ------------------------------------------------------------ pollInterval

func TestPollInterval_DoublesFrom250msAndCapsAt1s(t *testing.T) {
	want := map[int]time.Duration{
		1: 250 * time.Millisecond,
		2: 500 * time.Millisecond,
		3: time.Second,
		4: time.Second,
		5: time.Second,
		6: time.Second,
		// Large n must not overflow the shift into a negative or zero wait.
		11:      time.Second,
		12:      time.Second,
		64:      time.Second,
		1 << 20: time.Second,
	}
	for n, w := range want {
		if got := pollInterval(n); got != w {
			t.Errorf("pollInterval(%d) = %v, want %v", n, got, w)
		}
	}
	if pollIntervalMin != 250*time.Millisecond || pollIntervalMax != time.Second {
		t.Errorf("pollIntervalMin/Max = %v/%v, want 250ms/1s", pollIntervalMin, pollIntervalMax)
	}
}

// ------------------------------------------------------- already finished

func TestWait_AlreadyFinished_OneRequestReturnedAsIs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		attempt fakeseam.ActionAttempt
		want    ActionAttempt
	}{
		{
			name: "success",
			attempt: fakeseam.ActionAttempt{
				ActionAttemptID: testAttemptID, ActionType: "UNLOCK_DOOR", Status: "success",
				Result: json.RawMessage(`{"was_confirmed_by_device":true}`),
			},
			want: ActionAttempt{
				ActionAttemptID: testAttemptID, ActionType: "UNLOCK_DOOR", Status: "success",
				Result: json.RawMessage(`{"was_confirmed_by_device":true}`),
			},
		},
		{
			name: "error is a result, not a Go error",
			attempt: fakeseam.ActionAttempt{
				ActionAttemptID: testAttemptID, ActionType: "LOCK_DOOR", Status: "error",
				Error: &fakeseam.ActionAttemptError{Type: "bridge_disconnected", Message: "The bridge is offline."},
			},
			want: ActionAttempt{
				ActionAttemptID: testAttemptID, ActionType: "LOCK_DOOR", Status: "error",
				Error: &ActionAttemptError{Type: "bridge_disconnected", Message: "The bridge is offline."},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, srv := newFake(t)
			f.PutActionAttempt(tt.attempt)
			c := newTestClient(t, srv.URL, apiKeyCredential)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()

			start := time.Now()
			got, err := c.WaitForActionAttempt(ctx, testAttemptID)
			elapsed := time.Since(start)
			if err != nil {
				t.Fatalf("WaitForActionAttempt: %v", err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("attempt = %+v, want %+v", *got, tt.want)
			}
			if reqs := checkPollRequests(t, f); len(reqs) != 1 {
				t.Errorf("fake received %d requests, want 1", len(reqs))
			}
			if elapsed >= pollIntervalMin {
				t.Errorf("call took %v, want no sleep before returning a finished attempt", elapsed)
			}
		})
	}
}

// TestWait_UnknownStatus_TreatedAsFinished: only "pending" is waited on;
// a status this client does not know passes through at once.
func TestWait_UnknownStatus_TreatedAsFinished(t *testing.T) {
	t.Parallel()
	f, srv := newFake(t)
	f.PutActionAttemptJSON(testAttemptID, `{"action_attempt_id":"`+testAttemptID+`","action_type":"FUTURE_TYPE","status":"queued","result":null,"error":null}`)
	c := newTestClient(t, srv.URL, apiKeyCredential)
	// Bounded, so that a wait that treats "queued" as pending fails, not hangs.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	got, err := c.WaitForActionAttempt(ctx, testAttemptID)
	if err != nil {
		t.Fatalf("WaitForActionAttempt: %v", err)
	}
	if got.Status != "queued" || got.ActionType != "FUTURE_TYPE" {
		t.Errorf("attempt = %+v, want status queued, type FUTURE_TYPE", *got)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
}

// ------------------------------------------------- pending, then finished

// TestWait_PendingThenSuccess_SeenWithinOnePollInterval: the attempt
// succeeds 600 ms in. Polls at 0, 250 and 750 ms: the third sees it.
func TestWait_PendingThenSuccess_SeenWithinOnePollInterval(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)
	flip := f.PutActionAttemptAfter(600*time.Millisecond, fakeseam.ActionAttempt{
		ActionAttemptID: testAttemptID, ActionType: "ENCODE_CREDENTIAL", Status: "success",
		Result: json.RawMessage(`{"acs_credential_id":"cred_1"}`),
	})
	defer flip.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	got, err := c.WaitForActionAttempt(ctx, testAttemptID)
	if err != nil {
		t.Fatalf("WaitForActionAttempt: %v", err)
	}
	want := ActionAttempt{
		ActionAttemptID: testAttemptID, ActionType: "ENCODE_CREDENTIAL", Status: "success",
		Result: json.RawMessage(`{"acs_credential_id":"cred_1"}`),
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("attempt = %+v, want %+v", *got, want)
	}

	flippedAt := flip.At()
	if flippedAt.IsZero() {
		t.Fatal("the attempt was returned as success but the flip never happened")
	}
	reqs := checkPollRequests(t, f)
	// 3 on schedule; 2 only if the 250 ms poll came more than 350 ms late.
	if len(reqs) < 2 || len(reqs) > 3 {
		t.Fatalf("fake received %d requests, want 3 (polls at 0, 250, 750 ms)", len(reqs))
	}
	// Every poll but the last saw pending, so it arrived before the flip;
	// the last saw success and arrived at most one poll interval after it.
	for i, r := range reqs[:len(reqs)-1] {
		if !r.Time.Before(flippedAt) {
			t.Errorf("poll %d (which saw pending) arrived %v after the flip", i+1, r.Time.Sub(flippedAt))
		}
	}
	last := reqs[len(reqs)-1]
	lag := last.Time.Sub(flippedAt)
	if lag > pollIntervalMax+timingSlack {
		t.Errorf("the poll that saw success came %v after the flip, want within %v + %v", lag, pollIntervalMax, timingSlack)
	}
	if maxLag := pollInterval(len(reqs)-1) + timingSlack; lag > maxLag {
		t.Errorf("the poll that saw success came %v after the flip, want within %v (one interval)", lag, maxLag)
	}
	checkPollGaps(t, reqs)
}

func TestWait_PendingThenError_ReturnedWithErrorNotAGoError(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)
	flip := f.PutActionAttemptAfter(300*time.Millisecond, fakeseam.ActionAttempt{
		ActionAttemptID: testAttemptID, ActionType: "ENCODE_CREDENTIAL", Status: "error",
		Error: &fakeseam.ActionAttemptError{Type: "no_credential_on_encoder", Message: "No card was placed on the encoder."},
	})
	defer flip.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	got, err := c.WaitForActionAttempt(ctx, testAttemptID)
	if err != nil {
		t.Fatalf("WaitForActionAttempt: %v, want the failed attempt and no error", err)
	}
	want := ActionAttempt{
		ActionAttemptID: testAttemptID, ActionType: "ENCODE_CREDENTIAL", Status: "error",
		Error: &ActionAttemptError{Type: "no_credential_on_encoder", Message: "No card was placed on the encoder."},
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("attempt = %+v, want %+v", *got, want)
	}
	// Polls at 0, 250 (pending) and 750 ms (error).
	reqs := checkPollRequests(t, f)
	if len(reqs) < 2 || len(reqs) > 3 {
		t.Errorf("fake received %d requests, want 3", len(reqs))
	}
	checkPollGaps(t, reqs)
}

// ------------------------------------------------------------- deadlines

// TestWait_StaysPending_DeadlineGivesWaitTimeoutError: polls at 0, 250
// and 750 ms; the next would be at 1.75 s, after the 1.5 s deadline.
func TestWait_StaysPending_DeadlineGivesWaitTimeoutError(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()

	start := time.Now()
	got, err := c.WaitForActionAttempt(ctx, testAttemptID)
	elapsed := time.Since(start)
	if got != nil {
		t.Errorf("attempt = %+v, want nil", *got)
	}
	timeoutErr := asWaitTimeoutError(t, err)
	reqs := checkPollRequests(t, f)
	if len(reqs) != 3 {
		t.Errorf("fake received %d requests, want 3 (polls at 0, 250, 750 ms)", len(reqs))
	}
	if timeoutErr.ActionAttemptID != testAttemptID || timeoutErr.LastStatus != "pending" || timeoutErr.Polls != len(reqs) {
		t.Errorf("WaitTimeoutError = %+v, want id %s, LastStatus pending, Polls %d", *timeoutErr, testAttemptID, len(reqs))
	}
	if timeoutErr.Waited < 1500*time.Millisecond-earlySlack || timeoutErr.Waited > 1500*time.Millisecond+timingSlack {
		t.Errorf("Waited = %v, want about 1.5s", timeoutErr.Waited)
	}
	if elapsed > 1500*time.Millisecond+timingSlack {
		t.Errorf("call took %v, want it to return at the 1.5s deadline", elapsed)
	}
	// The exact format is TestWaitTimeoutError_Error's; Waited may round to 1.6s.
	msg := err.Error()
	if !strings.HasPrefix(msg, `action attempt "`+testAttemptID+`" was still pending after 1.`) || !strings.HasSuffix(msg, "s (3 polls)") {
		t.Errorf("Error() = %q, want about 1.5s and 3 polls", msg)
	}
	checkPollGaps(t, reqs)
}

// TestWait_StaysPending_IntervalCappedAt1s: over 3.2 s the polls are at 0,
// 0.25, 0.75, 1.75 and 2.75 s: after the third the wait stays at 1 s.
func TestWait_StaysPending_IntervalCappedAt1s(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithTimeout(context.Background(), 3200*time.Millisecond)
	defer cancel()

	_, err := c.WaitForActionAttempt(ctx, testAttemptID)
	timeoutErr := asWaitTimeoutError(t, err)
	reqs := checkPollRequests(t, f)
	if len(reqs) != 5 {
		t.Errorf("fake received %d requests, want 5 (polls at 0, 0.25, 0.75, 1.75, 2.75 s)", len(reqs))
	}
	if timeoutErr.Polls != len(reqs) {
		t.Errorf("Polls = %d, want %d (the requests made)", timeoutErr.Polls, len(reqs))
	}
	checkPollGaps(t, reqs)
}

// TestWait_DeadlineDuringFirstRequest_BlamesCallerDeadline: the deadline
// ends while the first poll is in flight (the server holds it 5 s, the
// per-attempt timeout is 10 s). No status is known, so this is the
// request's error, and it must not claim the per-attempt request timeout.
func TestWait_DeadlineDuringFirstRequest_BlamesCallerDeadline(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	f.SetFault(func(fakeseam.Request, int) (fakeseam.Response, bool) {
		return fakeseam.Response{Delay: 5 * time.Second, Body: successBody}, true
	})
	c := newTestClient(t, srv.URL, apiKeyCredential) // RequestTimeout 10 s
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()

	start := time.Now()
	got, err := c.WaitForActionAttempt(ctx, testAttemptID)
	elapsed := time.Since(start)
	if got != nil {
		t.Errorf("attempt = %+v, want nil", *got)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want one satisfying errors.Is(err, context.DeadlineExceeded)", err)
	}
	_ = asRequestError(t, err)
	var timeoutErr *WaitTimeoutError
	if errors.As(err, &timeoutErr) {
		t.Errorf("error = %v, want no WaitTimeoutError: no status was ever seen", err)
	}
	for _, wrong := range []string{"request timeout", "10s"} {
		if strings.Contains(err.Error(), wrong) {
			t.Errorf("Error() = %q blames the per-attempt timeout (contains %q); the caller's deadline ended it", err.Error(), wrong)
		}
	}
	if elapsed < 300*time.Millisecond-earlySlack || elapsed > 300*time.Millisecond+timingSlack {
		t.Errorf("call took %v, want about the 300ms deadline", elapsed)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
	closeWithin(t, srv, 2*time.Second)
}

// TestWait_PerAttemptTimeoutDuringFirstRequest_BlamesRequestTimeout is the
// counterpart: with a distant deadline, a 200 ms per-attempt timeout is
// what ends the request, and the error says so.
func TestWait_PerAttemptTimeoutDuringFirstRequest_BlamesRequestTimeout(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	f.SetFault(func(fakeseam.Request, int) (fakeseam.Response, bool) {
		return fakeseam.Response{Delay: 5 * time.Second, Body: successBody}, true
	})
	c := newRetryClient(t, srv.URL, 0, 200*time.Millisecond, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	_, err := c.WaitForActionAttempt(ctx, testAttemptID)
	_ = asRequestError(t, err)
	if want := "no complete answer within 200ms, the request timeout"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error = %v, want it to contain %q", err, want)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
	closeWithin(t, srv, 2*time.Second)
}

// TestWait_DeadlineDuringLaterRequest_WaitTimeoutError: the first poll
// saw pending, the second is held by the server past the 600 ms deadline.
// That is a timeout of the wait (the status is known), and Polls counts
// the requests sent: 2, the one cut short included.
func TestWait_DeadlineDuringLaterRequest_WaitTimeoutError(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	f.SetFault(func(_ fakeseam.Request, attempt int) (fakeseam.Response, bool) {
		if attempt >= 2 {
			return fakeseam.Response{Delay: 10 * time.Second, Body: successBody}, true
		}
		return fakeseam.Response{}, false
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithTimeout(context.Background(), 600*time.Millisecond)
	defer cancel()

	start := time.Now()
	_, err := c.WaitForActionAttempt(ctx, testAttemptID)
	elapsed := time.Since(start)
	timeoutErr := asWaitTimeoutError(t, err)
	if timeoutErr.ActionAttemptID != testAttemptID || timeoutErr.LastStatus != "pending" || timeoutErr.Polls != 2 {
		t.Errorf("WaitTimeoutError = %+v, want id %s, LastStatus pending, Polls 2", *timeoutErr, testAttemptID)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("a timed-out wait is not a context.DeadlineExceeded")
	}
	if timeoutErr.Waited < 600*time.Millisecond-earlySlack || timeoutErr.Waited > 600*time.Millisecond+timingSlack {
		t.Errorf("Waited = %v, want about 600ms", timeoutErr.Waited)
	}
	if elapsed > 600*time.Millisecond+timingSlack {
		t.Errorf("call took %v, want about the 600ms deadline, not the 10 s server delay", elapsed)
	}
	if n := f.RequestCount(); n != 2 {
		t.Errorf("fake received %d requests, want 2", n)
	}
	closeWithin(t, srv, 2*time.Second)
}

// ----------------------------------------------------------- cancellation

// TestWait_CancelledWhileSleeping_CanceledPromptly: polls at 0 and 250 ms,
// then a 500 ms sleep that the cancel at 300 ms interrupts.
func TestWait_CancelledWhileSleeping_CanceledPromptly(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelledAt time.Time
	cancelled := make(chan struct{})
	time.AfterFunc(300*time.Millisecond, func() {
		cancelledAt = time.Now()
		cancel()
		close(cancelled)
	})

	got, err := c.WaitForActionAttempt(ctx, testAttemptID)
	returnedAt := time.Now()
	<-cancelled
	if got != nil {
		t.Errorf("attempt = %+v, want nil", *got)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one satisfying errors.Is(err, context.Canceled)", err)
	}
	var timeoutErr *WaitTimeoutError
	if errors.As(err, &timeoutErr) {
		t.Errorf("error = %v, want no WaitTimeoutError for a cancel", err)
	}
	if lag := returnedAt.Sub(cancelledAt); lag > timingSlack {
		t.Errorf("returned %v after the cancel, want promptly (the next poll was 450 ms away)", lag)
	}
	if reqs := checkPollRequests(t, f); len(reqs) != 2 {
		t.Errorf("fake received %d requests, want 2 (polls at 0 and 250 ms)", len(reqs))
	}
}

func TestWait_CancelledDuringRequest_CanceledPromptly(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	f.SetFault(func(_ fakeseam.Request, attempt int) (fakeseam.Response, bool) {
		if attempt >= 2 {
			return fakeseam.Response{Delay: 10 * time.Second, Body: successBody}, true
		}
		return fakeseam.Response{}, false
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(400*time.Millisecond, cancel)

	start := time.Now()
	_, err := c.WaitForActionAttempt(ctx, testAttemptID)
	elapsed := time.Since(start)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one satisfying errors.Is(err, context.Canceled)", err)
	}
	_ = asRequestError(t, err)
	var timeoutErr *WaitTimeoutError
	if errors.As(err, &timeoutErr) {
		t.Errorf("error = %v, want no WaitTimeoutError for a cancel", err)
	}
	if elapsed > 400*time.Millisecond+timingSlack {
		t.Errorf("call took %v, want about the 400ms until cancel", elapsed)
	}
	if n := f.RequestCount(); n != 2 {
		t.Errorf("fake received %d requests, want 2", n)
	}
	closeWithin(t, srv, 2*time.Second)
}

func TestWait_ContextAlreadyCancelled_NoRequest(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := c.WaitForActionAttempt(ctx, testAttemptID)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one satisfying errors.Is(err, context.Canceled)", err)
	}
	if n := f.RequestCount(); n != 0 {
		t.Errorf("fake received %d requests, want 0", n)
	}
}

// ---------------------------------------------------------------- errors

func TestWait_UnknownAttempt_404APIErrorAfterOneRequest(t *testing.T) {
	t.Parallel()
	f, srv := newFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.WaitForActionAttempt(context.Background(), testAttemptID)
	if got != nil {
		t.Errorf("attempt = %+v, want nil", *got)
	}
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != 404 || apiErr.Type != "action_attempt_not_found" || apiErr.RequestID != "req_1" {
		t.Errorf("APIError = %+v, want 404 action_attempt_not_found req_1", *apiErr)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
}

// TestWait_404DuringWait_APIErrorPromptly: the attempt disappears after
// the first poll; the wait stops at the second poll with Seam's error.
func TestWait_404DuringWait_APIErrorPromptly(t *testing.T) {
	t.Parallel()
	f, srv := newPendingFake(t)
	f.SetFault(func(_ fakeseam.Request, attempt int) (fakeseam.Response, bool) {
		if attempt >= 2 {
			return fakeseam.Response{
				Status: http.StatusNotFound,
				Header: http.Header{"Content-Type": {"application/json"}, "Seam-Request-Id": {"req_gone"}},
				Body:   seamErrorBody("action_attempt_not_found", "Action attempt not found"),
			}, true
		}
		return fakeseam.Response{}, false
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	start := time.Now()
	_, err := c.WaitForActionAttempt(ctx, testAttemptID)
	elapsed := time.Since(start)
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != 404 || apiErr.Type != "action_attempt_not_found" || apiErr.RequestID != "req_gone" {
		t.Errorf("APIError = %+v, want 404 action_attempt_not_found req_gone", *apiErr)
	}
	var timeoutErr *WaitTimeoutError
	if errors.As(err, &timeoutErr) {
		t.Errorf("error = %v, want the APIError, not a WaitTimeoutError", err)
	}
	if elapsed > pollIntervalMin+timingSlack {
		t.Errorf("call took %v, want it to stop at the second poll (250 ms)", elapsed)
	}
	if reqs := checkPollRequests(t, f); len(reqs) != 2 {
		t.Errorf("fake received %d requests, want 2", len(reqs))
	}
}

// ------------------------------------------------------- WaitTimeoutError

func TestWaitTimeoutError_Error(t *testing.T) {
	e := &WaitTimeoutError{ActionAttemptID: "att_1", Waited: 1549 * time.Millisecond, Polls: 3, LastStatus: "pending"}
	if got, want := e.Error(), `action attempt "att_1" was still pending after 1.5s (3 polls)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	e = &WaitTimeoutError{ActionAttemptID: "att_2", Waited: 10*time.Second + 60*time.Millisecond, Polls: 12, LastStatus: "pending"}
	if got, want := e.Error(), `action attempt "att_2" was still pending after 10.1s (12 polls)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
