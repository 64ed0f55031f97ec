package fakeseam

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testAPIKey    = "seam_testkey_abc"
	testCST       = "seam_cst_testtoken"
	testPAT       = "seam_at_testtoken"
	testWorkspace = "ws_1"
	testAttemptID = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"
)

// response is what a test sees of one answer.
type response struct {
	Status int
	Header http.Header
	Body   string
}

// newServer starts the fake on 127.0.0.1 (httptest binds loopback) with one
// credential of each kind and one succeeded attempt.
func newServer(t *testing.T) (*Fake, *httptest.Server) {
	t.Helper()
	f := New()
	f.AddAPIKey(testAPIKey)
	f.AddClientSessionToken(testCST)
	f.AddPersonalAccessToken(testPAT, testWorkspace)
	f.PutActionAttempt(ActionAttempt{
		ActionAttemptID: testAttemptID,
		ActionType:      "UNLOCK_DOOR",
		Status:          "success",
		Result:          json.RawMessage(`{"was_confirmed_by_device": true}`),
	})
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// send makes one request; headers are name/value pairs. A body goes with
// Content-Type: application/json, as every Seam client sends it, unless
// headers give another Content-Type ("" sends an empty one).
func send(t *testing.T, srv *httptest.Server, method, pathAndQuery, body string, headers ...string) response {
	t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+pathAndQuery, reader)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// postGet posts {"action_attempt_id": id} with the test API key.
func postGet(t *testing.T, srv *httptest.Server, id string) response {
	t.Helper()
	return send(t, srv, http.MethodPost, "/action_attempts/get",
		fmt.Sprintf(`{"action_attempt_id": %q}`, id),
		"Authorization", "Bearer "+testAPIKey, "Content-Type", "application/json")
}

func assertStatus(t *testing.T, got response, want int) {
	t.Helper()
	if got.Status != want {
		t.Fatalf("status = %d, want %d; body: %s", got.Status, want, got.Body)
	}
}

func assertBody(t *testing.T, got response, want string) {
	t.Helper()
	if got.Body != want {
		t.Fatalf("body:\n got  %s\n want %s", got.Body, want)
	}
}

// assertJSONResponse checks the Content-Type Seam's fake sends with JSON.
func assertJSONResponse(t *testing.T, got response) {
	t.Helper()
	if ct := got.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q, want application/json; charset=utf-8", ct)
	}
}

// assertBareResponse checks an answer of Seam's server framework (unknown
// route, invalid JSON): no Content-Type and no seam-request-id, as Seam's
// fake sends them.
func assertBareResponse(t *testing.T, got response) {
	t.Helper()
	if ct, ok := got.Header["Content-Type"]; ok {
		t.Errorf("Content-Type = %q, want none", ct)
	}
	if id := got.Header.Get("seam-request-id"); id != "" {
		t.Errorf("seam-request-id = %q, want none", id)
	}
}

// errorOf decodes Seam's error envelope and checks ok is false.
func errorOf(t *testing.T, got response) map[string]any {
	t.Helper()
	var env struct {
		Error map[string]any `json:"error"`
		OK    *bool          `json:"ok"`
	}
	if err := json.Unmarshal([]byte(got.Body), &env); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, got.Body)
	}
	if env.OK == nil || *env.OK {
		t.Errorf("ok = %v, want false", env.OK)
	}
	if env.Error == nil {
		t.Fatalf("no error object in %s", got.Body)
	}
	return env.Error
}

func assertUnauthorized(t *testing.T, got response, messageContains string) {
	t.Helper()
	assertStatus(t, got, http.StatusUnauthorized)
	assertJSONResponse(t, got)
	e := errorOf(t, got)
	if e["type"] != "unauthorized" {
		t.Errorf("error.type = %v, want unauthorized", e["type"])
	}
	msg, _ := e["message"].(string)
	if !strings.Contains(msg, messageContains) {
		t.Errorf("error.message = %q, want it to contain %q", msg, messageContains)
	}
}

// --- success ---

func TestActionAttemptsGet_POST_Success(t *testing.T) {
	_, srv := newServer(t)
	got := postGet(t, srv, testAttemptID)
	assertStatus(t, got, http.StatusOK)
	assertJSONResponse(t, got)
	assertBody(t, got, `{"action_attempt":{"action_attempt_id":"`+testAttemptID+
		`","action_type":"UNLOCK_DOOR","status":"success","result":{"was_confirmed_by_device":true},"error":null},"ok":true}`)
}

