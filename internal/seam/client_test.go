package seam

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

const (
	testAPIKey    = "seam_testkey_5f2c9a7e3b1d4e6f8a0b"
	testCST       = "seam_cst_9c8b7a6f5e4d3c2b1a0f"
	testPAT       = "seam_at_1a2b3c4d5e6f7a8b9c0d"
	testWorkspace = "ws_11111111"
	testAttemptID = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
	testUserAgent = "terraform-provider-seam/0.0.0-test (+https://example.test)"

	// successBody is a minimal well-formed answer for testAttemptID.
	successBody = `{"action_attempt":{"action_attempt_id":"` + testAttemptID + `","action_type":"LOCK_DOOR","status":"success","result":{},"error":null},"ok":true}`
)

var apiKeyCredential = Credential{Kind: KindAPIKey, Token: testAPIKey}

// newTestClient builds a client for endpoint, failing the test on error.
func newTestClient(t *testing.T, endpoint string, cred Credential) *Client {
	t.Helper()
	c, err := NewClient(Config{
		Endpoint:       endpoint,
		Credential:     cred,
		UserAgent:      testUserAgent,
		RequestTimeout: 10 * time.Second,
	})
	if err != nil {
		t.Fatalf("NewClient(%q): %v", endpoint, err)
	}
	return c
}

// newFake starts fakeseam on 127.0.0.1 with one credential of each kind.
func newFake(t *testing.T) (*fakeseam.Fake, *httptest.Server) {
	t.Helper()
	f := fakeseam.New()
	f.AddAPIKey(testAPIKey)
	f.AddClientSessionToken(testCST)
	f.AddPersonalAccessToken(testPAT, testWorkspace)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// serve starts a plain handler on 127.0.0.1.
func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// fixedResponse answers every request with status, headers and body, after
// reading the request body so that the connection can be reused.
func fixedResponse(status int, header http.Header, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		for k, v := range header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func asAPIError(t *testing.T, err error) *APIError {
	t.Helper()
	if err == nil {
		t.Fatal("error = nil, want *APIError")
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %T %v, want *APIError", err, err)
	}
	return apiErr
}

func asRequestError(t *testing.T, err error) *RequestError {
	t.Helper()
	if err == nil {
		t.Fatal("error = nil, want *RequestError")
	}
	var reqErr *RequestError
	if !errors.As(err, &reqErr) {
		t.Fatalf("error = %T %v, want *RequestError", err, err)
	}
	return reqErr
}

// ---------------------------------------------------------------- NewClient

func TestNewClient_Refused(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{
			name:    "http to a non-loopback endpoint",
			cfg:     Config{Endpoint: "http://example.com", Credential: apiKeyCredential},
			wantErr: `"http://example.com" uses http, which would send the Seam credential in clear text; use https (http is allowed only for loopback hosts such as 127.0.0.1 and localhost)`,
		},
		{
			name:    "empty endpoint",
			cfg:     Config{Endpoint: "", Credential: apiKeyCredential},
			wantErr: "the endpoint is empty; leave it unset to use https://connect.getseam.com",
		},
		{
			name:    "empty token",
			cfg:     Config{Endpoint: DefaultEndpoint, Credential: Credential{Kind: KindAPIKey}},
			wantErr: "no Seam credential was given",
		},
		{
			name:    "empty token with a workspace",
			cfg:     Config{Endpoint: DefaultEndpoint, Credential: Credential{Kind: KindPersonalAccessToken, WorkspaceID: testWorkspace}},
			wantErr: "no Seam credential was given",
		},
		{
			name:    "personal access token without workspace",
			cfg:     Config{Endpoint: DefaultEndpoint, Credential: Credential{Kind: KindPersonalAccessToken, Token: testPAT}},
			wantErr: "a personal access token needs a workspace id",
		},
		{
			name:    "endpoint is checked before the credential",
			cfg:     Config{Endpoint: "ftp://x.example"},
			wantErr: `"ftp://x.example" has scheme "ftp"; the endpoint must use https`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.cfg)
			if err == nil {
				t.Fatalf("NewClient succeeded, want error %q", tt.wantErr)
			}
			if c != nil {
				t.Errorf("NewClient returned a client alongside error %v", err)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.wantErr)
			}
		})
	}
}

