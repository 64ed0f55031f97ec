// Package conformance runs the built provider, under the real Terraform CLI,
// against Seam's own fake of the Seam API (@seamapi/fake-seam-connect, pinned
// in fakeseamconnect/package.json), so that wire-format mistakes that our own
// fake (internal/fakeseam) shares with the client surface: the envelope,
// headers, authentication and error shapes.
//
// `make conformance` (scripts/conformance.sh) installs the fake with npm ci,
// starts it on 127.0.0.1 and passes its URL and PID in CONFORMANCE_FAKE_URL
// and CONFORMANCE_FAKE_PID. Without them (in `make test`, say) every test
// that needs the fake skips. Before any test talks to the fake, TestMain
// checks that the process listens on 127.0.0.1 and nowhere else.
package conformance

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	envFakeURL = "CONFORMANCE_FAKE_URL"
	envFakePID = "CONFORMANCE_FAKE_PID"
)

var (
	// providerDir holds the provider binary built by TestMain.
	providerDir string
	// seamFake is Seam's fake, once TestMain has checked it.
	seamFake *fakeClient
	// seed is the fake's default seed (GET /_fake/default_seed).
	seed defaultSeed
)

func TestMain(m *testing.M) {
	if os.Getenv(envFakeURL) == "" {
		fmt.Println("skipping conformance tests: " + envFakeURL + " is not set (run them with make conformance)")
		os.Exit(m.Run())
	}
	os.Exit(run(m))
}

func run(m *testing.M) int {
	base, err := checkFakeAddress(os.Getenv(envFakeURL), os.Getenv(envFakePID))
	if err != nil {
		fmt.Fprintln(os.Stderr, "conformance: refusing to use the fake:", err)
		return 1
	}
	fmt.Printf("conformance: Seam's fake listens on %s only (pid %s)\n", base.Host, os.Getenv(envFakePID))
	seamFake = &fakeClient{base: base, http: &http.Client{Timeout: 10 * time.Second}}
	if seed, err = seamFake.defaultSeed(); err != nil {
		fmt.Fprintln(os.Stderr, "conformance:", err)
		return 1
	}

	dir, err := os.MkdirTemp("", "seam-conformance-provider-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }()
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-seam"), "github.com/seamapi/terraform-provider-seam")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "conformance: building the provider:", err)
		return 1
	}
	providerDir = dir
	return m.Run()
}

// ------------------------------------------------ where the fake listens

// checkFakeAddress accepts the fake only at http://127.0.0.1:PORT, and only
// when the process with the given PID listens on 127.0.0.1 and on no other
// address: Seam's fake binds every interface unless loopback.cjs forced it
// onto loopback, and it accepts well-known seed credentials.
func checkFakeAddress(rawURL, rawPID string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("%s=%q is not an http://127.0.0.1:PORT URL", envFakeURL, rawURL)
	}
	port, _ := strconv.Atoi(u.Port())
	pid, err := strconv.Atoi(rawPID)
	if err != nil || pid <= 0 {
		return nil, fmt.Errorf("%s=%q is not a process id; the bound address cannot be checked without it", envFakePID, rawPID)
	}
	listeners, err := listeningAddrs(pid)
	if err != nil {
		return nil, fmt.Errorf("listing the TCP sockets process %d listens on: %w", pid, err)
	}
	if err := loopbackOnly(listeners, port); err != nil {
		return nil, fmt.Errorf("process %d: %w", pid, err)
	}
	return &url.URL{Scheme: "http", Host: u.Host}, nil
}

// loopbackOnly accepts listeners only if every one is on 127.0.0.1 and one
// is on port.
func loopbackOnly(listeners []*net.TCPAddr, port int) error {
	if len(listeners) == 0 {
		return errors.New("it listens on no TCP socket")
	}
	found := false
	for _, l := range listeners {
		if !l.IP.Equal(net.IPv4(127, 0, 0, 1)) {
			return fmt.Errorf("it listens on %s, which is not 127.0.0.1 (all it listens on: %v)", l, listeners)
		}
		found = found || l.Port == port
	}
	if !found {
		return fmt.Errorf("it does not listen on port %d (it listens on %v)", port, listeners)
	}
	return nil
}

