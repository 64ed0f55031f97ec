package e2e

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// secretPieces is every piece of the credential of 10 bytes or more, and
// its base64 form: a leak of part of a token is a leak.
func secretPieces(secret string) []string {
	var pieces []string
	for i := 0; i+10 <= len(secret); i++ {
		pieces = append(pieces, secret[i:i+10])
	}
	return append(pieces, base64.StdEncoding.EncodeToString([]byte(secret)))
}

// TestRedaction_TraceLogStateAndOutput runs apply with TF_LOG=trace and the
// credential in SEAM_API_KEY, once succeeding and once against an answer that
// echoes the credential back, and checks that no piece of it reaches the
// log, the CLI's output or the state.
func TestRedaction_TraceLogStateAndOutput(t *testing.T) {
	const secret = "seam_Zq8vN3kP0wR5tY7uL2xMa9"
	fake := fakeseam.New()
	fake.AddAPIKey(secret)
	seedAttempts(fake, "attempt-ok", "attempt-echo")
	server := startCountingServer(t, fake)

	config := providerConfig(server.URL) + `
data "seam_action_attempt" "ok" {
  action_attempt_id = "attempt-ok"
}

output "status" {
  value = data.seam_action_attempt.ok.status
}
`
	w := newWorkspace(t, config, map[string]string{
		"SEAM_API_KEY": secret,
		"TF_LOG":       "trace",
		"TF_LOG_PATH":  "terraform.log",
	})
	out, err := w.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("apply failed: %v\n%s", err, out)
	}
	log := w.read("terraform.log")
	state := w.read("terraform.tfstate")
	// The log must really hold the provider's trace: otherwise this test
	// would pass on an empty log.
	if testing.Verbose() {
		for _, line := range strings.Split(log, "\n") {
			if strings.Contains(line, "Seam API") {
				t.Log(line)
			}
		}
	}
	for _, want := range []string{"Seam API request", "seam_request_id=", "tf_provider_addr=registry.terraform.io/seamapi/seam"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the trace log lacks %q; is TF_LOG reaching the provider?", want)
		}
	}
	if !strings.Contains(state, `"was_confirmed_by_device": true`) {
		t.Fatalf("the state lacks the result; did the read happen?\n%s", state)
	}
	pieces := secretPieces(secret)
	mustNotContain(t, "the trace log", log, pieces)
	mustNotContain(t, "the CLI output", out, pieces)
	mustNotContain(t, "the state", state, pieces)

	// Now a proxy-like answer that quotes the Authorization header back.
	fake.QueueResponses(fakeseam.Response{
		Status: http.StatusBadRequest,
		Header: http.Header{"Content-Type": {"text/html"}},
		Body:   "<html>Bad request: Authorization: Bearer " + secret + "</html>",
	})
	config = strings.Replace(config, `"attempt-ok"`, `"attempt-echo"`, 1)
	w.write("main.tf", config)
	out, err = w.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		t.Fatalf("apply succeeded against an error answer:\n%s", out)
	}
	if !strings.Contains(out, "Bearer [redacted]") {
		t.Errorf("the diagnostic does not show the redacted excerpt:\n%s", out)
	}
	log = w.read("terraform.log")
	mustNotContain(t, "the trace log after an echoed credential", log, pieces)
	mustNotContain(t, "the CLI output after an echoed credential", out, pieces)
}