func TestNewClient_Accepted(t *testing.T) {
	tests := []struct {
		name string
		cred Credential
	}{
		{"api key", Credential{Kind: KindAPIKey, Token: testAPIKey}},
		{"client session token without workspace", Credential{Kind: KindClientSessionToken, Token: testCST}},
		{"personal access token with workspace", Credential{Kind: KindPersonalAccessToken, Token: testPAT, WorkspaceID: testWorkspace}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(Config{Endpoint: "https://connect.getseam.com/", Credential: tt.cred})
			if err != nil {
				t.Fatalf("NewClient: %v", err)
			}
			if got := c.Endpoint(); got != DefaultEndpoint {
				t.Errorf("Endpoint() = %q, want %q", got, DefaultEndpoint)
			}
		})
	}
}

func TestNewClient_RequestTimeout(t *testing.T) {
	tests := []struct {
		name string
		in   time.Duration
		want time.Duration
	}{
		{"zero means the default", 0, DefaultRequestTimeout},
		{"negative means the default", -time.Second, DefaultRequestTimeout},
		{"explicit value kept", 1500 * time.Millisecond, 1500 * time.Millisecond},
	}
	if DefaultRequestTimeout != 30*time.Second {
		t.Errorf("DefaultRequestTimeout = %v, want 30s as in Seam's SDKs", DefaultRequestTimeout)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(Config{Endpoint: DefaultEndpoint, Credential: apiKeyCredential, RequestTimeout: tt.in})
			if err != nil {
				t.Fatal(err)
			}
			if c.httpClient.Timeout != tt.want {
				t.Errorf("http client timeout = %v, want %v", c.httpClient.Timeout, tt.want)
			}
		})
	}
}

func TestNewClient_PooledTransportAndNoRedirects(t *testing.T) {
	c := newTestClient(t, DefaultEndpoint, apiKeyCredential)
	logging, ok := c.httpClient.Transport.(*loggingTransport)
	if !ok {
		t.Fatalf("transport is %T, want *loggingTransport", c.httpClient.Transport)
	}
	tr, ok := logging.next.(*http.Transport)
	if !ok {
		t.Fatalf("inner transport is %T, want *http.Transport", logging.next)
	}
	if tr.MaxIdleConnsPerHost != 10 || tr.MaxConnsPerHost != 10 {
		t.Errorf("MaxIdleConnsPerHost = %d, MaxConnsPerHost = %d, want 10 and 10", tr.MaxIdleConnsPerHost, tr.MaxConnsPerHost)
	}
	if tr.DisableKeepAlives {
		t.Error("keep-alives are disabled, want pooled connections")
	}
	if c.httpClient.CheckRedirect == nil {
		t.Fatal("CheckRedirect is nil: redirects would be followed")
	}
	if err := c.httpClient.CheckRedirect(nil, nil); !errors.Is(err, http.ErrUseLastResponse) {
		t.Errorf("CheckRedirect = %v, want http.ErrUseLastResponse", err)
	}
}

// TestNewClient_SeparateTransports: two clients must not share a transport
// (cleanhttp's pooled transport is per call), so configuring one cannot
// affect the other.
func TestNewClient_SeparateTransports(t *testing.T) {
	a := newTestClient(t, DefaultEndpoint, apiKeyCredential)
	b := newTestClient(t, DefaultEndpoint, apiKeyCredential)
	if a.httpClient.Transport == b.httpClient.Transport {
		t.Error("two clients share one transport")
	}
	if a.httpClient.Transport == http.DefaultTransport {
		t.Error("client uses http.DefaultTransport")
	}
}

