package conformance

// Each test here runs `terraform apply` with the built provider against
// Seam's own fake (see harness_test.go). Attempts are made the way a user's
// code makes them, through the fake's action routes (POST /locks/unlock_door
// on the seeded lock), and their status is then driven with
// POST /_fake/update_action_attempt. The fake keeps one database for the
// whole run, so every test makes its own attempts and the tests run in
// parallel; only the outage test uses workspace 2 (TestWireFormat does too,
// but it is not parallel, so it is done before the outage starts).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"strings"
	"sync"
	"testing"
	"time"
)

// attemptOf returns the output "attempt" (the whole data source).
func attemptOf(t *testing.T, w *workspace) map[string]any {
	t.Helper()
	attempt, ok := w.outputs()["attempt"].(map[string]any)
	if !ok {
		t.Fatalf("output attempt is not an object: %v", w.outputs())
	}
	return attempt
}

// wantUnlockAttempt checks the attributes of a read UNLOCK_DOOR attempt.
// Values are compared as JSON; nil means null.
func wantUnlockAttempt(t *testing.T, got map[string]any, id, status string, result any, resultJSON any, errObj any) {
	t.Helper()
	want := map[string]any{
		"action_attempt_id": id,
		"action_type":       "UNLOCK_DOOR",
		"status":            status,
		"result":            result,
		"result_json":       resultJSON,
		"error":             errObj,
	}
	for k, v := range want {
		if !jsonEqual(got[k], v) {
			t.Errorf("%s = %s, want %s", k, jsonOf(got[k]), jsonOf(v))
		}
	}
}

func jsonOf(v any) string {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(raw)
}

func jsonEqual(a, b any) bool { return jsonOf(a) == jsonOf(b) }

// ------------------------------------------------ credential kinds

// An API key in SEAM_API_KEY reads an attempt that unlock_door made; Seam's
// fake stores it as succeeded with a null result.
func TestAPIKeyFromEnvironment_SucceededAttempt(t *testing.T) {
	needFake(t)
	t.Parallel()
	id := unlockDoor(t)
	w := newWorkspace(t, attemptConfig("", id, ""), map[string]string{"SEAM_API_KEY": seed.APIKey1})
	w.apply()
	wantUnlockAttempt(t, attemptOf(t, w), id, "success", nil, nil, nil)
}

// A personal access token needs the seam-workspace header: Seam's fake
// refuses the token without it (see TestWireFormat), so this read shows the
// provider sends workspace_id there.
func TestPersonalAccessTokenWithWorkspace_SucceededAttempt(t *testing.T) {
	needFake(t)
	t.Parallel()
	id := unlockDoor(t)
	creds := fmt.Sprintf("  personal_access_token = %q\n  workspace_id          = %q", seed.PersonalAccessToken, seed.Workspace1)
	w := newWorkspace(t, attemptConfig(creds, id, ""), nil)
	w.apply()
	wantUnlockAttempt(t, attemptOf(t, w), id, "success", nil, nil, nil)
}

// A client session token from SEAM_CLIENT_SESSION_TOKEN.
func TestClientSessionTokenFromEnvironment_SucceededAttempt(t *testing.T) {
	needFake(t)
	t.Parallel()
	id := unlockDoor(t)
	w := newWorkspace(t, attemptConfig("", id, ""), map[string]string{"SEAM_CLIENT_SESSION_TOKEN": seed.ClientSessionToken})
	w.apply()
	wantUnlockAttempt(t, attemptOf(t, w), id, "success", nil, nil, nil)
}

// ------------------------------------------------ statuses

// A result set through the fake reaches both result and result_json.
func TestSucceededAttempt_WithResult(t *testing.T) {
	needFake(t)
	t.Parallel()
	id := unlockDoor(t)
	setAttempt(t, id, "success", map[string]any{"was_confirmed_by_device": true}, "", "")
	w := newWorkspace(t, attemptConfig("", id, ""), map[string]string{"SEAM_API_KEY": seed.APIKey1})
	w.apply()
	wantUnlockAttempt(t, attemptOf(t, w), id, "success",
		map[string]any{"was_confirmed_by_device": true}, `{"was_confirmed_by_device":true}`, nil)
}