func TestActionAttemptsGet_GET_Success(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodGet, "/action_attempts/get?action_attempt_id="+testAttemptID, "",
		"Authorization", "Bearer "+testAPIKey)
	assertStatus(t, got, http.StatusOK)
	assertJSONResponse(t, got)
	assertBody(t, got, `{"action_attempt":{"action_attempt_id":"`+testAttemptID+
		`","action_type":"UNLOCK_DOOR","status":"success","result":{"was_confirmed_by_device":true},"error":null},"ok":true}`)
}

func TestActionAttemptsGet_Pending_ResultAndErrorNull(t *testing.T) {
	f, srv := newServer(t)
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "p1", ActionType: "ENCODE_CREDENTIAL", Status: "pending"})
	got := postGet(t, srv, "p1")
	assertStatus(t, got, http.StatusOK)
	assertBody(t, got, `{"action_attempt":{"action_attempt_id":"p1","action_type":"ENCODE_CREDENTIAL","status":"pending","result":null,"error":null},"ok":true}`)
}

func TestActionAttemptsGet_Failed_ErrorObject(t *testing.T) {
	f, srv := newServer(t)
	f.PutActionAttempt(ActionAttempt{
		ActionAttemptID: "e1", ActionType: "LOCK_DOOR", Status: "error",
		Error: &ActionAttemptError{Type: "bridge_disconnected", Message: "offline"},
	})
	got := postGet(t, srv, "e1")
	assertStatus(t, got, http.StatusOK)
	assertBody(t, got, `{"action_attempt":{"action_attempt_id":"e1","action_type":"LOCK_DOOR","status":"error","result":null,"error":{"type":"bridge_disconnected","message":"offline"}},"ok":true}`)
}

func TestActionAttemptsGet_BigIntegerInResult_KeptExact(t *testing.T) {
	f, srv := newServer(t)
	f.PutActionAttempt(ActionAttempt{
		ActionAttemptID: "big", ActionType: "SCAN_CREDENTIAL", Status: "success",
		Result: json.RawMessage(`{"card_number": 123456789012345678901234567890, "f": 1.50}`),
	})
	got := postGet(t, srv, "big")
	assertStatus(t, got, http.StatusOK)
	if !strings.Contains(got.Body, `"result":{"card_number":123456789012345678901234567890,"f":1.50}`) {
		t.Fatalf("result not kept verbatim: %s", got.Body)
	}
}

func TestPutActionAttempt_ReplacesSameID(t *testing.T) {
	f, srv := newServer(t)
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "x", ActionType: "LOCK_DOOR", Status: "pending"})
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "x", ActionType: "LOCK_DOOR", Status: "success", Result: json.RawMessage(`{}`)})
	got := postGet(t, srv, "x")
	assertBody(t, got, `{"action_attempt":{"action_attempt_id":"x","action_type":"LOCK_DOOR","status":"success","result":{},"error":null},"ok":true}`)
}

func TestPutActionAttemptJSON_ServedVerbatim(t *testing.T) {
	f, srv := newServer(t)
	f.PutActionAttemptJSON("raw", `  {"action_attempt_id":"raw","action_type":"FUTURE_TYPE","status":"queued","result":{"n":18446744073709551617},"error":null,"extra":[1,2]}  `)
	got := postGet(t, srv, "raw")
	assertStatus(t, got, http.StatusOK)
	assertBody(t, got, `{"action_attempt":{"action_attempt_id":"raw","action_type":"FUTURE_TYPE","status":"queued","result":{"n":18446744073709551617},"error":null,"extra":[1,2]},"ok":true}`)
}

func TestPutActionAttemptJSON_PanicsOnNonObject(t *testing.T) {
	for name, raw := range map[string]string{
		"invalid JSON": `{"action_attempt_id":`,
		"array":        `[]`,
		"string":       `"x"`,
		"empty":        ``,
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("PutActionAttemptJSON(%q) did not panic", raw)
				}
			}()
			New().PutActionAttemptJSON("id", raw)
		})
	}
}

// --- errors ---

func TestActionAttemptsGet_UnknownID_404(t *testing.T) {
	_, srv := newServer(t)
	got := postGet(t, srv, "not-a-known-id")
	assertStatus(t, got, http.StatusNotFound)
	assertJSONResponse(t, got)
	assertBody(t, got, `{"error":{"type":"action_attempt_not_found","message":"action_attempt not found","data":{"action_attempt_id":"not-a-known-id"}},"ok":false}`)
}

