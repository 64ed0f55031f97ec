package seam

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// ------------------------------------------------------------------ helpers

// listAttempt is a stored attempt with a recognisable id.
func listAttempt(id string) fakeseam.ActionAttempt {
	return fakeseam.ActionAttempt{ActionAttemptID: id, ActionType: "UNLOCK_DOOR", Status: "success", Result: json.RawMessage(`{}`)}
}

// putListAttempts stores attempts with the given ids, in that order.
func putListAttempts(f *fakeseam.Fake, ids ...string) {
	for _, id := range ids {
		f.PutActionAttempt(listAttempt(id))
	}
}

// idsOf returns the ids of attempts, in order.
func idsOf(attempts []*ActionAttempt) []string {
	out := []string{}
	for _, a := range attempts {
		out = append(out, a.ActionAttemptID)
	}
	return out
}

// listBodies returns the body of every request to the fake, checking each
// one is a POST to /action_attempts/list.
func listBodies(t *testing.T, f *fakeseam.Fake) []string {
	t.Helper()
	var out []string
	for i, r := range f.Requests() {
		if r.Method != http.MethodPost || r.Path != "/action_attempts/list" {
			t.Errorf("request %d = %s %s, want POST /action_attempts/list", i, r.Method, r.Path)
		}
		out = append(out, string(r.Body))
	}
	return out
}

// fakeCursor is the page cursor fakeseam hands out for the page starting
// at offset n (its own encoding, opaque to the client).
func fakeCursor(n int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(n)))
}

// listPage is one scripted page of a hand-written server.
func listPage(ids []string, hasNext bool, cursor any) string {
	attempts := []map[string]any{}
	for _, id := range ids {
		attempts = append(attempts, map[string]any{
			"action_attempt_id": id, "action_type": "LOCK_DOOR", "status": "success", "result": map[string]any{}, "error": nil,
		})
	}
	body, _ := json.Marshal(map[string]any{
		"action_attempts": attempts,
		"pagination":      map[string]any{"has_next_page": hasNext, "next_page_cursor": cursor, "next_page_url": nil},
		"ok":              true,
	})
	return string(body)
}

// scriptedServer answers request n (from 1) with pages(n) and counts them;
// it records every request body.
func scriptedServer(t *testing.T, pages func(n int) string) (*httptest.Server, *atomic.Int64, func() []string) {
	t.Helper()
	var count atomic.Int64
	bodies := make(chan string, 2000)
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		var raw json.RawMessage
		_ = json.NewDecoder(r.Body).Decode(&raw)
		select {
		case bodies <- string(raw):
		default:
		}
		n := int(count.Add(1))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("seam-request-id", "req_"+strconv.Itoa(n))
		_, _ = fmt.Fprint(w, pages(n))
	})
	drain := func() []string {
		var out []string
		for {
			select {
			case b := <-bodies:
				out = append(out, b)
			default:
				return out
			}
		}
	}
	return srv, &count, drain
}

// ----------------------------------------------------------- request body

