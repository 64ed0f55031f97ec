package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// TestConcurrency_200ReadsWithTransientFaults plans 200 data sources with
// -parallelism=10 while one read in ten gets a 429 or 503 on its first try.
// Every read must succeed, and the provider must reuse its connections:
// no more TCP connections than reads in flight.
func TestConcurrency_200ReadsWithTransientFaults(t *testing.T) {
	const reads, parallelism = 200, 10
	const key = "seam_concurrency_key"
	fake := fakeseam.New()
	fake.AddAPIKey(key)
	var config strings.Builder
	ids := make([]string, reads)
	for i := range ids {
		ids[i] = fmt.Sprintf("attempt-%03d", i)
		fmt.Fprintf(&config, "data \"seam_action_attempt\" \"a%03d\" {\n  action_attempt_id = %q\n}\n", i, ids[i])
	}
	seedAttempts(fake, ids...)
	faulted := map[string]bool{}
	for i, id := range ids {
		if i%10 == 3 {
			faulted[id] = true
		}
	}
	// Faults go by id, not by arrival order, so that exactly the chosen
	// reads fail once, whatever order Terraform reads them in.
	fake.SetFault(func(r fakeseam.Request, attempt int) (fakeseam.Response, bool) {
		id := idOf(r.Body)
		if attempt != 1 || !faulted[id] {
			return fakeseam.Response{}, false
		}
		n, _ := strconv.Atoi(strings.TrimPrefix(id, "attempt-"))
		if n%20 == 3 {
			return fakeseam.Response{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}}, true
		}
		return fakeseam.Response{Status: http.StatusServiceUnavailable}, true
	})
	server := startCountingServer(t, fake)

	w := newWorkspace(t, providerConfig(server.URL)+config.String(), map[string]string{"SEAM_API_KEY": key})
	out, err := w.run("plan", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", parallelism))
	if err != nil {
		t.Fatalf("plan failed: %v\n%s", err, out)
	}

	requests := fake.Requests()
	wantRequests := reads + len(faulted)
	if len(requests) != wantRequests {
		t.Errorf("the fake received %d requests, want %d (%d reads + %d retries)", len(requests), wantRequests, reads, len(faulted))
	}
	readsOf := map[string]int{}
	for _, r := range requests {
		readsOf[idOf(r.Body)]++
	}
	for _, id := range ids {
		want := 1
		if faulted[id] {
			want = 2
		}
		if readsOf[id] != want {
			t.Errorf("%s was requested %d times, want %d", id, readsOf[id], want)
		}
	}
	connections := server.connections.Load()
	t.Logf("%d requests over %d TCP connections", len(requests), connections)
	if connections > parallelism {
		t.Errorf("the provider opened %d TCP connections for %d reads at -parallelism=%d; want at most %d (reuse)",
			connections, reads, parallelism, parallelism)
	}
}

// idOf reads the action_attempt_id from a request body.
func idOf(body []byte) string {
	var req struct {
		ID string `json:"action_attempt_id"`
	}
	_ = json.Unmarshal(body, &req)
	return req.ID
}