func TestActionAttemptsGet_InvalidJSON_400Bare(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id": `,
		"Authorization", "Bearer "+testAPIKey)
	assertStatus(t, got, http.StatusBadRequest)
	assertBareResponse(t, got)
	assertBody(t, got, "Invalid JSON")
}

// Seam parses a JSON body before it looks at credentials.
func TestActionAttemptsGet_InvalidJSON_AnsweredBeforeAuth(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", `{not json`, "Authorization", "Bearer nope")
	assertStatus(t, got, http.StatusBadRequest)
	assertBareResponse(t, got)
	assertBody(t, got, "Invalid JSON")
}

func TestActionAttemptsGet_POSTWithoutJSONContentType_400(t *testing.T) {
	for _, ct := range []string{"", "text/plain"} {
		t.Run(fmt.Sprintf("%q", ct), func(t *testing.T) {
			_, srv := newServer(t)
			got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id":"`+testAttemptID+`"}`,
				"Authorization", "Bearer "+testAPIKey, "Content-Type", ct)
			assertStatus(t, got, http.StatusBadRequest)
			assertJSONResponse(t, got)
			assertBody(t, got, `{"error":{"type":"invalid_content_type","message":"POST requests must have Content-Type header with \"application/json\""},"ok":false}`)
		})
	}
}

// With no body there is nothing to be JSON: Seam then only reports the
// missing input.
func TestActionAttemptsGet_POSTWithoutBodyOrContentType_400Required(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", "", "Authorization", "Bearer "+testAPIKey)
	assertStatus(t, got, http.StatusBadRequest)
	if e := errorOf(t, got); e["type"] != "invalid_input" || e["message"] != "action_attempt_id is required" {
		t.Fatalf("error = %v", e)
	}
}

func TestActionAttemptsGet_MissingID_POST_400(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"device_id": "d"}`,
		"Authorization", "Bearer "+testAPIKey)
	assertStatus(t, got, http.StatusBadRequest)
	assertJSONResponse(t, got)
	assertBody(t, got, `{"error":{"type":"invalid_input","message":"action_attempt_id is required","validation_errors":{"_errors":[],"action_attempt_id":{"_errors":["Required"]}}},"ok":false}`)
}

func TestActionAttemptsGet_EmptyBody_400Required(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", "",
		"Authorization", "Bearer "+testAPIKey)
	assertStatus(t, got, http.StatusBadRequest)
	e := errorOf(t, got)
	if e["type"] != "invalid_input" || e["message"] != "action_attempt_id is required" {
		t.Fatalf("error = %v", e)
	}
}

func TestActionAttemptsGet_MissingID_GET_400(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodGet, "/action_attempts/get?other=1", "",
		"Authorization", "Bearer "+testAPIKey)
	assertStatus(t, got, http.StatusBadRequest)
	assertBody(t, got, `{"error":{"type":"invalid_input","message":"action_attempt_id is required","validation_errors":{"_errors":[],"action_attempt_id":{"_errors":["Required"]}}},"ok":false}`)
}

func TestActionAttemptsGet_NonStringID_400(t *testing.T) {
	for body, kind := range map[string]string{
		`{"action_attempt_id": 42}`:      "number",
		`{"action_attempt_id": null}`:    "null",
		`{"action_attempt_id": ["a"]}`:   "array",
		`{"action_attempt_id": {}}`:      "object",
		`{"action_attempt_id": true}`:    "boolean",
		`{"action_attempt_id": -1.5e3 }`: "number",
	} {
		t.Run(kind+" "+body, func(t *testing.T) {
			_, srv := newServer(t)
			got := send(t, srv, http.MethodPost, "/action_attempts/get", body,
				"Authorization", "Bearer "+testAPIKey)
			assertStatus(t, got, http.StatusBadRequest)
			want := "Expected string, received " + kind
			assertBody(t, got, `{"error":{"type":"invalid_input","message":"`+want+
				` for \"action_attempt_id\"","validation_errors":{"_errors":[],"action_attempt_id":{"_errors":["`+want+`"]}}},"ok":false}`)
		})
	}
}