// ------------------------------------------------------- request on the wire

// TestGetActionAttempt_RequestShape_PerCredentialKind sends a real request
// through fakeseam (which also authenticates it) and checks every header and
// the exact body.
func TestGetActionAttempt_RequestShape_PerCredentialKind(t *testing.T) {
	tests := []struct {
		name          string
		cred          Credential
		wantCST       []string
		wantWorkspace []string
	}{
		{
			name: "api key: bearer only, stray workspace ignored",
			cred: Credential{Kind: KindAPIKey, Token: testAPIKey, WorkspaceID: "ws_ignored"},
		},
		{
			name:    "client session token: bearer and client-session-token",
			cred:    Credential{Kind: KindClientSessionToken, Token: testCST},
			wantCST: []string{testCST},
		},
		{
			name:          "personal access token: bearer and seam-workspace",
			cred:          Credential{Kind: KindPersonalAccessToken, Token: testPAT, WorkspaceID: testWorkspace},
			wantWorkspace: []string{testWorkspace},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFake(t)
			f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: testAttemptID, ActionType: "UNLOCK_DOOR", Status: "pending"})
			c := newTestClient(t, srv.URL, tt.cred)

			got, err := c.GetActionAttempt(context.Background(), testAttemptID)
			if err != nil {
				t.Fatalf("GetActionAttempt: %v", err)
			}
			if got.ActionAttemptID != testAttemptID {
				t.Errorf("ActionAttemptID = %q, want %q", got.ActionAttemptID, testAttemptID)
			}

			reqs := f.Requests()
			if len(reqs) != 1 {
				t.Fatalf("fake received %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPost {
				t.Errorf("method = %q, want POST", r.Method)
			}
			if r.Path != "/action_attempts/get" {
				t.Errorf("path = %q, want /action_attempts/get", r.Path)
			}
			if r.RawQuery != "" {
				t.Errorf("query = %q, want none", r.RawQuery)
			}
			if want := `{"action_attempt_id":"` + testAttemptID + `"}`; string(r.Body) != want {
				t.Errorf("body = %s, want %s", r.Body, want)
			}
			checkHeader := func(name string, want []string) {
				t.Helper()
				if got := r.Header.Values(name); !reflect.DeepEqual(got, want) {
					t.Errorf("header %s = %q, want %q", name, got, want)
				}
			}
			checkHeader("Authorization", []string{"Bearer " + tt.cred.Token})
			checkHeader("Content-Type", []string{"application/json"})
			checkHeader("Accept", []string{"application/json"})
			checkHeader("User-Agent", []string{testUserAgent})
			checkHeader("client-session-token", tt.wantCST)
			checkHeader("seam-workspace", tt.wantWorkspace)
			checkHeader("seam-client-session-token", nil)
		})
	}
}

// TestGetActionAttempt_RequestBody_IsExactJSON checks that ids with
// characters JSON must escape are sent as one JSON string, not spliced.
func TestGetActionAttempt_RequestBody_IsExactJSON(t *testing.T) {
	ids := []string{
		testAttemptID,
		"",
		`a"b\c`,
		"../../devices/list",
		"id with spaces and ünïcödé",
	}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			var body []byte
			var path string
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				body, _ = io.ReadAll(r.Body)
				path = r.URL.Path
				_, _ = io.WriteString(w, successBody)
			})
			c := newTestClient(t, srv.URL, apiKeyCredential)
			if _, err := c.GetActionAttempt(context.Background(), id); err != nil {
				t.Fatalf("GetActionAttempt: %v", err)
			}
			var decoded map[string]any
			if err := json.Unmarshal(body, &decoded); err != nil {
				t.Fatalf("body %q is not JSON: %v", body, err)
			}
			if want := map[string]any{"action_attempt_id": id}; !reflect.DeepEqual(decoded, want) {
				t.Errorf("body decodes to %v, want %v", decoded, want)
			}
			if path != "/action_attempts/get" {
				t.Errorf("path = %q, want /action_attempts/get (the id must not reach the path)", path)
			}
		})
	}
}