// A pending attempt reads as pending, with neither result nor error.
func TestPendingAttempt(t *testing.T) {
	needFake(t)
	t.Parallel()
	id := unlockDoor(t)
	setAttempt(t, id, "pending", nil, "", "")
	w := newWorkspace(t, attemptConfig("", id, ""), map[string]string{"SEAM_API_KEY": seed.APIKey1})
	w.apply()
	wantUnlockAttempt(t, attemptOf(t, w), id, "pending", nil, nil, nil)
}

// A failed attempt is data, not a Terraform error: apply succeeds and error
// carries Seam's type and message.
func TestFailedAttempt_IsNotATerraformError(t *testing.T) {
	needFake(t)
	t.Parallel()
	id := unlockDoor(t)
	setAttempt(t, id, "error", nil, "bridge_disconnected", "The bridge is offline, so the lock could not be reached.")
	w := newWorkspace(t, attemptConfig("", id, ""), map[string]string{"SEAM_API_KEY": seed.APIKey1})
	w.apply()
	wantUnlockAttempt(t, attemptOf(t, w), id, "error", nil, nil,
		map[string]any{"type": "bridge_disconnected", "message": "The bridge is offline, so the lock could not be reached."})
}

// ------------------------------------------------ errors

// An id the fake does not know: one diagnostic on action_attempt_id, with
// Seam's error type and message and the request id.
func TestUnknownID_404(t *testing.T) {
	needFake(t)
	t.Parallel()
	const id = "conformance-no-such-attempt"
	w := newWorkspace(t, attemptConfig("", id, ""), map[string]string{"SEAM_API_KEY": seed.APIKey1})
	out := w.applyFails()
	mustMatch(t, out,
		`Error: Action attempt not found with data\.seam_action_attempt\.attempt, on main\.tf line \d+, in data "seam_action_attempt" "attempt": \d+: action_attempt_id = "`+id+`"`,
		`Seam has no action attempt with id "`+id+`" that this credential can see`,
		`HTTP status: 404 Not Found Seam error type: action_attempt_not_found Seam error message: action_attempt not found seam-request-id: request\d+`)
	if n := strings.Count(out, "Error: "); n != 1 {
		t.Errorf("%d diagnostics, want 1:\n%s", n, out)
	}
}

// A key the fake does not know: 401, not retried, naming where the key came
// from and never its value.
func TestWrongAPIKey_401(t *testing.T) {
	needFake(t)
	t.Parallel()
	const wrongKey = "seam_conformance_wrongkey_7Qx2"
	id := unlockDoor(t)
	w := newWorkspace(t, attemptConfig("", id, ""), map[string]string{"SEAM_API_KEY": wrongKey})
	out := w.applyFails()
	mustMatch(t, out,
		`Error: Seam API rejected the credentials`,
		`Seam refused the credential from the SEAM_API_KEY environment variable while reading action attempt "`+id+`"`,
		`HTTP status: 401 Unauthorized Seam error type: unauthorized Seam error message: API Key not found seam-request-id: request\d+`)
	mustNotContain(t, out, wrongKey, "Attempts:")
}

// During a simulated outage of workspace 2 the fake answers 503 with an
// empty body: the provider retries it (max_retries defaults to 2), then
// reports the last answer.
func TestWorkspaceOutage_503_RetriedThenReported(t *testing.T) {
	needFake(t)
	t.Parallel()
	id := unlockDoor(t)
	read := func() int {
		got, err := seamFake.do(http.MethodPost, "/action_attempts/get", map[string]string{"action_attempt_id": id},
			map[string]string{"Authorization": "Bearer " + seed.APIKey2, "Content-Type": "application/json"})
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}
	// Seam's fake has no workspace scoping: workspace 2's key reads the
	// attempt, so the 503 below is the outage and nothing else.
	if status := read(); status != http.StatusOK {
		t.Fatalf("before the outage, workspace 2's key got HTTP %d, want 200", status)
	}
	seamFake.postJSON(t, "/_fake/simulate_workspace_outage",
		map[string]any{"workspace_id": seed.Workspace2, "routes": []string{"/action_attempts/get"}}, nil, nil)
	if status := read(); status != http.StatusServiceUnavailable {
		t.Fatalf("during the outage, workspace 2's key got HTTP %d, want 503", status)
	}

	w := newWorkspace(t, attemptConfig("", id, ""), map[string]string{"SEAM_API_KEY": seed.APIKey2})
	out := w.applyFails()
	mustMatch(t, out,
		`Error: Unexpected response from the Seam API`,
		`While reading action attempt "`+id+`", the endpoint answered with something other than Seam's JSON`,
		`HTTP status: 503 Service Unavailable Problem: the response body is empty Attempts: 3 \(max_retries sets how many retries are made; the last failure is shown\) seam-request-id: request\d+`)
}