// Seam spreads the body into the input, so an array or a string names no
// field: the id is then missing.
func TestActionAttemptsGet_BodyNotObject_400Required(t *testing.T) {
	for _, body := range []string{`["` + testAttemptID + `"]`, `"` + testAttemptID + `"`, `42`} {
		t.Run(body, func(t *testing.T) {
			_, srv := newServer(t)
			got := send(t, srv, http.MethodPost, "/action_attempts/get", body, "Authorization", "Bearer "+testAPIKey)
			assertStatus(t, got, http.StatusBadRequest)
			if e := errorOf(t, got); e["type"] != "invalid_input" || e["message"] != "action_attempt_id is required" {
				t.Fatalf("error = %v", e)
			}
		})
	}
}

func TestActionAttemptsGet_MethodNotAllowed_405(t *testing.T) {
	for _, method := range []string{http.MethodPut, http.MethodDelete, http.MethodPatch} {
		t.Run(method, func(t *testing.T) {
			_, srv := newServer(t)
			got := send(t, srv, method, "/action_attempts/get", `{"action_attempt_id":"`+testAttemptID+`"}`,
				"Authorization", "Bearer "+testAPIKey)
			assertStatus(t, got, http.StatusMethodNotAllowed)
			assertJSONResponse(t, got)
			assertBody(t, got, `{"error":{"type":"method_not_allowed","message":"only GET,POST accepted"},"ok":false}`)
			if allow := got.Header.Get("Allow"); allow != "GET, POST" {
				t.Errorf("Allow = %q, want \"GET, POST\"", allow)
			}
		})
	}
}

func TestUnknownRoute_404Bare(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/locks/unlock_door", `{}`, "Authorization", "Bearer "+testAPIKey)
	assertStatus(t, got, http.StatusNotFound)
	assertBareResponse(t, got)
	assertBody(t, got, "404")
}

// --- request ids ---

// Every answer of Seam's handlers carries a request id; the bare answers of
// its server framework (unknown route, invalid JSON) carry none, as checked
// by TestUnknownRoute_404Bare and TestActionAttemptsGet_InvalidJSON_400Bare.
func TestEveryJSONResponse_HasUniqueRequestID(t *testing.T) {
	_, srv := newServer(t)
	responses := []response{
		postGet(t, srv, testAttemptID), // 200
		postGet(t, srv, "unknown"),     // 404 JSON
		send(t, srv, http.MethodPut, "/action_attempts/get", "", "Authorization", "Bearer "+testAPIKey),                        // 405
		send(t, srv, http.MethodPost, "/action_attempts/get", `{}`),                                                            // 401
		send(t, srv, http.MethodPost, "/action_attempts/get", `{}`, "Authorization", "Bearer "+testAPIKey),                     // 400 JSON
		send(t, srv, http.MethodPost, "/action_attempts/get", `{}`, "Authorization", "Bearer "+testAPIKey, "Content-Type", ""), // 400 content type
	}
	seen := map[string]bool{}
	for i, r := range responses {
		id := r.Header.Get("seam-request-id")
		if id == "" {
			t.Errorf("response %d (status %d) has no seam-request-id", i, r.Status)
			continue
		}
		if seen[id] {
			t.Errorf("response %d reuses seam-request-id %q", i, id)
		}
		seen[id] = true
	}
	if got := responses[0].Header.Get("seam-request-id"); got != "req_1" {
		t.Errorf("first seam-request-id = %q, want req_1", got)
	}
}

// --- authentication ---

func TestAuth_MissingAuthorization_401(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id":"`+testAttemptID+`"}`)
	assertUnauthorized(t, got, "No Authorization header")
	assertBody(t, got, `{"error":{"type":"unauthorized","message":"No Authorization header"},"ok":false}`)
}

func TestAuth_UnknownToken_401WithoutEchoingToken(t *testing.T) {
	_, srv := newServer(t)
	secret := "seam_unknown_supersecret"
	got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id":"`+testAttemptID+`"}`,
		"Authorization", "Bearer "+secret)
	assertUnauthorized(t, got, "API Key not found")
	if strings.Contains(got.Body, secret) {
		t.Errorf("body echoes the token: %s", got.Body)
	}
}

func TestAuth_NotBearerScheme_401(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id":"`+testAttemptID+`"}`,
		"Authorization", "Basic "+testAPIKey)
	assertUnauthorized(t, got, "No token provided")
	if strings.Contains(got.Body, testAPIKey) {
		t.Errorf("body echoes the token: %s", got.Body)
	}
}