func TestListActionAttempts_RequestBody_ExactPerParams(t *testing.T) {
	tests := []struct {
		name   string
		params ListActionAttemptsParams
		want   string
	}{
		{"ids", ListActionAttemptsParams{ActionAttemptIDs: []string{"att_b", "att_a"}}, `{"action_attempt_ids":["att_b","att_a"]}`},
		{"ids and device", ListActionAttemptsParams{ActionAttemptIDs: []string{"att_a"}, DeviceID: "dev_1"}, `{"action_attempt_ids":["att_a"],"device_id":"dev_1"}`},
		{"device only", ListActionAttemptsParams{DeviceID: "dev_1"}, `{"device_id":"dev_1"}`},
		{"nothing: nil ids are left out", ListActionAttemptsParams{}, `{}`},
		{"empty ids are sent as given", ListActionAttemptsParams{ActionAttemptIDs: []string{}}, `{"action_attempt_ids":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFake(t)
			putListAttempts(f, "att_a", "att_b")
			c := newTestClient(t, srv.URL, apiKeyCredential)
			if _, err := c.ListActionAttempts(context.Background(), tt.params); err != nil {
				t.Fatalf("ListActionAttempts: %v", err)
			}
			bodies := listBodies(t, f)
			if !reflect.DeepEqual(bodies, []string{tt.want}) {
				t.Errorf("request bodies = %q, want [%q]", bodies, tt.want)
			}
			r := f.Requests()[0]
			if got := r.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
			if got := r.Header.Get("Authorization"); got != "Bearer "+testAPIKey {
				t.Errorf("Authorization = %q", got)
			}
			if r.RawQuery != "" {
				t.Errorf("query = %q, want none (parameters go in the body)", r.RawQuery)
			}
		})
	}
}

// ------------------------------------------------------------- pagination

// TestListActionAttempts_ThreePages_AllInAPIOrder: 5 attempts, pages
// of 2: three requests, the filter sent on each, no cursor on the first,
// and the fake's cursor (verbatim) on the others.
func TestListActionAttempts_ThreePages_AllInAPIOrder(t *testing.T) {
	f, srv := newFake(t)
	stored := []string{"att_5", "att_3", "att_1", "att_4", "att_2"}
	putListAttempts(f, stored...)
	f.SetListPageSize(2)
	c := newTestClient(t, srv.URL, apiKeyCredential)

	ids := []string{"att_1", "att_2", "att_3", "att_4", "att_5"}
	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: ids})
	if err != nil {
		t.Fatalf("ListActionAttempts: %v", err)
	}
	if !reflect.DeepEqual(idsOf(got), stored) {
		t.Errorf("ids = %v, want %v (the API's order)", idsOf(got), stored)
	}
	filter := `"action_attempt_ids":["att_1","att_2","att_3","att_4","att_5"]`
	want := []string{
		`{` + filter + `}`,
		`{` + filter + `,"page_cursor":"` + fakeCursor(2) + `"}`,
		`{` + filter + `,"page_cursor":"` + fakeCursor(4) + `"}`,
	}
	if bodies := listBodies(t, f); !reflect.DeepEqual(bodies, want) {
		t.Errorf("request bodies:\n got  %q\n want %q", bodies, want)
	}
}

func TestListActionAttempts_NoFilterSeveralPages_EveryAttempt(t *testing.T) {
	f, srv := newFake(t)
	var stored []string
	for i := 1; i <= 7; i++ {
		stored = append(stored, fmt.Sprintf("att_%02d", i))
	}
	putListAttempts(f, stored...)
	f.SetListPageSize(3)
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{})
	if err != nil {
		t.Fatalf("ListActionAttempts: %v", err)
	}
	if !reflect.DeepEqual(idsOf(got), stored) {
		t.Errorf("ids = %v, want %v", idsOf(got), stored)
	}
	want := []string{`{}`, `{"page_cursor":"` + fakeCursor(3) + `"}`, `{"page_cursor":"` + fakeCursor(6) + `"}`}
	if bodies := listBodies(t, f); !reflect.DeepEqual(bodies, want) {
		t.Errorf("request bodies = %q, want %q", bodies, want)
	}
}

// TestListActionAttempts_CursorSentVerbatim: an opaque cursor with
// characters JSON or URLs treat specially comes back exactly.
func TestListActionAttempts_CursorSentVerbatim(t *testing.T) {
	cursor := `a/b+c=d&e?"f"`
	srv, count, bodies := scriptedServer(t, func(n int) string {
		if n == 1 {
			return listPage([]string{"att_1"}, true, cursor)
		}
		return listPage([]string{"att_2"}, false, nil)
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{DeviceID: "dev_1"})
	if err != nil {
		t.Fatalf("ListActionAttempts: %v", err)
	}
	if !reflect.DeepEqual(idsOf(got), []string{"att_1", "att_2"}) {
		t.Errorf("ids = %v, want [att_1 att_2]", idsOf(got))
	}
	if n := count.Load(); n != 2 {
		t.Errorf("server received %d requests, want 2", n)
	}
	want := []string{`{"device_id":"dev_1"}`, `{"device_id":"dev_1","page_cursor":"a/b+c=d\u0026e?\"f\""}`}
	if b := bodies(); !reflect.DeepEqual(b, want) {
		t.Errorf("request bodies = %q, want %q", b, want)
	}
}

// TestListActionAttempts_EndOfListing: the listing ends at the first page
// that says there is no next one, or gives no cursor or no pagination.
func TestListActionAttempts_EndOfListing(t *testing.T) {
	tests := []struct {
		name string
		page string
	}{
		{"has_next_page false", listPage([]string{"att_1"}, false, nil)},
		{"has_next_page false with a cursor", listPage([]string{"att_1"}, false, "c2")},
		{"no pagination object", `{"action_attempts":[{"action_attempt_id":"att_1","action_type":"LOCK_DOOR","status":"success","result":{},"error":null}],"ok":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, count, _ := scriptedServer(t, func(int) string { return tt.page })
			c := newTestClient(t, srv.URL, apiKeyCredential)
			got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_1"}})
			if err != nil {
				t.Fatalf("ListActionAttempts: %v", err)
			}
			if !reflect.DeepEqual(idsOf(got), []string{"att_1"}) {
				t.Errorf("ids = %v, want [att_1]", idsOf(got))
			}
			if n := count.Load(); n != 1 {
				t.Errorf("server received %d requests, want 1", n)
			}
		})
	}
}