func TestGetActionAttempt_EndpointPathPrefix_Joined(t *testing.T) {
	tests := []struct {
		suffix   string
		wantPath string
	}{
		{"", "/action_attempts/get"},
		{"/", "/action_attempts/get"},
		{"/proxy", "/proxy/action_attempts/get"},
		{"/proxy/", "/proxy/action_attempts/get"},
		{"/a/b/", "/a/b/action_attempts/get"},
	}
	for _, tt := range tests {
		t.Run(tt.suffix, func(t *testing.T) {
			var gotPath, gotRawQuery string
			srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
				gotPath, gotRawQuery = r.URL.Path, r.URL.RawQuery
				_, _ = io.WriteString(w, successBody)
			})
			c := newTestClient(t, srv.URL+tt.suffix, apiKeyCredential)
			if _, err := c.GetActionAttempt(context.Background(), testAttemptID); err != nil {
				t.Fatalf("GetActionAttempt: %v", err)
			}
			if gotPath != tt.wantPath {
				t.Errorf("path = %q, want %q", gotPath, tt.wantPath)
			}
			if gotRawQuery != "" {
				t.Errorf("query = %q, want none", gotRawQuery)
			}
		})
	}
}

func TestGetActionAttempt_NoUserAgentConfigured_GoDefault(t *testing.T) {
	var ua []string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Values("User-Agent")
		_, _ = io.WriteString(w, successBody)
	})
	c, err := NewClient(Config{Endpoint: srv.URL, Credential: apiKeyCredential})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetActionAttempt(context.Background(), testAttemptID); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ua, []string{"Go-http-client/1.1"}) {
		t.Errorf("User-Agent = %q, want Go's default", ua)
	}
}

// ------------------------------------------------------ connection handling

// countingServer starts h on 127.0.0.1 and counts new TCP connections.
func countingServer(t *testing.T, h http.Handler) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var conns atomic.Int64
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

func TestGetActionAttempt_Sequential_ReusesOneConnection(t *testing.T) {
	f := fakeseam.New()
	f.AddAPIKey(testAPIKey)
	f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: testAttemptID, ActionType: "LOCK_DOOR", Status: "success", Result: json.RawMessage(`{}`)})
	srv, conns := countingServer(t, f)
	c := newTestClient(t, srv.URL, apiKeyCredential)

	for i := range 20 {
		if _, err := c.GetActionAttempt(context.Background(), testAttemptID); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if got := f.RequestCount(); got != 20 {
		t.Errorf("fake received %d requests, want 20", got)
	}
	if got := conns.Load(); got != 1 {
		t.Errorf("new connections = %d, want 1", got)
	}
}

// TestGetActionAttempt_SequentialErrors_ReuseOneConnection: error answers
// (a JSON 404, an empty 503, an HTML 502) are read to the end too, so they
// do not cost a new connection each.
func TestGetActionAttempt_SequentialErrors_ReuseOneConnection(t *testing.T) {
	f := fakeseam.New()
	f.AddAPIKey(testAPIKey)
	srv, conns := countingServer(t, f)
	c := newTestClient(t, srv.URL, apiKeyCredential)

	for i := range 20 {
		switch i % 3 {
		case 1:
			f.QueueResponses(fakeseam.Response{Status: http.StatusServiceUnavailable})
		case 2:
			f.QueueResponses(fakeseam.Response{Status: http.StatusBadGateway, Body: "<html><body>Bad Gateway</body></html>"})
		}
		_, err := c.GetActionAttempt(context.Background(), "unknown")
		_ = asAPIError(t, err)
	}
	if got := conns.Load(); got != 1 {
		t.Errorf("new connections = %d, want 1", got)
	}
}