// Seam takes the token only after the exact text "Bearer ".
func TestAuth_LowerCaseBearer_401(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id":"`+testAttemptID+`"}`,
		"Authorization", "bearer "+testAPIKey)
	assertUnauthorized(t, got, "No token provided")
}

func TestAuth_CheckedBeforeMethodAndInput(t *testing.T) {
	_, srv := newServer(t)
	// A wrong method and an unknown token: the 401 wins.
	got := send(t, srv, http.MethodPut, "/action_attempts/get", `{}`, "Authorization", "Bearer nope")
	assertUnauthorized(t, got, "API Key not found")
	// Missing id and no token: the 401 wins too.
	got = send(t, srv, http.MethodGet, "/action_attempts/get", "")
	assertUnauthorized(t, got, "No Authorization header")
	// No JSON Content-Type and an unknown token: 401 again.
	got = send(t, srv, http.MethodPost, "/action_attempts/get", `{}`, "Authorization", "Bearer nope", "Content-Type", "text/plain")
	assertUnauthorized(t, got, "API Key not found")
}

func TestAuth_APIKeyWithWorkspaceHeader_200(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id":"`+testAttemptID+`"}`,
		"Authorization", "Bearer "+testAPIKey, "seam-workspace", "anything")
	assertStatus(t, got, http.StatusOK)
}

func TestAuth_ClientSessionToken(t *testing.T) {
	body := `{"action_attempt_id":"` + testAttemptID + `"}`
	tests := []struct {
		name       string
		headers    []string
		wantStatus int
		wantMsg    string
	}{
		{"WithClientSessionTokenHeader_200", []string{"client-session-token", testCST}, http.StatusOK, ""},
		{"WithSeamClientSessionTokenHeader_200", []string{"seam-client-session-token", testCST}, http.StatusOK, ""},
		{"MissingHeader_401", nil, http.StatusUnauthorized, "Missing client-session-token header"},
		{"MismatchedHeader_401", []string{"client-session-token", "seam_cst_other"}, http.StatusUnauthorized, "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newServer(t)
			headers := append([]string{"Authorization", "Bearer " + testCST}, tt.headers...)
			got := send(t, srv, http.MethodPost, "/action_attempts/get", body, headers...)
			if tt.wantStatus == http.StatusOK {
				assertStatus(t, got, http.StatusOK)
				return
			}
			assertUnauthorized(t, got, tt.wantMsg)
			if strings.Contains(got.Body, testCST) {
				t.Errorf("body echoes the token: %s", got.Body)
			}
		})
	}
}

func TestAuth_PersonalAccessToken(t *testing.T) {
	body := `{"action_attempt_id":"` + testAttemptID + `"}`
	// Seam's fake reports a refused personal access token as its API key
	// check does, the last one it tries.
	const refused = `{"error":{"type":"access_token_used_for_api_key","message":"An access token was used instead of an API key"},"ok":false}`
	tests := []struct {
		name    string
		token   string
		headers []string
		want    string // "" for 200
	}{
		{"WithWorkspace_200", testPAT, []string{"seam-workspace", testWorkspace}, ""},
		{"MissingWorkspace_401", testPAT, nil, refused},
		{"WrongWorkspace_401", testPAT, []string{"seam-workspace", "ws_other"}, refused},
		{"UnknownToken_401", "seam_at_unknown", []string{"seam-workspace", testWorkspace}, refused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newServer(t)
			headers := append([]string{"Authorization", "Bearer " + tt.token}, tt.headers...)
			got := send(t, srv, http.MethodPost, "/action_attempts/get", body, headers...)
			if tt.want == "" {
				assertStatus(t, got, http.StatusOK)
				return
			}
			assertStatus(t, got, http.StatusUnauthorized)
			assertBody(t, got, tt.want)
		})
	}
}

func TestAuth_UnknownClientSessionToken_401(t *testing.T) {
	_, srv := newServer(t)
	got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id":"`+testAttemptID+`"}`,
		"Authorization", "Bearer seam_cst_unknown", "client-session-token", "seam_cst_unknown")
	assertStatus(t, got, http.StatusUnauthorized)
	assertBody(t, got, `{"error":{"type":"client_session_token_used_for_api_key","message":"A client session token was used instead of an API key"},"ok":false}`)
}