// TestListActionAttempts_RepeatedCursor_APIError: a server that hands out
// a cursor it handed out before would loop forever; the listing stops at
// the repeat.
func TestListActionAttempts_RepeatedCursor_APIError(t *testing.T) {
	tests := []struct {
		name      string
		cursors   []string // cursor given by page n (from 1)
		wantPages int64
	}{
		{"same cursor at once", []string{"c1", "c1", "c1"}, 2},
		{"cycle back to an older cursor", []string{"c1", "c2", "c1", "c2"}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, count, _ := scriptedServer(t, func(n int) string {
				if n > len(tt.cursors) {
					return listPage([]string{"att_x"}, false, nil)
				}
				return listPage([]string{"att_" + strconv.Itoa(n)}, true, tt.cursors[n-1])
			})
			c := newTestClient(t, srv.URL, apiKeyCredential)
			got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{DeviceID: "dev_1"})
			if got != nil {
				t.Errorf("attempts = %v, want nil with the error", idsOf(got))
			}
			apiErr := asAPIError(t, err)
			if apiErr.StatusCode != 200 || apiErr.Problem != "the listing handed out the same page cursor twice" {
				t.Errorf("APIError = %+v, want status 200 and the repeated cursor named", *apiErr)
			}
			if want := fmt.Sprintf("req_%d", tt.wantPages); apiErr.RequestID != want {
				t.Errorf("RequestID = %q, want %q (the page that repeated the cursor)", apiErr.RequestID, want)
			}
			if n := count.Load(); n != tt.wantPages {
				t.Errorf("server received %d requests, want %d", n, tt.wantPages)
			}
		})
	}
}

