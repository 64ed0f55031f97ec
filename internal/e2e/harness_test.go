// Package e2e runs the built provider binary under the real Terraform CLI,
// as a user would, for what in-process acceptance tests cannot show: the
// whole log with TF_LOG=trace, the CLI's output, and the TCP connections
// of a plan with many data sources.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// providerDir holds the provider binary built by TestMain.
var providerDir string

// TestMain builds the provider once for all tests. Like the acceptance
// tests, these run only with TF_ACC set (make test sets it).
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") == "" {
		fmt.Println("skipping end-to-end tests: TF_ACC is not set (run them with make test)")
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "seam-e2e-provider-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-seam"), "github.com/seamapi/terraform-provider-seam")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building the provider:", err)
		os.Exit(1)
	}
	providerDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// terraformPath is the CLI the tests run: TF_ACC_TERRAFORM_PATH (set by
// make test), else terraform on PATH.
func terraformPath(t *testing.T) string {
	t.Helper()
	if providerDir == "" {
		t.Skip("TF_ACC is not set")
	}
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH (make test does this)")
	}
	return p
}

// workspace is a Terraform working directory using the built provider
// through dev_overrides, so no `terraform init` is needed.
type workspace struct {
	t         *testing.T
	dir       string
	terraform string
	env       []string
}

func newWorkspace(t *testing.T, config string, env map[string]string) *workspace {
	t.Helper()
	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	cliConfig := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/seamapi/seam\" = %q\n  }\n  direct {}\n}\n", providerDir)
	if err := os.WriteFile(rc, []byte(cliConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	// A clean environment: only what Terraform needs, plus the test's.
	vars := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"TF_CLI_CONFIG_FILE=" + rc,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	}
	for k, v := range env {
		vars = append(vars, k+"="+v)
	}
	return &workspace{t: t, dir: dir, terraform: terraformPath(t), env: vars}
}

// run runs terraform with args and returns its combined output and error.
func (w *workspace) run(args ...string) (string, error) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.terraform, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func (w *workspace) read(name string) string {
	w.t.Helper()
	data, err := os.ReadFile(filepath.Join(w.dir, name))
	if err != nil {
		w.t.Fatalf("reading %s: %v", name, err)
	}
	return string(data)
}

// countingServer serves the fake on 127.0.0.1 and counts the TCP
// connections clients open to it.
type countingServer struct {
	*httptest.Server
	connections atomic.Int64
}

func startCountingServer(t *testing.T, handler http.Handler) *countingServer {
	t.Helper()
	s := &countingServer{Server: httptest.NewUnstartedServer(handler)}
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.connections.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func providerConfig(endpoint string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    seam = { source = "seamapi/seam" }
  }
}

provider "seam" {
  endpoint = %q
}
`, endpoint)
}

func seedAttempts(fake *fakeseam.Fake, ids ...string) {
	for _, id := range ids {
		fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: id, ActionType: "UNLOCK_DOOR", Status: "success",
			Result: []byte(`{"was_confirmed_by_device": true}`)})
	}
}

func mustNotContain(t *testing.T, what, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if i := strings.Index(text, s); i >= 0 {
			start := max(i-80, 0)
			t.Errorf("%s contains %q: …%s…", what, s, text[start:min(i+len(s)+40, len(text))])
		}
	}
}

func (w *workspace) write(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, name), []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}