func TestAuth_PersonalAccessToken_SeveralWorkspaces(t *testing.T) {
	f, srv := newServer(t)
	f.AddPersonalAccessToken("seam_at_multi", "ws_a", "ws_b")
	for _, ws := range []string{"ws_a", "ws_b"} {
		got := send(t, srv, http.MethodGet, "/action_attempts/get?action_attempt_id="+testAttemptID, "",
			"Authorization", "Bearer seam_at_multi", "seam-workspace", ws)
		assertStatus(t, got, http.StatusOK)
	}
	got := send(t, srv, http.MethodGet, "/action_attempts/get?action_attempt_id="+testAttemptID, "",
		"Authorization", "Bearer seam_at_multi", "seam-workspace", testWorkspace)
	assertStatus(t, got, http.StatusUnauthorized)
}

// --- recording ---

func TestRequests_RecordsEveryRequestInOrder(t *testing.T) {
	f, srv := newServer(t)
	postGet(t, srv, testAttemptID)
	q := url.Values{"action_attempt_id": {testAttemptID}}.Encode()
	send(t, srv, http.MethodGet, "/action_attempts/get?"+q, "", "Authorization", "Bearer "+testAPIKey, "User-Agent", "test-agent/1")
	send(t, srv, http.MethodGet, "/nope", "")

	if n := f.RequestCount(); n != 3 {
		t.Fatalf("RequestCount() = %d, want 3", n)
	}
	reqs := f.Requests()
	if len(reqs) != 3 {
		t.Fatalf("len(Requests()) = %d, want 3", len(reqs))
	}

	first := reqs[0]
	if first.Method != http.MethodPost || first.Path != "/action_attempts/get" || first.RawQuery != "" {
		t.Errorf("first request = %s %s?%s", first.Method, first.Path, first.RawQuery)
	}
	if want := `{"action_attempt_id": "` + testAttemptID + `"}`; string(first.Body) != want {
		t.Errorf("first body = %q, want %q", first.Body, want)
	}
	if got := first.Header.Get("Authorization"); got != "Bearer "+testAPIKey {
		t.Errorf("first Authorization = %q", got)
	}
	if got := first.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("first Content-Type = %q", got)
	}

	second := reqs[1]
	if second.Method != http.MethodGet || second.RawQuery != q || len(second.Body) != 0 {
		t.Errorf("second request = %s ?%s body %q", second.Method, second.RawQuery, second.Body)
	}
	if got := second.Header.Get("User-Agent"); got != "test-agent/1" {
		t.Errorf("second User-Agent = %q", got)
	}

	if reqs[2].Path != "/nope" {
		t.Errorf("third path = %q, want /nope", reqs[2].Path)
	}
}

func TestRequests_ReturnsCopies(t *testing.T) {
	f, srv := newServer(t)
	postGet(t, srv, testAttemptID)
	reqs := f.Requests()
	reqs[0].Header.Set("Authorization", "changed")
	reqs[0].Body[0] = 'X'
	again := f.Requests()[0]
	if again.Header.Get("Authorization") != "Bearer "+testAPIKey || again.Body[0] != '{' {
		t.Fatalf("Requests() shares memory with the fake: %+v", again)
	}
}

func TestConcurrentRequests_AllRecordedWithUniqueIDs(t *testing.T) {
	f, srv := newServer(t)
	const n = 50
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Mix writes to the fake's state with reads through HTTP.
			f.PutActionAttempt(ActionAttempt{ActionAttemptID: fmt.Sprint("c", i), ActionType: "LOCK_DOOR", Status: "pending"})
			ids[i] = postGet(t, srv, fmt.Sprint("c", i)).Header.Get("seam-request-id")
		}()
	}
	wg.Wait()
	if got := f.RequestCount(); got != n {
		t.Fatalf("RequestCount() = %d, want %d", got, n)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || seen[id] {
			t.Fatalf("missing or duplicate request id %q in %v", id, ids)
		}
		seen[id] = true
	}
}

// --- demo seed ---