// TestGetActionAttempt_Concurrent_ReusesPooledConnections: phase 1 holds
// 10 concurrent requests in the handler until all have arrived, which forces
// exactly 10 connections; phase 2 then runs 10 callers x 5 calls and must
// open no new connection. That holds only if all 10 stayed in the idle pool
// (MaxIdleConnsPerHost >= 10): with at most 9 other requests in flight, a
// caller always finds one idle. A looser "10 callers from cold start open at
// most N connections" is not deterministic: net/http dials for every waiting
// request even when an idle connection then serves it (19 seen).
func TestGetActionAttempt_Concurrent_ReusesPooledConnections(t *testing.T) {
	const callers, calls = 10, 5
	f := fakeseam.New()
	f.AddAPIKey(testAPIKey)
	f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: testAttemptID, ActionType: "LOCK_DOOR", Status: "success"})

	var barrierOn atomic.Bool
	var arrived atomic.Int64
	release := make(chan struct{})
	srv, conns := countingServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if barrierOn.Load() {
			if arrived.Add(1) == callers {
				close(release)
			}
			select {
			case <-release:
			case <-time.After(10 * time.Second):
			}
		}
		f.ServeHTTP(w, r)
	}))
	c := newTestClient(t, srv.URL, apiKeyCredential)

	run := func(perCaller int) {
		var wg sync.WaitGroup
		errs := make(chan error, callers*perCaller)
		for range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range perCaller {
					a, err := c.GetActionAttempt(context.Background(), testAttemptID)
					switch {
					case err != nil:
						errs <- err
					case a.ActionAttemptID != testAttemptID:
						errs <- fmt.Errorf("got attempt %q", a.ActionAttemptID)
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	}

	barrierOn.Store(true)
	run(1)
	barrierOn.Store(false)
	if got := arrived.Load(); got != callers {
		t.Fatalf("%d requests met at the barrier, want %d", got, callers)
	}
	if got := conns.Load(); got != callers {
		t.Fatalf("phase 1 opened %d connections, want %d", got, callers)
	}

	run(calls)
	if got := f.RequestCount(); got != callers+callers*calls {
		t.Errorf("fake received %d requests, want %d", got, callers+callers*calls)
	}
	if got := conns.Load(); got != callers {
		t.Errorf("new connections after phase 2 = %d, want still %d (all reused from the pool)", got, callers)
	}
}

// -------------------------------------------------------- transport failures

func TestGetActionAttempt_ConnectionRefused_RequestError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	endpoint := srv.URL
	srv.Close() // nothing listens there any more

	c := newTestClient(t, endpoint, apiKeyCredential)
	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	reqErr := asRequestError(t, err)
	if reqErr.Method != http.MethodPost {
		t.Errorf("Method = %q, want POST", reqErr.Method)
	}
	if want := endpoint + "/action_attempts/get"; reqErr.URL != want {
		t.Errorf("URL = %q, want %q", reqErr.URL, want)
	}
	if reqErr.StatusCode != 0 || reqErr.RequestID != "" {
		t.Errorf("StatusCode/RequestID = %d/%q, want 0/\"\" (no response)", reqErr.StatusCode, reqErr.RequestID)
	}
	if !strings.HasPrefix(err.Error(), "POST "+endpoint+"/action_attempts/get: ") {
		t.Errorf("Error() = %q, want it to start with the method and URL", err.Error())
	}
	if strings.Contains(err.Error(), testAPIKey) {
		t.Errorf("Error() = %q contains the token", err.Error())
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("error does not unwrap to a *net.OpError: %v", err)
	}
}

// hijack takes over the connection and lets raw decide what the client
// reads before the connection is closed.
func hijack(t *testing.T, raw string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer conn.Close()
		_, _ = buf.WriteString(raw)
		_ = buf.Flush()
	}
}