// TestListActionAttempts_EndlessPages_StopsAtMaxListPages: new cursors
// forever; the listing gives up after maxListPages requests.
func TestListActionAttempts_EndlessPages_StopsAtMaxListPages(t *testing.T) {
	srv, count, _ := scriptedServer(t, func(n int) string {
		return listPage(nil, true, "cursor_"+strconv.Itoa(n))
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{DeviceID: "dev_1"})
	if got != nil {
		t.Errorf("attempts = %v, want nil with the error", idsOf(got))
	}
	apiErr := asAPIError(t, err)
	if want := "the listing did not end after 1000 pages"; apiErr.Problem != want {
		t.Errorf("Problem = %q, want %q", apiErr.Problem, want)
	}
	if n := count.Load(); n != maxListPages || maxListPages != 1000 {
		t.Errorf("server received %d requests, want maxListPages = 1000", n)
	}
}

// ------------------------------------------------------- filters and 404

func TestListActionAttempts_IDsInOtherOrder_APIOrderReturned(t *testing.T) {
	f, srv := newFake(t)
	putListAttempts(f, "att_a", "att_b", "att_c")
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_c", "att_a", "att_b"}})
	if err != nil {
		t.Fatalf("ListActionAttempts: %v", err)
	}
	if want := []string{"att_a", "att_b", "att_c"}; !reflect.DeepEqual(idsOf(got), want) {
		t.Errorf("ids = %v, want %v (the API's order; reordering is the caller's job)", idsOf(got), want)
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
}

func TestListActionAttempts_UnknownIDsDropped(t *testing.T) {
	f, srv := newFake(t)
	putListAttempts(f, "att_a", "att_b", "att_c")
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_zz", "att_c", "att_yy", "att_a"}})
	if err != nil {
		t.Fatalf("ListActionAttempts: %v", err)
	}
	if want := []string{"att_a", "att_c"}; !reflect.DeepEqual(idsOf(got), want) {
		t.Errorf("ids = %v, want %v", idsOf(got), want)
	}
}

// TestListActionAttempts_AllIDsUnknown_EmptyNoError: the fake answers 404
// action_attempts_not_found, as Seam's does; that is an empty list.
func TestListActionAttempts_AllIDsUnknown_EmptyNoError(t *testing.T) {
	f, srv := newFake(t)
	putListAttempts(f, "att_a")
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_zz", "att_yy"}})
	if err != nil {
		t.Fatalf("ListActionAttempts: %v, want an empty list", err)
	}
	if len(got) != 0 {
		t.Errorf("attempts = %v, want none", idsOf(got))
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
}

// TestListActionAttempts_Other404_IsAnError: only action_attempts_not_found
// means "none of them"; another 404 (a wrong endpoint path, say) is an
// error.
func TestListActionAttempts_Other404_IsAnError(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		wantType string
	}{
		{"singular not-found type", seamErrorBody("action_attempt_not_found", "Action attempt not found"), "action_attempt_not_found"},
		{"plain-text 404", "Not Found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, fixedResponse(http.StatusNotFound, nil, tt.body))
			c := newTestClient(t, srv.URL, apiKeyCredential)
			got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_a"}})
			if got != nil {
				t.Errorf("attempts = %v, want nil", idsOf(got))
			}
			apiErr := asAPIError(t, err)
			if apiErr.StatusCode != 404 || apiErr.Type != tt.wantType {
				t.Errorf("APIError = %+v, want 404 %q", *apiErr, tt.wantType)
			}
		})
	}
}

func TestListActionAttempts_DeviceFilter(t *testing.T) {
	f, srv := newFake(t)
	for _, a := range []struct{ id, device string }{
		{"att_1", "dev_a"}, {"att_2", "dev_b"}, {"att_3", ""}, {"att_4", "dev_a"}, {"att_5", "dev_a"},
	} {
		attempt := listAttempt(a.id)
		attempt.DeviceID = a.device
		f.PutActionAttempt(attempt)
	}
	c := newTestClient(t, srv.URL, apiKeyCredential)

	tests := []struct {
		name   string
		params ListActionAttemptsParams
		want   []string
	}{
		{"device only", ListActionAttemptsParams{DeviceID: "dev_a"}, []string{"att_1", "att_4", "att_5"}},
		{"device and ids: both filters", ListActionAttemptsParams{DeviceID: "dev_a", ActionAttemptIDs: []string{"att_5", "att_2", "att_1"}}, []string{"att_1", "att_5"}},
		{"device with no attempts", ListActionAttemptsParams{DeviceID: "dev_none"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.ListActionAttempts(context.Background(), tt.params)
			if err != nil {
				t.Fatalf("ListActionAttempts: %v", err)
			}
			if !reflect.DeepEqual(idsOf(got), tt.want) {
				t.Errorf("ids = %v, want %v", idsOf(got), tt.want)
			}
		})
	}
}

// TestListActionAttempts_NilVsEmptyIDs: nil ids are no filter (every
// attempt); an empty list is sent as given and matches nothing.
func TestListActionAttempts_NilVsEmptyIDs(t *testing.T) {
	f, srv := newFake(t)
	putListAttempts(f, "att_a", "att_b")
	c := newTestClient(t, srv.URL, apiKeyCredential)

	all, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: nil})
	if err != nil {
		t.Fatalf("nil ids: %v", err)
	}
	if want := []string{"att_a", "att_b"}; !reflect.DeepEqual(idsOf(all), want) {
		t.Errorf("nil ids: ids = %v, want %v", idsOf(all), want)
	}
	none, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{}})
	if err != nil {
		t.Fatalf("empty ids: %v", err)
	}
	if len(none) != 0 {
		t.Errorf("empty ids: ids = %v, want none", idsOf(none))
	}
	if want := []string{`{}`, `{"action_attempt_ids":[]}`}; !reflect.DeepEqual(listBodies(t, f), want) {
		t.Errorf("request bodies = %q, want %q", listBodies(t, f), want)
	}
}