// listeningAddrs lists the TCP addresses a process listens on: from /proc on
// Linux, from lsof elsewhere.
func listeningAddrs(pid int) ([]*net.TCPAddr, error) {
	if runtime.GOOS != "linux" {
		return listeningAddrsLsof(pid)
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		return nil, err
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		target, err := os.Readlink(fmt.Sprintf("/proc/%d/fd/%s", pid, fd.Name()))
		if err == nil && strings.HasPrefix(target, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(target, "socket:["), "]")] = true
		}
	}
	var addrs []*net.TCPAddr
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		found, err := listeningInTable(table, inodes)
		noIPv6 := table == "/proc/net/tcp6" && errors.Is(err, os.ErrNotExist)
		if err != nil && !noIPv6 {
			return nil, err
		}
		addrs = append(addrs, found...)
	}
	return addrs, nil
}

// listeningInTable reads /proc/net/tcp or tcp6 and returns the local address
// of every socket in state LISTEN (0A) whose inode is in inodes.
func listeningInTable(path string, inodes map[string]bool) ([]*net.TCPAddr, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	var addrs []*net.TCPAddr
	scanner := bufio.NewScanner(f)
	scanner.Scan() // header
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) < 10 || fields[3] != "0A" || !inodes[fields[9]] {
			continue
		}
		addr, err := parseProcAddr(fields[1])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		addrs = append(addrs, addr)
	}
	return addrs, scanner.Err()
}

// parseProcAddr decodes "0100007F:9C83" (IPv4) or a 32-digit IPv6 address:
// the address is stored as 32-bit words in host (little-endian) order.
func parseProcAddr(s string) (*net.TCPAddr, error) {
	hexIP, hexPort, ok := strings.Cut(s, ":")
	raw, err := hex.DecodeString(hexIP)
	if !ok || err != nil || (len(raw) != 4 && len(raw) != 16) {
		return nil, fmt.Errorf("unreadable address %q", s)
	}
	ip := make(net.IP, len(raw))
	for i := 0; i < len(raw); i += 4 {
		ip[i], ip[i+1], ip[i+2], ip[i+3] = raw[i+3], raw[i+2], raw[i+1], raw[i]
	}
	port, err := strconv.ParseUint(hexPort, 16, 16)
	if err != nil {
		return nil, fmt.Errorf("unreadable port in %q", s)
	}
	return &net.TCPAddr{IP: ip, Port: int(port)}, nil
}

// listeningAddrsLsof is the check for systems without /proc (macOS).
func listeningAddrsLsof(pid int) ([]*net.TCPAddr, error) {
	out, err := exec.Command("lsof", "-nP", "-a", "-p", strconv.Itoa(pid), "-iTCP", "-sTCP:LISTEN", "-Fn").Output()
	if err != nil {
		return nil, fmt.Errorf("lsof (needed to check the bound address without /proc): %w", err)
	}
	var addrs []*net.TCPAddr
	for _, line := range strings.Split(string(out), "\n") {
		name, ok := strings.CutPrefix(line, "n")
		if !ok {
			continue
		}
		host, port, err := net.SplitHostPort(name)
		if err != nil {
			return nil, fmt.Errorf("lsof: unreadable address %q", name)
		}
		p, _ := strconv.Atoi(port)
		ip := net.ParseIP(host) // nil for "*", which then fails the loopback check
		addrs = append(addrs, &net.TCPAddr{IP: ip, Port: p})
	}
	return addrs, nil
}

// ------------------------------------------------ the fake's own routes

// fakeClient calls Seam's fake directly: its /_fake routes (which need no
// credential) and the action routes that create attempts.
type fakeClient struct {
	base *url.URL
	http *http.Client
}

// answer is one raw response.
type answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// do sends body (JSON unless it is a string) to path (with any query
// string) with the given headers.
func (c *fakeClient) do(method, path string, body any, headers map[string]string) (answer, error) {
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return answer{}, err
		}
		reader = bytes.NewReader(raw)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ref, err := url.Parse(path)
	if err != nil {
		return answer{}, err
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.ResolveReference(ref).String(), reader)
	if err != nil {
		return answer{}, err
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	return answer{Status: resp.StatusCode, Header: resp.Header, Body: raw}, nil
}