// ------------------------------------------------ waiting
//
// wait_for_completion and timeouts.read on data "seam_action_attempt". A
// loopback proxy in front of Seam's fake watches the polls, so that the
// attempt changes between two of them rather than at a guessed time.

// pollWatcher is a loopback reverse proxy in front of Seam's fake that
// counts the provider's reads of one attempt and what they answered, so a
// test can change the attempt between polls and check that the provider
// polled.
type pollWatcher struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []string // status in each /action_attempts/get answer, in order
	onPoll   func(n int, status string)
}

func newPollWatcher(t *testing.T, onPoll func(n int, status string)) *pollWatcher {
	t.Helper()
	p := &pollWatcher{onPoll: onPoll}
	proxy := httputil.NewSingleHostReverseProxy(seamFake.base)
	proxy.ModifyResponse = func(resp *http.Response) error {
		if resp.Request.URL.Path != "/action_attempts/get" || resp.StatusCode != http.StatusOK {
			return nil
		}
		body, err := readAndRestore(resp)
		if err != nil {
			return err
		}
		var out struct {
			ActionAttempt wireAttempt `json:"action_attempt"`
		}
		_ = json.Unmarshal(body, &out)
		p.mu.Lock()
		p.statuses = append(p.statuses, out.ActionAttempt.Status)
		n := len(p.statuses)
		p.mu.Unlock()
		if p.onPoll != nil {
			p.onPoll(n, out.ActionAttempt.Status)
		}
		return nil
	}
	p.Server = httptest.NewServer(proxy) // httptest binds 127.0.0.1
	t.Cleanup(p.Close)
	return p
}

func (p *pollWatcher) polls() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.statuses...)
}

// watchedConfig is attemptConfig with the provider pointed at the watcher.
func watchedConfig(p *pollWatcher, id, dataExtra string) string {
	return strings.Replace(attemptConfig("", id, dataExtra), seamFake.base.String(), p.URL, 1)
}

// A pending attempt that succeeds while the provider waits: the provider
// polls until it sees success, and reports the result.
func TestWaitForCompletion_PendingThenSuccess(t *testing.T) {
	needFake(t)
	t.Parallel()
	id := unlockDoor(t)
	setAttempt(t, id, "pending", nil, "", "")
	var flip sync.Once
	watcher := newPollWatcher(t, func(n int, status string) {
		// The flip happens only after the provider has seen pending twice,
		// so a success can come only from polling again.
		if n == 2 && status == "pending" {
			flip.Do(func() {
				if err := updateAttempt(id, "success", map[string]any{"was_confirmed_by_device": true}, "", ""); err != nil {
					t.Error(err)
				}
			})
		}
	})
	w := newWorkspace(t, watchedConfig(watcher, id, "  wait_for_completion = true\n  timeouts = {\n    read = \"30s\"\n  }"),
		map[string]string{"SEAM_API_KEY": seed.APIKey1})
	w.apply()
	wantUnlockAttempt(t, attemptOf(t, w), id, "success",
		map[string]any{"was_confirmed_by_device": true}, `{"was_confirmed_by_device":true}`, nil)
	polls := watcher.polls()
	if len(polls) < 3 || polls[0] != "pending" || polls[1] != "pending" || polls[len(polls)-1] != "success" {
		t.Errorf("polls saw %v, want pending, pending, …, success", polls)
	}
}

