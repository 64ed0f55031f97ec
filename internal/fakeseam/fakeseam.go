// Package fakeseam is an in-process fake of the parts of the Seam API that
// the provider uses. It is an http.Handler, so tests mount it with
// httptest.NewServer (which binds 127.0.0.1) and `make demo` serves it through
// the small command in cmd/fakeseam.
//
// Its wire behaviour follows what Seam's own fake server
// (@seamapi/fake-seam-connect) does, as written down in SEAM_API.md: the same
// envelopes, error types and messages, status codes, headers, the same order
// of checks and the same bare bodies for invalid JSON and unknown routes, so
// the client is tested against the shapes it will meet. The conformance suite
// (internal/conformance, `make conformance`) sends the same requests to both
// and compares the answers; its wire_test.go lists the differences found and
// the few kept on purpose.
//
// The handler is split into small steps (record, route, parse the body,
// authenticate, check method and content type, decode input, answer) so that
// fault modes such as status sequences or slow responses can be inserted as
// one more step without rewriting the others.
package fakeseam

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// maxBodyBytes bounds how much of a request body the fake reads. Real
// requests are tiny; the bound only keeps a runaway test from eating memory.
const maxBodyBytes = 1 << 20

// ActionAttempt is one action attempt as Seam returns it. It marshals to
// Seam's wire shape: all five keys are always present, and result and error
// are null when unset.
type ActionAttempt struct {
	ActionAttemptID string `json:"action_attempt_id"`
	ActionType      string `json:"action_type"`
	Status          string `json:"status"`
	// Result is emitted verbatim (after compaction), so that numbers too big
	// for a float64 reach the client unchanged. nil marshals as null.
	Result json.RawMessage     `json:"result"`
	Error  *ActionAttemptError `json:"error"`

	// DeviceID links the attempt to a device for /action_attempts/list's
	// device_id filter. Seam keeps this link on its side: it is not part
	// of the attempt object, so it is not marshalled.
	DeviceID string `json:"-"`
}

// ActionAttemptError is the error object of a failed action attempt.
type ActionAttemptError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// Request is one request the fake received, kept so tests can assert what
// the client sent (headers, method, body).
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
	// Time is when the request arrived.
	Time time.Time
}

// Fake is the fake Seam API. Create it with New; it is safe for concurrent
// use because the provider may read several data sources in parallel.
type Fake struct {
	mu sync.Mutex

	apiKeys    map[string]bool
	cstTokens  map[string]bool
	patTokens  map[string][]string // token -> workspace ids it may use
	attempts   map[string]json.RawMessage
	order      []string          // attempt ids in the order first stored: the API's order
	devices    map[string]string // attempt id -> device id
	pageSize   int               // page size for /action_attempts/list; 0 means the request's limit
	requests   []Request
	requestSeq int
	queued     []Response
	fault      FaultFunc
	seen       map[string]int // times each path+body was received
}

// New returns an empty fake: no credentials, no attempts.
func New() *Fake {
	return &Fake{
		apiKeys:   map[string]bool{},
		cstTokens: map[string]bool{},
		patTokens: map[string][]string{},
		attempts:  map[string]json.RawMessage{},
		devices:   map[string]string{},
		seen:      map[string]int{},
	}
}

// AddAPIKey makes key a valid API key; it needs no other header.
func (f *Fake) AddAPIKey(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.apiKeys[key] = true
}

// AddClientSessionToken makes token a valid client session token. Like Seam,
// the fake then also requires the token in a client-session-token (or
// seam-client-session-token) header.
func (f *Fake) AddClientSessionToken(token string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cstTokens[token] = true
}

// AddPersonalAccessToken makes token a valid personal access token for the
// given workspaces. A request must name one of them in the seam-workspace
// header. Calling it again for the same token adds workspaces.
func (f *Fake) AddPersonalAccessToken(token string, workspaceIDs ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.patTokens[token] = append(f.patTokens[token], workspaceIDs...)
}