// TestListActionAttempts_AttemptsDecodedLikeGet: result kept raw (null is
// nil), error decoded, unknown status and type passed through.
func TestListActionAttempts_AttemptsDecodedLikeGet(t *testing.T) {
	f, srv := newFake(t)
	f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "att_ok", ActionType: "SCAN_CREDENTIAL", Status: "success",
		Result: json.RawMessage(`{"card_number":123456789012345678901234567890}`)})
	f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "att_pending", ActionType: "ENCODE_CREDENTIAL", Status: "pending"})
	f.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "att_err", ActionType: "LOCK_DOOR", Status: "error",
		Error: &fakeseam.ActionAttemptError{Type: "bridge_disconnected", Message: "offline"}})
	f.PutActionAttemptJSON("att_new", `{"action_attempt_id":"att_new","action_type":"FUTURE_TYPE","status":"queued","result":null,"error":null,"extra":1}`)
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_ok", "att_pending", "att_err", "att_new"}})
	if err != nil {
		t.Fatalf("ListActionAttempts: %v", err)
	}
	want := []ActionAttempt{
		{ActionAttemptID: "att_ok", ActionType: "SCAN_CREDENTIAL", Status: "success", Result: json.RawMessage(`{"card_number":123456789012345678901234567890}`)},
		{ActionAttemptID: "att_pending", ActionType: "ENCODE_CREDENTIAL", Status: "pending"},
		{ActionAttemptID: "att_err", ActionType: "LOCK_DOOR", Status: "error", Error: &ActionAttemptError{Type: "bridge_disconnected", Message: "offline"}},
		{ActionAttemptID: "att_new", ActionType: "FUTURE_TYPE", Status: "queued"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d attempts (%v), want %d", len(got), idsOf(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(*got[i], want[i]) {
			t.Errorf("attempt %d = %+v, want %+v", i, *got[i], want[i])
		}
	}
}

// ------------------------------------------------------ malformed answers