func TestSeedDemo_ServesThreeAttempts(t *testing.T) {
	f := New()
	SeedDemo(f)
	srv := httptest.NewServer(f)
	defer srv.Close()

	want := map[string]map[string]any{
		DemoSucceededAttemptID: {
			"action_attempt_id": DemoSucceededAttemptID, "action_type": "UNLOCK_DOOR", "status": "success",
			"result": map[string]any{"was_confirmed_by_device": true}, "error": nil,
		},
		DemoPendingAttemptID: {
			"action_attempt_id": DemoPendingAttemptID, "action_type": "ENCODE_CREDENTIAL", "status": "pending",
			"result": nil, "error": nil,
		},
		DemoFailedAttemptID: {
			"action_attempt_id": DemoFailedAttemptID, "action_type": "LOCK_DOOR", "status": "error",
			"result": nil, "error": map[string]any{"type": DemoFailedErrorType, "message": DemoFailedErrorMessage},
		},
	}
	for id, wantAttempt := range want {
		got := send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id":"`+id+`"}`,
			"Authorization", "Bearer "+DemoAPIKey)
		assertStatus(t, got, http.StatusOK)
		var env struct {
			ActionAttempt map[string]any `json:"action_attempt"`
			OK            bool           `json:"ok"`
		}
		if err := json.Unmarshal([]byte(got.Body), &env); err != nil {
			t.Fatal(err)
		}
		if !env.OK || !reflect.DeepEqual(env.ActionAttempt, wantAttempt) {
			t.Errorf("attempt %s:\n got  %v\n want %v", id, env.ActionAttempt, wantAttempt)
		}
	}
}

func TestQueueResponses_ServedInOrderThenNormalHandling(t *testing.T) {
	f, srv := newServer(t)
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "a1", ActionType: "UNLOCK_DOOR", Status: "success"})
	f.QueueResponses(
		Response{Status: http.StatusServiceUnavailable},
		Response{Status: http.StatusTeapot, Header: http.Header{"Content-Type": {"text/plain"}}, Body: "short and stout"},
	)

	first := postGet(t, srv, "a1")
	assertStatus(t, first, http.StatusServiceUnavailable)
	assertBody(t, first, "")
	if first.Header.Get("seam-request-id") == "" {
		t.Error("a queued response has no seam-request-id")
	}
	second := postGet(t, srv, "a1")
	assertStatus(t, second, http.StatusTeapot)
	assertBody(t, second, "short and stout")
	third := postGet(t, srv, "a1")
	assertStatus(t, third, http.StatusOK)
	if got := f.RequestCount(); got != 3 {
		t.Errorf("RequestCount = %d, want 3", got)
	}
}

func TestSetFault_FirstAttemptFailsRetryPasses(t *testing.T) {
	f, srv := newServer(t)
	f.SetFault(func(r Request, attempt int) (Response, bool) {
		if attempt == 1 {
			return Response{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}}, true
		}
		return Response{}, false
	})

	first := postGet(t, srv, testAttemptID)
	assertStatus(t, first, http.StatusTooManyRequests)
	if got := first.Header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After = %q, want 1", got)
	}
	assertStatus(t, postGet(t, srv, testAttemptID), http.StatusOK)
	// Another body is another read: its first attempt fails again.
	assertStatus(t, postGet(t, srv, "another-id"), http.StatusTooManyRequests)

	f.SetFault(nil)
	assertStatus(t, postGet(t, srv, "another-id"), http.StatusNotFound)
}

func TestResponse_Delay_EndsWhenClientGivesUp(t *testing.T) {
	f, srv := newServer(t)
	f.QueueResponses(Response{Status: http.StatusOK, Delay: time.Minute})
	client := &http.Client{Timeout: 100 * time.Millisecond}
	start := time.Now()
	_, err := client.Post(srv.URL+"/action_attempts/get", "application/json", strings.NewReader(`{}`))
	if err == nil {
		t.Fatal("a delayed response arrived before the client timeout")
	}
	// httptest's Close waits for handlers; a handler stuck for a minute
	// would show up as a slow test, so also check we got here quickly.
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %s", elapsed)
	}
}

func TestResponse_ResetAfter_TruncatesAndCloses(t *testing.T) {
	f, srv := newServer(t)
	f.QueueResponses(Response{Status: http.StatusOK, Body: `{"action_attempt": {"action_attempt_id": "x"}, "ok": true}`, ResetAfter: 10})
	resp, err := http.Post(srv.URL+"/action_attempts/get", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatalf("headers should arrive: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil {
		t.Fatalf("reading a reset body succeeded: %q", body)
	}
	if string(body) != `{"action_a` {
		t.Errorf("got %q before the reset, want the first 10 bytes", body)
	}
}