// PutActionAttempt stores a (or replaces the attempt with the same id).
func (f *Fake) PutActionAttempt(a ActionAttempt) {
	raw, err := json.Marshal(a)
	if err != nil {
		// Only an invalid Result can fail here; that is a bug in the test.
		panic(fmt.Sprintf("fakeseam: marshal action attempt %q: %v", a.ActionAttemptID, err))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.store(a.ActionAttemptID, raw)
	if a.DeviceID != "" {
		f.devices[a.ActionAttemptID] = a.DeviceID
	}
}

// store keeps an attempt, remembering when it was first stored so that
// lists come back in a stable order. The caller holds f.mu.
func (f *Fake) store(id string, raw json.RawMessage) {
	if _, ok := f.attempts[id]; !ok {
		f.order = append(f.order, id)
	}
	f.attempts[id] = raw
}

// PutActionAttemptJSON stores rawObject verbatim as the attempt for id, so
// tests can serve extra or unknown fields, missing keys or odd types. It
// panics when rawObject is not a JSON object: it is a test helper and a typo
// there should fail loudly.
func (f *Fake) PutActionAttemptJSON(id string, rawObject string) {
	trimmed := bytes.TrimSpace([]byte(rawObject))
	if !json.Valid(trimmed) || len(trimmed) == 0 || trimmed[0] != '{' {
		panic(fmt.Sprintf("fakeseam: PutActionAttemptJSON(%q): not a JSON object: %s", id, rawObject))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.store(id, json.RawMessage(trimmed))
}

// Requests returns a copy of every request received so far, in order.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Request, len(f.requests))
	for i, r := range f.requests {
		r.Header = r.Header.Clone()
		r.Body = slices.Clone(r.Body)
		out[i] = r
	}
	return out
}

// RequestCount returns how many requests the fake has received.
func (f *Fake) RequestCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// apiError is an error answer in Seam's JSON shape.
type apiError struct {
	Status           int            `json:"-"`
	Type             string         `json:"type"`
	Message          string         `json:"message"`
	Data             map[string]any `json:"data,omitempty"`
	ValidationErrors map[string]any `json:"validation_errors,omitempty"`
}

// route is one API route: the methods it accepts, whether it needs
// credentials, and the function that answers once method and auth passed.
type route struct {
	methods []string
	handle  func(f *Fake, w http.ResponseWriter, r *http.Request, body []byte)
	// noClientSessionToken: Seam does not accept client session tokens on
	// this route.
	noClientSessionToken bool
}

// routes lists the API routes the fake knows. Paths not listed get Seam's
// plain-text 404.
var routes = map[string]route{
	"/action_attempts/get": {
		methods: []string{http.MethodGet, http.MethodPost},
		handle:  (*Fake).handleActionAttemptsGet,
	},
	"/action_attempts/list": {
		methods:              []string{http.MethodGet, http.MethodPost},
		handle:               (*Fake).handleActionAttemptsList,
		noClientSessionToken: true,
	},
}

// ServeHTTP answers one request: record it, tag it with a request id, route
// it, check method and credentials, then let the route answer.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	requestID := f.record(r, body)
	// Every answer, errors included, carries the id: the client quotes it in
	// diagnostics, so tests need it on every path.
	w.Header().Set("seam-request-id", requestID)
	if err != nil {
		writeText(w, http.StatusBadRequest, "Could not read request body")
		return
	}
	if canned, ok := f.faultFor(r, body); ok {
		serveCanned(w, r, canned)
		return
	}

	rt, ok := routes[r.URL.Path]
	if !ok {
		// Seam answers an unknown route before any of its handlers run,
		// so without a request id.
		writeBare(w, http.StatusNotFound, "404")
		return
	}
	// Seam's body parser runs before everything else: a JSON body that
	// does not parse is 400 whatever the credentials.
	if isJSONContentType(r) && len(bytes.TrimSpace(body)) > 0 && !json.Valid(body) {
		writeBare(w, http.StatusBadRequest, "Invalid JSON")
		return
	}
	// Then Seam checks credentials, before the method or the input, so a
	// bad token with a bad method or body answers 401.
	if apiErr := f.authenticate(r); apiErr != nil {
		writeError(w, apiErr)
		return
	}
	if !slices.Contains(rt.methods, r.Method) {
		// Seam sends no Allow header; RFC 9110 wants one, and it harms no
		// client.
		w.Header().Set("Allow", strings.Join(rt.methods, ", "))
		writeError(w, &apiError{
			Status:  http.StatusMethodNotAllowed,
			Type:    "method_not_allowed",
			Message: "only " + strings.Join(rt.methods, ",") + " accepted",
		})
		return
	}
	if (r.Method == http.MethodPost || r.Method == http.MethodPatch) && len(body) > 0 && !isJSONContentType(r) {
		writeError(w, &apiError{
			Status:  http.StatusBadRequest,
			Type:    "invalid_content_type",
			Message: r.Method + ` requests must have Content-Type header with "application/json"`,
		})
		return
	}
	if rt.noClientSessionToken && f.isClientSessionToken(r) {
		writeError(w, &apiError{
			Status:  http.StatusUnauthorized,
			Type:    "unauthorized",
			Message: "Client session tokens are not allowed on " + r.URL.Path,
		})
		return
	}
	rt.handle(f, w, r, body)
}