// postJSON posts body as JSON and fails the test unless the answer is 200.
func (c *fakeClient) postJSON(t *testing.T, path string, body any, headers map[string]string, out any) {
	t.Helper()
	h := map[string]string{"Content-Type": "application/json"}
	for k, v := range headers {
		h[k] = v
	}
	got, err := c.do(http.MethodPost, path, body, h)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	if got.Status != http.StatusOK {
		t.Fatalf("POST %s: HTTP %d: %s", path, got.Status, got.Body)
	}
	if out != nil {
		if err := json.Unmarshal(got.Body, out); err != nil {
			t.Fatalf("POST %s: decoding %s: %v", path, got.Body, err)
		}
	}
}

// defaultSeed is what GET /_fake/default_seed lists.
type defaultSeed struct {
	APIKey1, APIKey2    string // of workspaces 1 and 2
	PersonalAccessToken string // a user's, with access to workspace 1
	ClientSessionToken  string // in workspace 1
	Workspace1          string
	Workspace2          string
	Lock                string // an August lock in workspace 1
}

func (c *fakeClient) defaultSeed() (defaultSeed, error) {
	got, err := c.do(http.MethodGet, "/_fake/default_seed", nil, nil)
	if err != nil {
		return defaultSeed{}, fmt.Errorf("GET /_fake/default_seed: %w", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(got.Body, &raw); err != nil || got.Status != http.StatusOK {
		return defaultSeed{}, fmt.Errorf("GET /_fake/default_seed: HTTP %d: %s", got.Status, got.Body)
	}
	var s defaultSeed
	var missing []string
	field := func(key string) string {
		v, _ := raw[key].(string)
		if v == "" {
			missing = append(missing, key)
		}
		return v
	}
	s.APIKey1 = field("seam_apikey1_token")
	s.APIKey2 = field("seam_apikey2_token")
	s.PersonalAccessToken = field("seam_at1_token")
	s.ClientSessionToken = field("seam_cst1_token")
	s.Workspace1 = field("seed_workspace_1")
	s.Workspace2 = field("seed_workspace_2")
	s.Lock = field("august_device_1")
	if len(missing) > 0 {
		return s, fmt.Errorf("the fake's default seed lacks %v: %s", missing, got.Body)
	}
	return s, nil
}

// wireAttempt is an action attempt as the fake sends it.
type wireAttempt struct {
	ActionAttemptID string          `json:"action_attempt_id"`
	ActionType      string          `json:"action_type"`
	Status          string          `json:"status"`
	Result          json.RawMessage `json:"result"`
	Error           json.RawMessage `json:"error"`
}

// unlockDoor creates an UNLOCK_DOOR attempt through the fake's own route,
// as a user's `seam.locks.unlockDoor()` would, and returns its id. The fake
// stores it as succeeded at once, with a null result.
func unlockDoor(t *testing.T) string {
	t.Helper()
	var out struct {
		ActionAttempt wireAttempt `json:"action_attempt"`
	}
	seamFake.postJSON(t, "/locks/unlock_door", map[string]any{"device_id": seed.Lock},
		map[string]string{"Authorization": "Bearer " + seed.APIKey1}, &out)
	if out.ActionAttempt.ActionAttemptID == "" || out.ActionAttempt.ActionType != "UNLOCK_DOOR" {
		t.Fatalf("unlock_door answered %+v, want an UNLOCK_DOOR attempt with an id", out.ActionAttempt)
	}
	return out.ActionAttempt.ActionAttemptID
}

// setAttempt drives an attempt's status with POST /_fake/update_action_attempt:
// "success" with result (nil for none), "pending", or "error" with errType and
// errMessage.
func setAttempt(t *testing.T, id, status string, result any, errType, errMessage string) {
	t.Helper()
	if err := updateAttempt(id, status, result, errType, errMessage); err != nil {
		t.Fatal(err)
	}
}

// updateAttempt is setAttempt for goroutines other than the test's.
func updateAttempt(id, status string, result any, errType, errMessage string) error {
	body := map[string]any{"action_attempt_id": id, "status": status}
	switch status {
	case "success":
		// Always send result: without it the fake drops the key from the
		// attempt, which Seam never does.
		body["result"] = result
	case "error":
		body["error"] = map[string]string{"type": errType, "message": errMessage}
	}
	got, err := seamFake.do(http.MethodPost, "/_fake/update_action_attempt", body, map[string]string{"Content-Type": "application/json"})
	if err != nil {
		return fmt.Errorf("POST /_fake/update_action_attempt: %w", err)
	}
	if got.Status != http.StatusOK {
		return fmt.Errorf("POST /_fake/update_action_attempt: HTTP %d: %s", got.Status, got.Body)
	}
	return nil
}

// readAndRestore reads a response body and puts an unread copy back.
func readAndRestore(resp *http.Response) ([]byte, error) {
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	return raw, err
}

// ------------------------------------------------ Terraform

// workspace is a Terraform working directory using the built provider
// through dev_overrides, so no `terraform init` (and no registry) is needed.
type workspace struct {
	t         *testing.T
	dir       string
	terraform string
	env       []string
}

// needFake skips the test when no fake was given (make test runs this
// package too).
func needFake(t *testing.T) {
	t.Helper()
	if seamFake == nil || providerDir == "" {
		t.Skip(envFakeURL + " is not set: run the conformance tests with make conformance")
	}
}

func newWorkspace(t *testing.T, config string, env map[string]string) *workspace {
	t.Helper()
	needFake(t)
	terraform := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if terraform == "" {
		var err error
		if terraform, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no Terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH (make conformance does this)")
		}
	}
	dir := t.TempDir()
	cliConfig := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"registry.terraform.io/seamapi/seam\" = %q\n  }\n  direct {}\n}\n", providerDir)
	for name, content := range map[string]string{"terraformrc": cliConfig, "main.tf": config} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A clean environment: only what Terraform needs, plus the test's.
	vars := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"TF_CLI_CONFIG_FILE=" + filepath.Join(dir, "terraformrc"),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	}
	for k, v := range env {
		vars = append(vars, k+"="+v)
	}
	return &workspace{t: t, dir: dir, terraform: terraform, env: vars}
}