// An attempt that stays pending past timeouts.read: apply fails with a
// timeout that names the attempt, after polling more than once and within
// a few seconds of the deadline.
func TestWaitForCompletion_Timeout(t *testing.T) {
	needFake(t)
	t.Parallel()
	id := unlockDoor(t)
	setAttempt(t, id, "pending", nil, "", "")
	watcher := newPollWatcher(t, nil)
	w := newWorkspace(t, watchedConfig(watcher, id, "  wait_for_completion = true\n  timeouts = {\n    read = \"2s\"\n  }"),
		map[string]string{"SEAM_API_KEY": seed.APIKey1})
	start := time.Now()
	out := w.applyFails()
	if elapsed := time.Since(start); elapsed > 20*time.Second {
		t.Errorf("apply took %s with a 2s read timeout", elapsed)
	}
	mustMatch(t, out,
		`Error: Timed out waiting for the action attempt with data\.seam_action_attempt\.attempt, on main\.tf line \d+, in data "seam_action_attempt" "attempt": \d+: action_attempt_id = "`+id+`"`,
		`Action attempt "`+id+`" was still "pending" after 2(\.\d)?s of waiting \(\d+ polls\), and timeouts\.read is 2s\.`)
	polls := watcher.polls()
	if len(polls) < 2 {
		t.Errorf("polls saw %v, want at least two pending answers", polls)
	}
	for _, s := range polls {
		if s != "pending" {
			t.Errorf("polls saw %v, want only pending", polls)
			break
		}
	}
}

// ------------------------------------------------ the list data source
//
// data "seam_action_attempts". Seam's fake lists by action_attempt_ids only
// (device_id is no input there: see wire_test.go), so these list by ids.

// listConfig lists ids and outputs the list.
func listConfig(ids []string) string {
	quoted, _ := json.Marshal(ids)
	return providerBlock("") + fmt.Sprintf(`
data "seam_action_attempts" "list" {
  action_attempt_ids = %s
}

output "action_attempts" {
  value     = data.seam_action_attempts.list.action_attempts
  sensitive = true
}
`, quoted)
}

// Two known ids and an unknown one: the two attempts, each with its status,
// result and error; the unknown id is left out, as Seam's fake does.
func TestListByIDs_KnownAttemptsOnly(t *testing.T) {
	needFake(t)
	t.Parallel()
	succeeded, failed := unlockDoor(t), unlockDoor(t)
	setAttempt(t, succeeded, "success", map[string]any{"was_confirmed_by_device": true}, "", "")
	setAttempt(t, failed, "error", nil, "bridge_disconnected", "The bridge is offline.")
	w := newWorkspace(t, listConfig([]string{succeeded, "conformance-no-such-attempt", failed}),
		map[string]string{"SEAM_API_KEY": seed.APIKey1})
	w.apply()
	list, ok := w.outputs()["action_attempts"].([]any)
	if !ok || len(list) != 2 {
		t.Fatalf("action_attempts = %s, want two attempts", jsonOf(w.outputs()["action_attempts"]))
	}
	byID := map[string]map[string]any{}
	for _, item := range list {
		a, _ := item.(map[string]any)
		id, _ := a["action_attempt_id"].(string)
		byID[id] = a
	}
	want := map[string]map[string]any{
		succeeded: {"action_attempt_id": succeeded, "action_type": "UNLOCK_DOOR", "status": "success",
			"result_json": `{"was_confirmed_by_device":true}`, "error": nil},
		failed: {"action_attempt_id": failed, "action_type": "UNLOCK_DOOR", "status": "error",
			"result_json": nil, "error": map[string]any{"type": "bridge_disconnected", "message": "The bridge is offline."}},
	}
	for id, attrs := range want {
		got, ok := byID[id]
		if !ok {
			t.Errorf("attempt %s is not in the list %s", id, jsonOf(list))
			continue
		}
		for k, v := range attrs {
			if !jsonEqual(got[k], v) {
				t.Errorf("attempt %s: %s = %s, want %s", id, k, jsonOf(got[k]), jsonOf(v))
			}
		}
	}
}

// Only unknown ids: Seam's fake answers 404 action_attempts_not_found,
// which is an empty list, not an error.
func TestListByIDs_OnlyUnknown_EmptyList(t *testing.T) {
	needFake(t)
	t.Parallel()
	w := newWorkspace(t, listConfig([]string{"conformance-no-such-attempt"}), map[string]string{"SEAM_API_KEY": seed.APIKey1})
	w.apply()
	if got := jsonOf(w.outputs()["action_attempts"]); got != "[]" {
		t.Errorf("action_attempts = %s, want []", got)
	}
}
