package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// loggingReads is how many data sources the logging tests plan: more than
// the provider processes write start-up lines, so that a per-read line
// cannot hide among them.
const loggingReads = 20

// newLoggingWorkspace is a workspace planning loggingReads data sources
// against a fresh fake.
func newLoggingWorkspace(t *testing.T, env map[string]string) (*workspace, *fakeseam.Fake) {
	t.Helper()
	const key = "seam_logging_key_0123456789"
	fake := fakeseam.New()
	fake.AddAPIKey(key)
	var config strings.Builder
	ids := make([]string, loggingReads)
	for i := range ids {
		ids[i] = fmt.Sprintf("attempt-%02d", i)
		fmt.Fprintf(&config, "data \"seam_action_attempt\" \"a%02d\" {\n  action_attempt_id = %q\n}\n", i, ids[i])
	}
	seedAttempts(fake, ids...)
	server := startCountingServer(t, fake)
	env["SEAM_API_KEY"] = key
	return newWorkspace(t, providerConfig(server.URL)+config.String(), env), fake
}

// captureProviderStderr makes the workspace run the provider through a
// wrapper that appends the provider's stderr, which Terraform otherwise
// parses and may discard, to a file, whose path it returns.
func captureProviderStderr(t *testing.T, w *workspace) string {
	t.Helper()
	dir := filepath.Join(w.dir, "wrapped-provider")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	stderrFile := filepath.Join(w.dir, "provider-stderr.log")
	script := fmt.Sprintf("#!/bin/sh\nexec %q \"$@\" 2>>%q\n", filepath.Join(providerDir, "terraform-provider-seam"), stderrFile)
	if err := os.WriteFile(filepath.Join(dir, "terraform-provider-seam"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	w.write("terraformrc", fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/seamapi/seam\" = %q\n  }\n  direct {}\n}\n", dir))
	return stderrFile
}

func (w *workspace) plan(fake *fakeseam.Fake) string {
	w.t.Helper()
	before := len(fake.Requests())
	out, err := w.run("plan", "-input=false", "-no-color", "-parallelism=10")
	if err != nil {
		w.t.Fatalf("plan failed: %v\n%s", err, out)
	}
	if got := len(fake.Requests()) - before; got != loggingReads {
		w.t.Fatalf("the fake got %d requests, want %d: the reads did not all happen", got, loggingReads)
	}
	return out
}

// TestLogging_OffByDefault_NoPerReadLines plans with no TF_LOG variable and
// reads what the provider processes write to stderr: with logging off,
// Terraform would parse and discard every line, so there must be none per
// read. A second plan with TF_LOG=trace through the same capture shows that
// the capture does see the lines when they are written.
func TestLogging_OffByDefault_NoPerReadLines(t *testing.T) {
	w, fake := newLoggingWorkspace(t, map[string]string{})
	stderrFile := captureProviderStderr(t, w)
	w.plan(fake)
	stderr := w.read("provider-stderr.log")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	if stderr == "" {
		lines = nil
	}
	t.Logf("logging off: the provider processes wrote %d lines to stderr", len(lines))
	var perReadLines []string
	for _, line := range lines {
		for _, perRead := range []string{"ReadDataSource", "ValidateDataResourceConfig", "seam_action_attempt", "Seam API"} {
			if strings.Contains(line, perRead) {
				perReadLines = append(perReadLines, line)
				break
			}
		}
	}
	if len(perReadLines) > 0 {
		t.Errorf("with logging off, the provider wrote %d per-read lines to stderr, such as:\n%s",
			len(perReadLines), strings.Join(perReadLines[:min(3, len(perReadLines))], "\n"))
	}
	if len(lines) >= loggingReads {
		t.Errorf("with logging off, the provider wrote %d stderr lines for %d reads; want only a few start-up lines, not one per read",
			len(lines), loggingReads)
	}

	// The control: the same capture with TF_LOG=trace holds every line,
	// the SDKs' per-read lines included.
	if err := os.Remove(stderrFile); err != nil {
		t.Fatal(err)
	}
	w.env = append(w.env, "TF_LOG=trace", "TF_LOG_PATH="+filepath.Join(w.dir, "terraform.log"))
	w.plan(fake)
	traced := w.read("provider-stderr.log")
	if n := strings.Count(traced, "Seam API request"); n < loggingReads {
		t.Fatalf("the capture saw %d \"Seam API request\" lines with TF_LOG=trace, want at least %d: is it capturing?", n, loggingReads)
	}
	for _, sdk := range []string{`"@module":"sdk.proto"`, `"@module":"sdk.framework"`, `"tf_rpc":"ReadDataSource"`} {
		if !strings.Contains(traced, sdk) {
			t.Errorf("with TF_LOG=trace the provider's stderr lacks %s: the SDK loggers are still off", sdk)
		}
	}
}

// TestLogging_Requested_AllThere plans with TF_LOG=debug, and separately
// with only TF_LOG_PROVIDER=debug, and checks Terraform's log for one
// "Seam API request" line per read, from the provider's process.
func TestLogging_Requested_AllThere(t *testing.T) {
	for _, variable := range []string{"TF_LOG", "TF_LOG_PROVIDER"} {
		t.Run(variable, func(t *testing.T) {
			w, fake := newLoggingWorkspace(t, map[string]string{variable: "debug", "TF_LOG_PATH": "terraform.log"})
			w.plan(fake)
			log := w.read("terraform.log")
			if n := strings.Count(log, "Seam API request"); n < loggingReads {
				t.Errorf("%s=debug: the log has %d \"Seam API request\" lines, want one per read (%d)", variable, n, loggingReads)
			}
			if !strings.Contains(log, "tf_provider_addr=registry.terraform.io/seamapi/seam") {
				t.Errorf("%s=debug: the log lacks the provider's fields", variable)
			}
		})
	}
}