// run runs terraform with args and returns its combined output.
func (w *workspace) run(args ...string) (string, error) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.terraform, args...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// apply runs `terraform apply` and fails the test if it fails.
func (w *workspace) apply() string {
	w.t.Helper()
	out, err := w.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		w.t.Fatalf("terraform apply failed: %v\n%s", err, out)
	}
	return out
}

// applyFails runs `terraform apply`, fails the test if it succeeds, and
// returns its output with Terraform's box drawing and line wrapping
// flattened to single spaces, for matching.
func (w *workspace) applyFails() string {
	w.t.Helper()
	out, err := w.run("apply", "-auto-approve", "-input=false", "-no-color")
	if err == nil {
		w.t.Fatalf("terraform apply succeeded, want an error:\n%s", out)
	}
	return flatten(out)
}

func flatten(s string) string {
	s = strings.NewReplacer("│", " ", "╷", " ", "╵", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// outputs returns the root module's outputs, sensitive ones included.
func (w *workspace) outputs() map[string]any {
	w.t.Helper()
	out, err := w.run("output", "-json")
	if err != nil {
		w.t.Fatalf("terraform output failed: %v\n%s", err, out)
	}
	var raw map[string]struct {
		Value any `json:"value"`
	}
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		w.t.Fatalf("terraform output -json: %v\n%s", err, out)
	}
	values := map[string]any{}
	for k, v := range raw {
		values[k] = v.Value
	}
	return values
}

// providerBlock is the terraform and provider blocks, with extra lines for
// the provider (a credential, say).
func providerBlock(extra string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    seam = { source = "seamapi/seam" }
  }
}

provider "seam" {
  endpoint = %q
%s
}
`, seamFake.base.String(), extra)
}

// attemptConfig reads one attempt and outputs the whole data source.
func attemptConfig(providerExtra, id, dataExtra string) string {
	return providerBlock(providerExtra) + fmt.Sprintf(`
data "seam_action_attempt" "attempt" {
  action_attempt_id = %q
%s
}

output "attempt" {
  value     = data.seam_action_attempt.attempt
  sensitive = true
}
`, id, dataExtra)
}

// mustMatch fails the test unless every pattern matches text.
func mustMatch(t *testing.T, text string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		if !regexp.MustCompile(p).MatchString(text) {
			t.Errorf("output does not match %q:\n%s", p, text)
		}
	}
}

// mustNotContain fails the test if text contains any of the strings.
func mustNotContain(t *testing.T, text string, strs ...string) {
	t.Helper()
	for _, s := range strs {
		if strings.Contains(text, s) {
			t.Errorf("output contains %q:\n%s", s, text)
		}
	}
}
