package e2e

import (
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestProxy_HTTPSProxyHonoured points HTTPS_PROXY at a recording proxy on
// 127.0.0.1 that refuses every tunnel. The provider must ask the proxy for a
// tunnel to the endpoint's host (and so never resolve or dial it itself),
// and report the refusal as a reachability problem.
func TestProxy_HTTPSProxyHonoured(t *testing.T) {
	var mu sync.Mutex
	var tunnels []string
	proxy := startCountingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		tunnels = append(tunnels, r.Method+" "+r.Host)
		mu.Unlock()
		http.Error(w, "tunnels are not allowed here", http.StatusForbidden)
	}))

	config := providerConfig("https://seam-api.invalid") + `
data "seam_action_attempt" "a" {
  action_attempt_id = "attempt-1"
}
`
	w := newWorkspace(t, config, map[string]string{
		"SEAM_API_KEY": "seam_proxy_test_key",
		"HTTPS_PROXY":  proxy.URL,
	})
	out, err := w.run("plan", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("plan succeeded through a proxy that refuses everything:\n%s", out)
	}
	if !strings.Contains(out, "Could not reach the Seam API") || !strings.Contains(out, "Forbidden") {
		t.Errorf("the diagnostic does not report the proxy's refusal:\n%s", out)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(tunnels) == 0 {
		t.Fatal("the proxy saw no request: HTTPS_PROXY was ignored")
	}
	for _, tunnel := range tunnels {
		if tunnel != "CONNECT seam-api.invalid:443" {
			t.Errorf("the proxy saw %q, want CONNECT seam-api.invalid:443", tunnel)
		}
	}
}