// record keeps a copy of the request and returns a new request id.
func (f *Fake) record(r *http.Request, body []byte) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Body:     slices.Clone(body),
		Time:     time.Now(),
	})
	f.requestSeq++
	return fmt.Sprintf("req_%d", f.requestSeq)
}

// authenticate checks the credentials of r the way SEAM_API.md describes,
// with Seam's fake's error types and messages. Messages never contain the
// token: a test asserting "no secret in diagnostics" must not be defeated by
// the fake echoing it.
func (f *Fake) authenticate(r *http.Request) *apiError {
	unauthorized := func(msg string) *apiError {
		return &apiError{Status: http.StatusUnauthorized, Type: "unauthorized", Message: msg}
	}
	// Seam tries each kind of credential in turn and reports the last
	// refusal, its API key check's: that is why a refused personal access
	// token is "used instead of an API key".
	accessTokenRefused := &apiError{Status: http.StatusUnauthorized, Type: "access_token_used_for_api_key",
		Message: "An access token was used instead of an API key"}

	header := r.Header.Get("Authorization")
	if header == "" {
		return unauthorized("No Authorization header")
	}
	// Seam takes the token after the exact text "Bearer ": "bearer" or
	// another scheme leaves it with none.
	token, found := strings.CutPrefix(header, "Bearer ")
	if !found {
		return unauthorized("No token provided")
	}

	f.mu.Lock()
	defer f.mu.Unlock()

	if f.apiKeys[token] {
		return nil
	}
	if f.cstTokens[token] {
		cst := r.Header.Get("client-session-token")
		if cst == "" {
			cst = r.Header.Get("seam-client-session-token")
		}
		switch {
		case cst == "":
			return unauthorized("Missing client-session-token header (required with a client session token)")
		case cst != token:
			return unauthorized("The client-session-token header does not match the token in the Authorization header")
		}
		return nil
	}
	if workspaces, ok := f.patTokens[token]; ok {
		// Without seam-workspace, or with a workspace the token cannot
		// use.
		if ws := r.Header.Get("seam-workspace"); ws == "" || !slices.Contains(workspaces, ws) {
			return accessTokenRefused
		}
		return nil
	}
	switch {
	case strings.HasPrefix(token, "seam_cst"):
		return &apiError{Status: http.StatusUnauthorized, Type: "client_session_token_used_for_api_key",
			Message: "A client session token was used instead of an API key"}
	case strings.HasPrefix(token, "seam_at"):
		return accessTokenRefused
	}
	return unauthorized("API Key not found")
}

// handleActionAttemptsGet answers /action_attempts/get.
func (f *Fake) handleActionAttemptsGet(w http.ResponseWriter, r *http.Request, body []byte) {
	params, err := requestParams(r, body)
	if err != nil {
		writeFailure(w, err)
		return
	}
	id, apiErr := requiredString(params, "action_attempt_id")
	if apiErr != nil {
		writeError(w, apiErr)
		return
	}

	f.mu.Lock()
	attempt, ok := f.attempts[id]
	f.mu.Unlock()
	if !ok {
		// Seam's fake answers 404 for a malformed id too, so no uuid check.
		writeError(w, &apiError{
			Status:  http.StatusNotFound,
			Type:    "action_attempt_not_found",
			Message: "action_attempt not found",
			Data:    map[string]any{"action_attempt_id": id},
		})
		return
	}
	writeJSON(w, http.StatusOK, struct {
		ActionAttempt json.RawMessage `json:"action_attempt"`
		OK            bool            `json:"ok"`
	}{attempt, true})
}