func TestGetActionAttempt_ConnectionClosedMidBody_RequestError(t *testing.T) {
	var hits atomic.Int64
	partial := hijack(t, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\nseam-request-id: req_partial\r\n\r\n"+`{"action_attempt":{"action_attempt_id":"`)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		partial(w, r)
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if got != nil {
		t.Errorf("attempt = %+v, want nil", got)
	}
	reqErr := asRequestError(t, err)
	if reqErr.StatusCode != 200 {
		t.Errorf("StatusCode = %d, want 200 (the status line arrived)", reqErr.StatusCode)
	}
	if reqErr.RequestID != "req_partial" {
		t.Errorf("RequestID = %q, want req_partial", reqErr.RequestID)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("error %v does not wrap io.ErrUnexpectedEOF", err)
	}
	if !strings.Contains(err.Error(), "reading the response") {
		t.Errorf("Error() = %q, want it to say reading the response failed", err.Error())
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1 (this client has MaxRetries 0; retries are covered in retry_test.go)", n)
	}
}

func TestGetActionAttempt_ConnectionClosedBeforeResponse_RequestError(t *testing.T) {
	var hits atomic.Int64
	drop := hijack(t, "")
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		drop(w, r)
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	reqErr := asRequestError(t, err)
	if reqErr.StatusCode != 0 {
		t.Errorf("StatusCode = %d, want 0 (no response)", reqErr.StatusCode)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1 (this client has MaxRetries 0; retries are covered in retry_test.go)", n)
	}
}

func TestGetActionAttempt_BodyOver10MiB_RequestError(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("seam-request-id", "req_big")
		w.Header().Set("Content-Type", "application/json")
		// A valid JSON prefix followed by more than 10 MiB of padding.
		_, _ = io.WriteString(w, successBody)
		_, _ = w.Write([]byte(strings.Repeat(" ", 10<<20)))
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if got != nil {
		t.Errorf("attempt = %+v, want nil", got)
	}
	reqErr := asRequestError(t, err)
	if reqErr.StatusCode != 200 || reqErr.RequestID != "req_big" {
		t.Errorf("StatusCode/RequestID = %d/%q, want 200/req_big", reqErr.StatusCode, reqErr.RequestID)
	}
	if want := "the response is larger than 10 MiB, the most this provider reads"; !strings.Contains(err.Error(), want) {
		t.Errorf("Error() = %q, want it to contain %q", err.Error(), want)
	}
}

func TestGetActionAttempt_ErrorBodyOver10MiB_RequestError(t *testing.T) {
	srv := serve(t, fixedResponse(http.StatusBadGateway, nil, strings.Repeat("<p>", (10<<20)/3+1)))
	c := newTestClient(t, srv.URL, apiKeyCredential)
	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	reqErr := asRequestError(t, err)
	if reqErr.StatusCode != http.StatusBadGateway {
		t.Errorf("StatusCode = %d, want 502", reqErr.StatusCode)
	}
	if !strings.Contains(err.Error(), "larger than 10 MiB") {
		t.Errorf("Error() = %q, want it to mention the 10 MiB limit", err.Error())
	}
}

// TestGetActionAttempt_BodyExactly10MiB_Accepted pins the boundary: 10 MiB
// is read, one byte more is refused (above).
func TestGetActionAttempt_BodyExactly10MiB_Accepted(t *testing.T) {
	body := successBody + strings.Repeat(" ", (10<<20)-len(successBody))
	if len(body) != 10<<20 {
		t.Fatalf("test body is %d bytes", len(body))
	}
	srv := serve(t, fixedResponse(http.StatusOK, nil, body))
	c := newTestClient(t, srv.URL, apiKeyCredential)
	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if got.ActionAttemptID != testAttemptID {
		t.Errorf("ActionAttemptID = %q, want %q", got.ActionAttemptID, testAttemptID)
	}

	srv2 := serve(t, fixedResponse(http.StatusOK, nil, body+" "))
	c2 := newTestClient(t, srv2.URL, apiKeyCredential)
	_, err = c2.GetActionAttempt(context.Background(), testAttemptID)
	_ = asRequestError(t, err)
}

// waitForCancel blocks a handler until the client gives up (the server
// cancels r.Context() when the connection closes), with a safety bound so
// a broken client cannot hang the test.
func waitForCancel(arrived chan<- struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if arrived != nil {
			arrived <- struct{}{}
		}
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}
}

func TestGetActionAttempt_ContextAlreadyCancelled_NoRequestSent(t *testing.T) {
	f, srv := newFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	got, err := c.GetActionAttempt(ctx, testAttemptID)
	if got != nil {
		t.Errorf("attempt = %+v, want nil", got)
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one satisfying errors.Is(err, context.Canceled)", err)
	}
	_ = asRequestError(t, err)
	if n := f.RequestCount(); n != 0 {
		t.Errorf("fake received %d requests, want 0", n)
	}
}

func TestGetActionAttempt_ContextCancelledInFlight_Canceled(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := serve(t, waitForCancel(arrived))
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-arrived
		cancel()
	}()

	start := time.Now()
	_, err := c.GetActionAttempt(ctx, testAttemptID)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one satisfying errors.Is(err, context.Canceled)", err)
	}
	_ = asRequestError(t, err)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("call returned after %v, want promptly after cancel", elapsed)
	}
}

func TestGetActionAttempt_ServerSlowerThanRequestTimeout_RequestError(t *testing.T) {
	srv := serve(t, waitForCancel(nil))
	c, err := NewClient(Config{Endpoint: srv.URL, Credential: apiKeyCredential, RequestTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	_, err = c.GetActionAttempt(context.Background(), testAttemptID)
	elapsed := time.Since(start)
	reqErr := asRequestError(t, err)
	if reqErr.StatusCode != 0 {
		t.Errorf("StatusCode = %d, want 0 (no headers arrived)", reqErr.StatusCode)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v does not satisfy errors.Is(err, context.DeadlineExceeded)", err)
	}
	var netErr net.Error
	if !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Errorf("error %v is not a net.Error with Timeout() true", err)
	}
	if elapsed < 200*time.Millisecond || elapsed > 5*time.Second {
		t.Errorf("call took %v, want about the 200ms timeout", elapsed)
	}
}

// TestGetActionAttempt_BodySlowerThanRequestTimeout_RequestError: the
// timeout covers reading the body, not only waiting for headers.
func TestGetActionAttempt_BodySlowerThanRequestTimeout_RequestError(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("seam-request-id", "req_slow")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"action_attempt":`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	})
	c, err := NewClient(Config{Endpoint: srv.URL, Credential: apiKeyCredential, RequestTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.GetActionAttempt(context.Background(), testAttemptID)
	reqErr := asRequestError(t, err)
	if reqErr.StatusCode != 200 || reqErr.RequestID != "req_slow" {
		t.Errorf("StatusCode/RequestID = %d/%q, want 200/req_slow", reqErr.StatusCode, reqErr.RequestID)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("call took %v, want about the 200ms timeout", elapsed)
	}
}

// TestGetActionAttempt_TokenWithNewline_RequestErrorWithoutToken: a token
// that cannot go in a header fails the request, and the error does not
// print the token.
func TestGetActionAttempt_TokenWithNewline_RequestErrorWithoutToken(t *testing.T) {
	f, srv := newFake(t)
	token := "seam_bad\r\nX-Injected: 1"
	c := newTestClient(t, srv.URL, Credential{Kind: KindAPIKey, Token: token})
	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	_ = asRequestError(t, err)
	if strings.Contains(err.Error(), "seam_bad") || strings.Contains(err.Error(), "X-Injected") {
		t.Errorf("Error() = %q contains the token", err.Error())
	}
	if n := f.RequestCount(); n != 0 {
		t.Errorf("fake received %d requests, want 0 (no header injection)", n)
	}
}

// ----------------------------------------------------------------- redirects

func TestGetActionAttempt_Redirect_NotFollowed(t *testing.T) {
	for _, status := range []int{
		http.StatusMovedPermanently,
		http.StatusFound,
		http.StatusSeeOther,
		http.StatusTemporaryRedirect,
		http.StatusPermanentRedirect,
	} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			var otherHits atomic.Int64
			other := serve(t, func(w http.ResponseWriter, r *http.Request) {
				otherHits.Add(1)
				_, _ = io.WriteString(w, successBody)
			})
			otherHost := strings.TrimPrefix(other.URL, "http://")
			front := serve(t, fixedResponse(status, http.Header{
				"Location":        {other.URL + "/action_attempts/get"},
				"Seam-Request-Id": {"req_redirect"},
			}, "moved"))
			// A client session token: the credential with the most headers
			// that could leak.
			c := newTestClient(t, front.URL, Credential{Kind: KindClientSessionToken, Token: testCST})

			got, err := c.GetActionAttempt(context.Background(), testAttemptID)
			if got != nil {
				t.Errorf("attempt = %+v, want nil", got)
			}
			apiErr := asAPIError(t, err)
			if apiErr.StatusCode != status {
				t.Errorf("StatusCode = %d, want %d", apiErr.StatusCode, status)
			}
			if apiErr.RedirectHost != otherHost {
				t.Errorf("RedirectHost = %q, want %q", apiErr.RedirectHost, otherHost)
			}
			if apiErr.RequestID != "req_redirect" {
				t.Errorf("RequestID = %q, want req_redirect", apiErr.RequestID)
			}
			if want := "Seam answered with a redirect, which this provider does not follow so that the credential reaches only the configured endpoint"; apiErr.Problem != want {
				t.Errorf("Problem = %q, want %q", apiErr.Problem, want)
			}
			if apiErr.Type != "" || apiErr.Message != "" || apiErr.BodyExcerpt != "" {
				t.Errorf("Type/Message/BodyExcerpt = %q/%q/%q, want empty", apiErr.Type, apiErr.Message, apiErr.BodyExcerpt)
			}
			if n := otherHits.Load(); n != 0 {
				t.Errorf("redirect target received %d requests, want 0", n)
			}
		})
	}
}