func TestListActionAttempts_NoActionAttempts_APIError(t *testing.T) {
	for name, body := range map[string]string{
		"key missing": `{"pagination":{"has_next_page":false,"next_page_cursor":null,"next_page_url":null},"ok":true}`,
		"null":        `{"action_attempts":null,"pagination":{"has_next_page":false,"next_page_cursor":null,"next_page_url":null},"ok":true}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv := serve(t, fixedResponse(http.StatusOK, http.Header{"Seam-Request-Id": {"req_empty"}}, body))
			c := newTestClient(t, srv.URL, apiKeyCredential)
			got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{DeviceID: "dev_1"})
			if got != nil {
				t.Errorf("attempts = %v, want nil", idsOf(got))
			}
			apiErr := asAPIError(t, err)
			want := APIError{StatusCode: 200, RequestID: "req_empty", Attempts: 1, Problem: "the response has no action_attempts"}
			if !reflect.DeepEqual(*apiErr, want) {
				t.Errorf("APIError = %+v, want %+v", *apiErr, want)
			}
		})
	}
}

func TestListActionAttempts_AttemptMissingField_APIError(t *testing.T) {
	tests := []struct {
		name        string
		raw         string
		wantProblem string
	}{
		{"no status", `{"action_attempt_id":"att_bad","action_type":"LOCK_DOOR","result":null,"error":null}`, "an action attempt in the response has no status"},
		{"empty status", `{"action_attempt_id":"att_bad","action_type":"LOCK_DOOR","status":"","result":null,"error":null}`, "an action attempt in the response has no status"},
		{"no action_type", `{"action_attempt_id":"att_bad","status":"success","result":null,"error":null}`, "an action attempt in the response has no action_type"},
		{"no action_attempt_id", `{"action_type":"LOCK_DOOR","status":"success","result":null,"error":null}`, "an action attempt in the response has no action_attempt_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFake(t)
			putListAttempts(f, "att_good")
			f.PutActionAttemptJSON("att_bad", tt.raw)
			c := newTestClient(t, srv.URL, apiKeyCredential)
			got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_good", "att_bad"}})
			if got != nil {
				t.Errorf("attempts = %v, want nil", idsOf(got))
			}
			apiErr := asAPIError(t, err)
			want := APIError{StatusCode: 200, RequestID: "req_1", Attempts: 1, Problem: tt.wantProblem}
			if !reflect.DeepEqual(*apiErr, want) {
				t.Errorf("APIError = %+v, want %+v", *apiErr, want)
			}
		})
	}
}

func TestListActionAttempts_NullAttemptInList_APIError(t *testing.T) {
	srv := serve(t, fixedResponse(http.StatusOK, nil,
		`{"action_attempts":[null],"pagination":{"has_next_page":false,"next_page_cursor":null,"next_page_url":null},"ok":true}`))
	c := newTestClient(t, srv.URL, apiKeyCredential)
	_, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{DeviceID: "dev_1"})
	if apiErr := asAPIError(t, err); apiErr.Problem != "an action attempt in the response has no action_attempt_id" {
		t.Errorf("Problem = %q", apiErr.Problem)
	}
}

// TestListActionAttempts_LaterPageFails_NoPartialList: an error on page 2
// fails the whole listing; page 1's attempts are not returned.
func TestListActionAttempts_LaterPageFails_NoPartialList(t *testing.T) {
	f, srv := newFake(t)
	putListAttempts(f, "att_1", "att_2", "att_3")
	f.SetListPageSize(2)
	f.SetFault(func(r fakeseam.Request, _ int) (fakeseam.Response, bool) {
		if strings.Contains(string(r.Body), "page_cursor") {
			return fakeseam.Response{Status: http.StatusInternalServerError, Body: seamErrorBody("internal_server_error", "boom")}, true
		}
		return fakeseam.Response{}, false
	})
	c := newTestClient(t, srv.URL, apiKeyCredential) // MaxRetries 0

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{})
	if got != nil {
		t.Errorf("attempts = %v, want nil", idsOf(got))
	}
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != 500 || apiErr.Type != "internal_server_error" {
		t.Errorf("APIError = %+v, want 500 internal_server_error", *apiErr)
	}
	if n := f.RequestCount(); n != 2 {
		t.Errorf("fake received %d requests, want 2", n)
	}
}

func TestListActionAttempts_ContextCancelled_NoRequest(t *testing.T) {
	f, srv := newFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.ListActionAttempts(ctx, ListActionAttemptsParams{DeviceID: "dev_1"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one satisfying errors.Is(err, context.Canceled)", err)
	}
	if n := f.RequestCount(); n != 0 {
		t.Errorf("fake received %d requests, want 0", n)
	}
}

// ------------------------------------------------------------ credentials

// TestListActionAttempts_ClientSessionToken_401: Seam refuses client
// session tokens on this route; the fake's 401 comes back as an APIError.
func TestListActionAttempts_ClientSessionToken_401(t *testing.T) {
	f, srv := newFake(t)
	putListAttempts(f, "att_a")
	c := newTestClient(t, srv.URL, Credential{Kind: KindClientSessionToken, Token: testCST})

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_a"}})
	if got != nil {
		t.Errorf("attempts = %v, want nil", idsOf(got))
	}
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != 401 || apiErr.Type != "unauthorized" || apiErr.Message != "Client session tokens are not allowed on /action_attempts/list" {
		t.Errorf("APIError = %+v, want 401 unauthorized naming the route", *apiErr)
	}
	if strings.Contains(err.Error(), testCST) {
		t.Errorf("Error() = %q contains the token", err.Error())
	}
	if n := f.RequestCount(); n != 1 {
		t.Errorf("fake received %d requests, want 1", n)
	}
}

func TestListActionAttempts_PersonalAccessToken_Works(t *testing.T) {
	f, srv := newFake(t)
	putListAttempts(f, "att_a")
	c := newTestClient(t, srv.URL, Credential{Kind: KindPersonalAccessToken, Token: testPAT, WorkspaceID: testWorkspace})

	got, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_a"}})
	if err != nil {
		t.Fatalf("ListActionAttempts: %v", err)
	}
	if !reflect.DeepEqual(idsOf(got), []string{"att_a"}) {
		t.Errorf("ids = %v, want [att_a]", idsOf(got))
	}
	if ws := f.Requests()[0].Header.Get("seam-workspace"); ws != testWorkspace {
		t.Errorf("seam-workspace = %q, want %q", ws, testWorkspace)
	}
}

// TestListActionAttempts_NextPageWithoutCursor_Error: Seam never says there
// is a next page without giving its cursor; stopping there would silently
// drop the rest, so it is an error, after one request.
func TestListActionAttempts_NextPageWithoutCursor_Error(t *testing.T) {
	srv, count, _ := scriptedServer(t, func(int) string { return listPage([]string{"att_1"}, true, nil) })
	c := newTestClient(t, srv.URL, apiKeyCredential)
	_, err := c.ListActionAttempts(context.Background(), ListActionAttemptsParams{ActionAttemptIDs: []string{"att_1"}})
	if apiErr := asAPIError(t, err); apiErr.Problem != "the response says there is a next page but gives no next_page_cursor" {
		t.Errorf("Problem = %q", apiErr.Problem)
	}
	if n := count.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}