// requestParams returns the input of r keyed by name, as JSON values: the
// query string for GET (every value a string), the JSON body otherwise.
// The error is a *textError for a body that is not JSON (Seam answers that
// in plain text).
func requestParams(r *http.Request, body []byte) (map[string]json.RawMessage, error) {
	params := map[string]json.RawMessage{}
	if r.Method == http.MethodGet {
		for name, values := range r.URL.Query() {
			s, _ := json.Marshal(values[0]) // marshalling a string cannot fail
			params[name] = s
		}
		return params, nil
	}

	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		// An empty body is an empty input: the missing fields are then
		// reported one by one, which is more useful than "Invalid JSON".
		return params, nil
	}
	if !json.Valid(body) {
		return nil, &textError{Status: http.StatusBadRequest, Body: "Invalid JSON"}
	}
	if jsonKind(body) != "object" {
		// Seam spreads the body into the input ({...query, ...body}), so
		// an array or a string brings no named field: they are then
		// reported missing.
		return params, nil
	}
	if err := json.Unmarshal(body, &params); err != nil {
		// Unreachable after the checks above; answer as Seam would anyway.
		return nil, &textError{Status: http.StatusBadRequest, Body: "Invalid JSON"}
	}
	return params, nil
}

// requiredString returns the string parameter name, or a zod-style
// invalid_input error when it is missing or not a string.
func requiredString(params map[string]json.RawMessage, name string) (string, *apiError) {
	raw, ok := params[name]
	if !ok {
		return "", invalidField(name, "Required")
	}
	// Check the kind first: json.Unmarshal accepts null into a string.
	var s string
	if kind := jsonKind(raw); kind != "string" || json.Unmarshal(raw, &s) != nil {
		return "", invalidField(name, "Expected string, received "+kind)
	}
	return s, nil
}

// invalidField builds the 400 invalid_input error for one bad field, with
// validation_errors shaped like zod's format(): an _errors list at every
// level. The message is worded as Seam's (nextlove's) are: "x is required",
// or the problem followed by ` for "x"`.
func invalidField(name, problem string) *apiError {
	message := problem + ` for "` + name + `"`
	if problem == "Required" {
		message = name + " is required"
	}
	return &apiError{
		Status:  http.StatusBadRequest,
		Type:    "invalid_input",
		Message: message,
		ValidationErrors: map[string]any{
			"_errors": []string{},
			name:      map[string]any{"_errors": []string{problem}},
		},
	}
}

// jsonKind names the type of a valid JSON value the way zod does in
// "Expected string, received number".
func jsonKind(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "undefined"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// textError is an error answered with a plain-text body, as Seam does for
// invalid JSON and unknown routes.
type textError struct {
	Status int
	Body   string
}

func (e *textError) Error() string { return e.Body }

func (e *apiError) Error() string { return e.Type + ": " + e.Message }

// writeFailure writes err, which must be a *textError or an *apiError.
func writeFailure(w http.ResponseWriter, err error) {
	var te *textError
	if errors.As(err, &te) {
		writeBare(w, te.Status, te.Body)
		return
	}
	var ae *apiError
	if errors.As(err, &ae) {
		writeError(w, ae)
		return
	}
	writeText(w, http.StatusInternalServerError, "Internal Server Error")
}

// writeError writes e in Seam's error envelope.
func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, e.Status, struct {
		Error *apiError `json:"error"`
		OK    bool      `json:"ok"`
	}{e, false})
}

// writeJSON writes v as a JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeText(w, http.StatusInternalServerError, "fakeseam: cannot marshal response: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeText writes a plain-text response with the given status.
func writeText(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// writeBare writes body the way Seam's server framework answers what never
// reaches Seam's handlers (an unknown route, a body that is not JSON): no
// Content-Type and no seam-request-id.
func writeBare(w http.ResponseWriter, status int, body string) {
	w.Header().Del("seam-request-id")
	w.Header()["Content-Type"] = nil // nil stops net/http from sniffing one
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// isJSONContentType reports whether r says its body is JSON, as Seam's
// check does (a substring match, so parameters such as charset pass).
func isJSONContentType(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Content-Type"), "application/json")
}