func TestGetActionAttempt_RedirectRelativeOrMissingLocation(t *testing.T) {
	t.Run("relative location resolves against the endpoint", func(t *testing.T) {
		var hits atomic.Int64
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			fixedResponse(http.StatusFound, http.Header{"Location": {"/elsewhere"}}, "")(w, r)
		})
		c := newTestClient(t, srv.URL, apiKeyCredential)
		_, err := c.GetActionAttempt(context.Background(), testAttemptID)
		apiErr := asAPIError(t, err)
		if want := strings.TrimPrefix(srv.URL, "http://"); apiErr.RedirectHost != want {
			t.Errorf("RedirectHost = %q, want %q", apiErr.RedirectHost, want)
		}
		if n := hits.Load(); n != 1 {
			t.Errorf("server received %d requests, want 1 (not followed)", n)
		}
	})
	t.Run("no location", func(t *testing.T) {
		srv := serve(t, fixedResponse(http.StatusMultipleChoices, nil, ""))
		c := newTestClient(t, srv.URL, apiKeyCredential)
		_, err := c.GetActionAttempt(context.Background(), testAttemptID)
		apiErr := asAPIError(t, err)
		if apiErr.StatusCode != 300 || apiErr.RedirectHost != "" {
			t.Errorf("StatusCode/RedirectHost = %d/%q, want 300/\"\"", apiErr.StatusCode, apiErr.RedirectHost)
		}
		// Without a Location there is nowhere it redirects to: it is just
		// an unexpected answer.
		if apiErr.Problem != "the response body is empty" {
			t.Errorf("Problem = %q, want the empty-body problem", apiErr.Problem)
		}
	})
}
