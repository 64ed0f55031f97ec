package fakeseam

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// ------------------------------------------------------------------ helpers

// newListServer starts the fake with one credential of each kind and the
// given attempts (success, UNLOCK_DOOR, result {}), stored in that order.
func newListServer(t *testing.T, ids ...string) (*Fake, *httptest.Server) {
	t.Helper()
	f := New()
	f.AddAPIKey(testAPIKey)
	f.AddClientSessionToken(testCST)
	f.AddPersonalAccessToken(testPAT, testWorkspace)
	for _, id := range ids {
		f.PutActionAttempt(ActionAttempt{ActionAttemptID: id, ActionType: "UNLOCK_DOOR", Status: "success", Result: json.RawMessage(`{}`)})
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// postList posts body to /action_attempts/list with the test API key.
func postList(t *testing.T, srv *httptest.Server, body string) response {
	t.Helper()
	return send(t, srv, http.MethodPost, "/action_attempts/list", body,
		"Authorization", "Bearer "+testAPIKey, "Content-Type", "application/json")
}

// getList sends GET /action_attempts/list?query with the test API key.
func getList(t *testing.T, srv *httptest.Server, query string) response {
	t.Helper()
	return send(t, srv, http.MethodGet, "/action_attempts/list?"+query, "", "Authorization", "Bearer "+testAPIKey)
}

// listPage is a decoded 200 answer of /action_attempts/list.
type listPage struct {
	IDs        []string
	Pagination map[string]any
}

// decodeList checks a 200 JSON answer with ok true and returns its ids and
// pagination.
func decodeList(t *testing.T, got response) listPage {
	t.Helper()
	assertStatus(t, got, http.StatusOK)
	assertJSONResponse(t, got)
	var env struct {
		ActionAttempts []struct {
			ID string `json:"action_attempt_id"`
		} `json:"action_attempts"`
		Pagination map[string]any `json:"pagination"`
		OK         bool           `json:"ok"`
	}
	if err := json.Unmarshal([]byte(got.Body), &env); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, got.Body)
	}
	if !env.OK || env.ActionAttempts == nil || env.Pagination == nil {
		t.Fatalf("body lacks ok, action_attempts or pagination: %s", got.Body)
	}
	page := listPage{IDs: []string{}, Pagination: env.Pagination}
	for _, a := range env.ActionAttempts {
		page.IDs = append(page.IDs, a.ID)
	}
	return page
}

func cursorFor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(offset)))
}

// lastPagination is the pagination of a page with nothing after it.
var lastPagination = map[string]any{"has_next_page": false, "next_page_cursor": nil, "next_page_url": nil}

// nextPagination is the pagination of a page whose next page starts at
// offset.
// nextPagination is the pagination of a page followed by one at offset;
// query is the listing's filters and limit as next_page_url repeats them
// ("" for none), e.g. "limit=2&".
func nextPagination(srv *httptest.Server, offset int, query string) map[string]any {
	return map[string]any{
		"has_next_page":    true,
		"next_page_cursor": cursorFor(offset),
		"next_page_url":    srv.URL + "/action_attempts/list?" + query + "page_cursor=" + cursorFor(offset),
	}
}

func checkPage(t *testing.T, got response, wantIDs []string, wantPagination map[string]any) {
	t.Helper()
	page := decodeList(t, got)
	if !reflect.DeepEqual(page.IDs, wantIDs) {
		t.Errorf("ids = %v, want %v", page.IDs, wantIDs)
	}
	if !reflect.DeepEqual(page.Pagination, wantPagination) {
		t.Errorf("pagination = %v, want %v", page.Pagination, wantPagination)
	}
}

// ------------------------------------------------------------- listing

func TestActionAttemptsList_POST_ExactBody(t *testing.T) {
	f, srv := newListServer(t)
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "att_b", ActionType: "LOCK_DOOR", Status: "pending"})
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "att_a", ActionType: "UNLOCK_DOOR", Status: "success",
		Result: json.RawMessage(`{"was_confirmed_by_device": true}`), DeviceID: "dev_1"})

	got := postList(t, srv, `{}`)
	assertStatus(t, got, http.StatusOK)
	assertJSONResponse(t, got)
	assertBody(t, got, `{"action_attempts":[`+
		`{"action_attempt_id":"att_b","action_type":"LOCK_DOOR","status":"pending","result":null,"error":null},`+
		`{"action_attempt_id":"att_a","action_type":"UNLOCK_DOOR","status":"success","result":{"was_confirmed_by_device":true},"error":null}],`+
		`"ok":true,"pagination":{"has_next_page":false,"next_page_cursor":null,"next_page_url":null}}`)
}

func TestActionAttemptsList_EmptyFake_EmptyList(t *testing.T) {
	_, srv := newListServer(t)
	assertBody(t, postList(t, srv, `{}`),
		`{"action_attempts":[],"ok":true,"pagination":{"has_next_page":false,"next_page_cursor":null,"next_page_url":null}}`)
	// An empty body is no filter either.
	checkPage(t, postList(t, srv, ``), []string{}, lastPagination)
}

// TestActionAttemptsList_IDs_StoredOrderUnknownDropped: the ids asked for
// do not set the order, and unknown ones are left out.
func TestActionAttemptsList_IDs_StoredOrderUnknownDropped(t *testing.T) {
	_, srv := newListServer(t, "att_3", "att_1", "att_2", "att_4")
	checkPage(t, postList(t, srv, `{"action_attempt_ids":["att_2","att_zz","att_3","att_1"]}`),
		[]string{"att_3", "att_1", "att_2"}, lastPagination)
}

func TestActionAttemptsList_NullFilters_Ignored(t *testing.T) {
	_, srv := newListServer(t, "att_1", "att_2")
	checkPage(t, postList(t, srv, `{"action_attempt_ids":null,"device_id":null,"page_cursor":null}`),
		[]string{"att_1", "att_2"}, lastPagination)
}

// TestActionAttemptsList_EmptyIDsArray_EmptyList: [] asks for no attempt;
// that is an empty list, not the 404 for unknown ids.
func TestActionAttemptsList_EmptyIDsArray_EmptyList(t *testing.T) {
	_, srv := newListServer(t, "att_1")
	checkPage(t, postList(t, srv, `{"action_attempt_ids":[]}`), []string{}, lastPagination)
}

// TestActionAttemptsList_ReplacedAttempt_KeepsPositionAndDevice: replacing
// an attempt changes what is served, not where it is in the list, and a
// replacement without DeviceID keeps the device link.
func TestActionAttemptsList_ReplacedAttempt_KeepsPositionAndDevice(t *testing.T) {
	f, srv := newListServer(t)
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "att_1", ActionType: "LOCK_DOOR", Status: "pending", DeviceID: "dev_1"})
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "att_2", ActionType: "LOCK_DOOR", Status: "pending", DeviceID: "dev_1"})
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "att_1", ActionType: "LOCK_DOOR", Status: "success", Result: json.RawMessage(`{}`)})
	f.PutActionAttemptJSON("att_2", `{"action_attempt_id":"att_2","action_type":"LOCK_DOOR","status":"error","result":null,"error":{"type":"x","message":"y"}}`)

	assertBody(t, postList(t, srv, `{"device_id":"dev_1"}`), `{"action_attempts":[`+
		`{"action_attempt_id":"att_1","action_type":"LOCK_DOOR","status":"success","result":{},"error":null},`+
		`{"action_attempt_id":"att_2","action_type":"LOCK_DOOR","status":"error","result":null,"error":{"type":"x","message":"y"}}],`+
		`"ok":true,"pagination":{"has_next_page":false,"next_page_cursor":null,"next_page_url":null}}`)
}

func TestActionAttemptsList_DeviceFilter(t *testing.T) {
	f, srv := newListServer(t, "att_nodevice")
	for _, a := range []struct{ id, device string }{{"att_1", "dev_a"}, {"att_2", "dev_b"}, {"att_3", "dev_a"}} {
		f.PutActionAttempt(ActionAttempt{ActionAttemptID: a.id, ActionType: "UNLOCK_DOOR", Status: "success", DeviceID: a.device})
	}
	checkPage(t, postList(t, srv, `{"device_id":"dev_a"}`), []string{"att_1", "att_3"}, lastPagination)
	checkPage(t, postList(t, srv, `{"device_id":"dev_b"}`), []string{"att_2"}, lastPagination)
	checkPage(t, postList(t, srv, `{"device_id":"dev_none"}`), []string{}, lastPagination)
	// Both filters apply together.
	checkPage(t, postList(t, srv, `{"device_id":"dev_a","action_attempt_ids":["att_3","att_2"]}`), []string{"att_3"}, lastPagination)
	checkPage(t, getList(t, srv, "device_id=dev_a"), []string{"att_1", "att_3"}, lastPagination)
}

// TestActionAttemptsList_NoneOfTheIDsKnown_404: like Seam's fake, asked for
// ids of which none is known, it answers 404.
func TestActionAttemptsList_NoneOfTheIDsKnown_404(t *testing.T) {
	_, srv := newListServer(t, "att_1")
	for _, got := range []response{
		postList(t, srv, `{"action_attempt_ids":["att_zz","att_yy"]}`),
		getList(t, srv, "action_attempt_ids=att_zz,att_yy"),
	} {
		assertStatus(t, got, http.StatusNotFound)
		assertJSONResponse(t, got)
		assertBody(t, got, `{"error":{"type":"action_attempts_not_found","message":"Action attempts not found","data":{"action_attempt_ids":["att_zz","att_yy"]}},"ok":false}`)
		if got.Header.Get("seam-request-id") == "" {
			t.Error("the 404 has no seam-request-id")
		}
	}
	// One known id is enough for a 200.
	checkPage(t, postList(t, srv, `{"action_attempt_ids":["att_zz","att_1"]}`), []string{"att_1"}, lastPagination)
}

// --------------------------------------------------------------- GET

func TestActionAttemptsList_GET_CommaSeparatedIDs(t *testing.T) {
	_, srv := newListServer(t, "att_1", "att_2", "att_3")
	q := url.Values{"action_attempt_ids": {"att_3,att_1,att_zz"}}.Encode()
	checkPage(t, getList(t, srv, q), []string{"att_1", "att_3"}, lastPagination)
	checkPage(t, getList(t, srv, "action_attempt_ids=att_2"), []string{"att_2"}, lastPagination)
	checkPage(t, getList(t, srv, ""), []string{"att_1", "att_2", "att_3"}, lastPagination)
}

// TestActionAttemptsList_GET_RepeatedIDs_AllUsed: Seam's JS SDK sends an
// array in a query string as repeated keys
// (action_attempt_ids=a&action_attempt_ids=b), and list.go's comment says
// repeated values are accepted.
func TestActionAttemptsList_GET_RepeatedIDs_AllUsed(t *testing.T) {
	_, srv := newListServer(t, "att_1", "att_2", "att_3")
	checkPage(t, getList(t, srv, "action_attempt_ids=att_1&action_attempt_ids=att_3"), []string{"att_1", "att_3"}, lastPagination)
}

// TestActionAttemptsList_GET_EmptyIDsValue_EmptyList: the JS SDK sends an
// empty array as action_attempt_ids= ; that should answer as POST [] does
// (200, empty), not as a list of one unknown id "" (404).
func TestActionAttemptsList_GET_EmptyIDsValue_EmptyList(t *testing.T) {
	_, srv := newListServer(t, "att_1")
	checkPage(t, getList(t, srv, "action_attempt_ids="), []string{}, lastPagination)
}

// ------------------------------------------------------------ paging

// TestActionAttemptsList_LimitAndCursors_PagesThrough: 5 attempts, limit 2:
// pages of 2, 2 and 1, each cursor and next_page_url pointing at the next.
func TestActionAttemptsList_LimitAndCursors_PagesThrough(t *testing.T) {
	_, srv := newListServer(t, "att_1", "att_2", "att_3", "att_4", "att_5")

	checkPage(t, postList(t, srv, `{"limit":2}`), []string{"att_1", "att_2"}, nextPagination(srv, 2, "limit=2&"))
	checkPage(t, postList(t, srv, `{"limit":2,"page_cursor":"`+cursorFor(2)+`"}`), []string{"att_3", "att_4"}, nextPagination(srv, 4, "limit=2&"))
	checkPage(t, postList(t, srv, `{"limit":2,"page_cursor":"`+cursorFor(4)+`"}`), []string{"att_5"}, lastPagination)
	// Exactly a page's worth left: no next page.
	checkPage(t, postList(t, srv, `{"limit":3,"page_cursor":"`+cursorFor(2)+`"}`), []string{"att_3", "att_4", "att_5"}, lastPagination)
	// The same through GET, where limit is a string in the query.
	checkPage(t, getList(t, srv, "limit=2&page_cursor="+cursorFor(2)), []string{"att_3", "att_4"}, nextPagination(srv, 4, "limit=2&"))
}

// TestActionAttemptsList_FilteredPaging: the cursor counts within the
// filtered list.
func TestActionAttemptsList_FilteredPaging(t *testing.T) {
	_, srv := newListServer(t, "att_1", "att_2", "att_3", "att_4", "att_5")
	ids := `"action_attempt_ids":["att_5","att_4","att_2"]`
	checkPage(t, postList(t, srv, `{`+ids+`,"limit":2}`), []string{"att_2", "att_4"}, nextPagination(srv, 2, "action_attempt_ids=att_5%2Catt_4%2Catt_2&limit=2&"))
	checkPage(t, postList(t, srv, `{`+ids+`,"limit":2,"page_cursor":"`+cursorFor(2)+`"}`), []string{"att_5"}, lastPagination)
}

// TestActionAttemptsList_NextPageURL_KeepsFilters: pagination.next_page_url
// is documented as the "URL to get the next page of results": following it
// must continue the same filtered listing.
func TestActionAttemptsList_NextPageURL_KeepsFilters(t *testing.T) {
	_, srv := newListServer(t, "att_1", "att_2", "att_3", "att_4", "att_5")
	first := decodeList(t, getList(t, srv, "action_attempt_ids=att_2,att_4,att_5&limit=1"))
	next, _ := first.Pagination["next_page_url"].(string)
	got := send(t, srv, http.MethodGet, strings.TrimPrefix(next, srv.URL), "", "Authorization", "Bearer "+testAPIKey)
	if page := decodeList(t, got); !reflect.DeepEqual(page.IDs, []string{"att_4"}) {
		t.Errorf("following next_page_url gave %v, want [att_4]", page.IDs)
	}
}

func TestActionAttemptsList_NextPageURL_PointsAtNextPage(t *testing.T) {
	_, srv := newListServer(t, "att_1", "att_2", "att_3")
	first := decodeList(t, postList(t, srv, `{"limit":2}`))
	next, ok := first.Pagination["next_page_url"].(string)
	if !ok {
		t.Fatalf("next_page_url = %v, want a string", first.Pagination["next_page_url"])
	}
	u, err := url.Parse(next)
	if err != nil {
		t.Fatalf("next_page_url %q: %v", next, err)
	}
	if u.Scheme+"://"+u.Host != srv.URL || u.Path != "/action_attempts/list" || u.Query().Get("page_cursor") != first.Pagination["next_page_cursor"] {
		t.Errorf("next_page_url = %q, want this server's /action_attempts/list with page_cursor=%v", next, first.Pagination["next_page_cursor"])
	}
	got := send(t, srv, http.MethodGet, u.RequestURI()+"&limit=2", "", "Authorization", "Bearer "+testAPIKey)
	checkPage(t, got, []string{"att_3"}, lastPagination)
}

func TestActionAttemptsList_DefaultLimit500(t *testing.T) {
	var ids []string
	for i := 0; i < 501; i++ {
		ids = append(ids, "att_"+strconv.Itoa(i))
	}
	_, srv := newListServer(t, ids...)
	page := decodeList(t, postList(t, srv, `{}`))
	if len(page.IDs) != 500 || page.IDs[0] != "att_0" || page.IDs[499] != "att_499" {
		t.Errorf("first page has %d attempts, want att_0..att_499", len(page.IDs))
	}
	if !reflect.DeepEqual(page.Pagination, nextPagination(srv, 500, "")) {
		t.Errorf("pagination = %v, want the next page at 500", page.Pagination)
	}
}

// TestSetListPageSize_OverridesLimit: the page size wins over any limit
// the request asks for; 0 gives the request's limit back.
func TestSetListPageSize_OverridesLimit(t *testing.T) {
	f, srv := newListServer(t, "att_1", "att_2", "att_3", "att_4", "att_5")
	f.SetListPageSize(2)
	checkPage(t, postList(t, srv, `{}`), []string{"att_1", "att_2"}, nextPagination(srv, 2, ""))
	checkPage(t, postList(t, srv, `{"limit":4,"page_cursor":"`+cursorFor(2)+`"}`), []string{"att_3", "att_4"}, nextPagination(srv, 4, "limit=4&"))
	f.SetListPageSize(0)
	checkPage(t, postList(t, srv, `{"limit":4}`), []string{"att_1", "att_2", "att_3", "att_4"}, nextPagination(srv, 4, "limit=4&"))
	checkPage(t, postList(t, srv, `{}`), []string{"att_1", "att_2", "att_3", "att_4", "att_5"}, lastPagination)
}

func TestActionAttemptsList_CursorPastEnd_EmptyLastPage(t *testing.T) {
	_, srv := newListServer(t, "att_1", "att_2")
	checkPage(t, postList(t, srv, `{"page_cursor":"`+cursorFor(2)+`"}`), []string{}, lastPagination)
	checkPage(t, postList(t, srv, `{"page_cursor":"`+cursorFor(100)+`"}`), []string{}, lastPagination)
}

// ------------------------------------------------------------ bad input

func TestActionAttemptsList_InvalidCursor_400(t *testing.T) {
	tests := map[string]string{
		"not base64":       `"not base64!!"`,
		"not an offset":    `"` + base64.RawURLEncoding.EncodeToString([]byte("garbage")) + `"`,
		"negative offset":  `"` + cursorFor(-1) + `"`,
		"empty":            `""`,
		"number, not text": `5`,
	}
	for name, cursor := range tests {
		t.Run(name, func(t *testing.T) {
			_, srv := newListServer(t, "att_1", "att_2")
			got := postList(t, srv, `{"page_cursor":`+cursor+`}`)
			assertStatus(t, got, http.StatusBadRequest)
			assertJSONResponse(t, got)
			assertBody(t, got, `{"error":{"type":"invalid_input","message":"Invalid cursor for \"page_cursor\"",`+
				`"validation_errors":{"_errors":[],"page_cursor":{"_errors":["Invalid cursor"]}}},"ok":false}`)
		})
	}
	t.Run("GET", func(t *testing.T) {
		_, srv := newListServer(t, "att_1")
		got := getList(t, srv, "page_cursor=nope!")
		assertStatus(t, got, http.StatusBadRequest)
		if e := errorOf(t, got); e["type"] != "invalid_input" || e["message"] != `Invalid cursor for "page_cursor"` {
			t.Errorf("error = %v", e)
		}
	})
}

func TestActionAttemptsList_InvalidLimit_400(t *testing.T) {
	for _, limit := range []string{`0`, `-1`, `1.5`, `"abc"`, `true`} {
		t.Run(limit, func(t *testing.T) {
			_, srv := newListServer(t, "att_1")
			got := postList(t, srv, `{"limit":`+limit+`}`)
			assertStatus(t, got, http.StatusBadRequest)
			if e := errorOf(t, got); e["type"] != "invalid_input" || e["message"] != `Expected positive integer for "limit"` {
				t.Errorf("error = %v", e)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		_, srv := newListServer(t, "att_1")
		got := getList(t, srv, "limit=zero")
		assertStatus(t, got, http.StatusBadRequest)
		if e := errorOf(t, got); e["message"] != `Expected positive integer for "limit"` {
			t.Errorf("error = %v", e)
		}
	})
}

func TestActionAttemptsList_WrongFilterTypes_400(t *testing.T) {
	tests := []struct {
		body, wantMessage string
	}{
		{`{"action_attempt_ids":"att_1"}`, `Expected array, received string for "action_attempt_ids"`},
		{`{"action_attempt_ids":{"a":1}}`, `Expected array, received object for "action_attempt_ids"`},
		{`{"device_id":5}`, `Expected string, received number for "device_id"`},
		{`{"device_id":["dev_1"]}`, `Expected string, received array for "device_id"`},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			_, srv := newListServer(t, "att_1")
			got := postList(t, srv, tt.body)
			assertStatus(t, got, http.StatusBadRequest)
			if e := errorOf(t, got); e["type"] != "invalid_input" || e["message"] != tt.wantMessage {
				t.Errorf("error = %v, want invalid_input %q", e, tt.wantMessage)
			}
		})
	}
}

func TestActionAttemptsList_InvalidJSON_400Bare(t *testing.T) {
	_, srv := newListServer(t, "att_1")
	got := postList(t, srv, `{`)
	assertStatus(t, got, http.StatusBadRequest)
	assertBareResponse(t, got)
	assertBody(t, got, "Invalid JSON")
}

// Seam spreads the body into the input, so a body that is not an object
// names no filter: it lists as {} does.
func TestActionAttemptsList_BodyNotObject_NoFilter(t *testing.T) {
	_, srv := newListServer(t, "att_1", "att_2")
	want := postList(t, srv, `{}`)
	assertStatus(t, want, http.StatusOK)
	for _, body := range []string{`["att_1"]`, `"att_1"`} {
		got := postList(t, srv, body)
		assertStatus(t, got, http.StatusOK)
		assertBody(t, got, want.Body)
	}
}

func TestActionAttemptsList_MethodNotAllowed_405(t *testing.T) {
	_, srv := newListServer(t, "att_1")
	got := send(t, srv, http.MethodPut, "/action_attempts/list", `{}`, "Authorization", "Bearer "+testAPIKey)
	assertStatus(t, got, http.StatusMethodNotAllowed)
	if allow := got.Header.Get("Allow"); allow != "GET, POST" {
		t.Errorf("Allow = %q, want \"GET, POST\"", allow)
	}
}

// ------------------------------------------------------------ credentials

func TestActionAttemptsList_Auth(t *testing.T) {
	const body = `{"action_attempt_ids":["att_1"]}`
	tests := []struct {
		name    string
		headers []string
		wantMsg string // "" for 200
	}{
		{"API key", []string{"Authorization", "Bearer " + testAPIKey}, ""},
		{"personal access token", []string{"Authorization", "Bearer " + testPAT, "seam-workspace", testWorkspace}, ""},
		{"client session token refused", []string{"Authorization", "Bearer " + testCST, "client-session-token", testCST},
			"Client session tokens are not allowed on /action_attempts/list"},
		{"client session token, seam- header, refused", []string{"Authorization", "Bearer " + testCST, "seam-client-session-token", testCST},
			"Client session tokens are not allowed on /action_attempts/list"},
		// Credentials are checked first: a broken CST request gets that error.
		{"client session token without its header", []string{"Authorization", "Bearer " + testCST},
			"Missing client-session-token header"},
		// Seam's fake words this as its API key check does (the last it
		// tries); errors of type unauthorized are checked the same way.
		{"personal access token without workspace", []string{"Authorization", "Bearer " + testPAT},
			"An access token was used instead of an API key"},
		{"no credential", nil, "No Authorization header"},
		{"unknown token", []string{"Authorization", "Bearer seam_unknown"}, "API Key not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newListServer(t, "att_1")
			got := send(t, srv, http.MethodPost, "/action_attempts/list", body, tt.headers...)
			if tt.wantMsg == "" {
				checkPage(t, got, []string{"att_1"}, lastPagination)
				return
			}
			assertStatus(t, got, http.StatusUnauthorized)
			if msg, _ := errorOf(t, got)["message"].(string); !strings.Contains(msg, tt.wantMsg) {
				t.Errorf("error.message = %q, want it to contain %q", msg, tt.wantMsg)
			}
			for _, secret := range []string{testCST, testPAT, "seam_unknown"} {
				if strings.Contains(got.Body, secret) {
					t.Errorf("body echoes a token: %s", got.Body)
				}
			}
		})
	}
}

// TestActionAttemptsList_ClientSessionToken_RefusedBeforeInput: the refusal
// does not depend on the input, even invalid input (only a body that is not
// JSON at all is answered first, as Seam parses bodies before anything
// else); and the same token still reads /action_attempts/get.
func TestActionAttemptsList_ClientSessionToken_RefusedBeforeInput(t *testing.T) {
	_, srv := newServer(t)
	cst := []string{"Authorization", "Bearer " + testCST, "client-session-token", testCST}
	assertUnauthorized(t, send(t, srv, http.MethodPost, "/action_attempts/list", `{"limit":0}`, cst...),
		"Client session tokens are not allowed on /action_attempts/list")
	assertUnauthorized(t, send(t, srv, http.MethodGet, "/action_attempts/list?limit=0", "", cst...),
		"Client session tokens are not allowed on /action_attempts/list")
	assertStatus(t, send(t, srv, http.MethodPost, "/action_attempts/get", `{"action_attempt_id":"`+testAttemptID+`"}`, cst...), http.StatusOK)
}

// ------------------------------------------------------ ActionAttempt.DeviceID

func TestActionAttempt_DeviceID_NotMarshalled(t *testing.T) {
	raw, err := json.Marshal(ActionAttempt{ActionAttemptID: "att_1", ActionType: "LOCK_DOOR", Status: "pending", DeviceID: "dev_secret"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"action_attempt_id":"att_1","action_type":"LOCK_DOOR","status":"pending","result":null,"error":null}`; string(raw) != want {
		t.Errorf("json = %s, want %s", raw, want)
	}

	f, srv := newListServer(t)
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "att_1", ActionType: "LOCK_DOOR", Status: "pending", DeviceID: "dev_secret"})
	for _, got := range []response{postGet(t, srv, "att_1"), postList(t, srv, `{"device_id":"dev_secret"}`)} {
		assertStatus(t, got, http.StatusOK)
		if strings.Contains(got.Body, "dev_secret") || strings.Contains(got.Body, "device") {
			t.Errorf("body carries the device link: %s", got.Body)
		}
	}
}

// ------------------------------------------------------------ Request.Time

func TestRequests_TimeSetAndMonotonic(t *testing.T) {
	f, srv := newListServer(t, "att_1")
	f.QueueResponses(Response{Status: http.StatusServiceUnavailable})
	before := time.Now()
	postList(t, srv, `{}`) // canned answer: still recorded with a time
	postList(t, srv, `{}`)
	time.Sleep(20 * time.Millisecond)
	postGet(t, srv, "att_1")
	send(t, srv, http.MethodGet, "/nope", "")
	after := time.Now()

	reqs := f.Requests()
	if len(reqs) != 4 {
		t.Fatalf("got %d requests, want 4", len(reqs))
	}
	for i, r := range reqs {
		if r.Time.Before(before) || r.Time.After(after) {
			t.Errorf("request %d Time = %v, want between %v and %v", i, r.Time, before, after)
		}
		if i > 0 && r.Time.Before(reqs[i-1].Time) {
			t.Errorf("request %d Time %v is before request %d's %v", i, r.Time, i-1, reqs[i-1].Time)
		}
	}
	if gap := reqs[2].Time.Sub(reqs[1].Time); gap < 20*time.Millisecond {
		t.Errorf("requests 2 and 3 are %v apart, want at least the 20ms slept between them", gap)
	}
	// Requests returns copies of the times too: another call sees the same.
	if again := f.Requests(); !again[0].Time.Equal(reqs[0].Time) {
		t.Errorf("Requests()[0].Time changed from %v to %v", reqs[0].Time, again[0].Time)
	}
}

// ------------------------------------------------- PutActionAttemptAfter

// waitApplied polls s.At() until it is set or limit passes.
func waitApplied(t *testing.T, s *Scheduled, limit time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if at := s.At(); !at.IsZero() {
			return at
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the scheduled change was not applied within %v", limit)
	return time.Time{}
}

func TestPutActionAttemptAfter_AppliesAfterTheDelay(t *testing.T) {
	f, srv := newListServer(t)
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "att_1", ActionType: "LOCK_DOOR", Status: "pending", DeviceID: "dev_1"})
	start := time.Now()
	s := f.PutActionAttemptAfter(200*time.Millisecond, ActionAttempt{
		ActionAttemptID: "att_1", ActionType: "LOCK_DOOR", Status: "success", Result: json.RawMessage(`{"was_confirmed_by_device":true}`),
	})
	defer s.Stop()

	if at := s.At(); !at.IsZero() {
		t.Fatalf("At() = %v before the delay, want zero", at)
	}
	assertBody(t, postGet(t, srv, "att_1"),
		`{"action_attempt":{"action_attempt_id":"att_1","action_type":"LOCK_DOOR","status":"pending","result":null,"error":null},"ok":true}`)

	at := waitApplied(t, s, 2*time.Second)
	if d := at.Sub(start); d < 200*time.Millisecond || d > 450*time.Millisecond {
		t.Errorf("applied %v after scheduling, want about 200ms", d)
	}
	assertBody(t, postGet(t, srv, "att_1"),
		`{"action_attempt":{"action_attempt_id":"att_1","action_type":"LOCK_DOOR","status":"success","result":{"was_confirmed_by_device":true},"error":null},"ok":true}`)
	// Still listed once, in its place, under its device.
	checkPage(t, postList(t, srv, `{"device_id":"dev_1"}`), []string{"att_1"}, lastPagination)
	if again := s.At(); !again.Equal(at) {
		t.Errorf("At() changed from %v to %v", at, again)
	}
}

func TestPutActionAttemptAfter_Stop_PreventsTheChange(t *testing.T) {
	f, srv := newListServer(t)
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "att_1", ActionType: "LOCK_DOOR", Status: "pending"})
	s := f.PutActionAttemptAfter(100*time.Millisecond, ActionAttempt{ActionAttemptID: "att_1", ActionType: "LOCK_DOOR", Status: "success"})
	s.Stop()
	time.Sleep(250 * time.Millisecond)

	if at := s.At(); !at.IsZero() {
		t.Errorf("At() = %v after Stop, want zero", at)
	}
	assertBody(t, postGet(t, srv, "att_1"),
		`{"action_attempt":{"action_attempt_id":"att_1","action_type":"LOCK_DOOR","status":"pending","result":null,"error":null},"ok":true}`)
}

// TestPutActionAttemptAfter_StopAfterApplied_NoEffect: stopping a change
// that already happened undoes nothing.
func TestPutActionAttemptAfter_StopAfterApplied_NoEffect(t *testing.T) {
	f, srv := newListServer(t)
	s := f.PutActionAttemptAfter(10*time.Millisecond, ActionAttempt{ActionAttemptID: "att_1", ActionType: "LOCK_DOOR", Status: "success"})
	at := waitApplied(t, s, 2*time.Second)
	s.Stop()
	if again := s.At(); !again.Equal(at) {
		t.Errorf("At() = %v after Stop, want %v", again, at)
	}
	assertStatus(t, postGet(t, srv, "att_1"), http.StatusOK)
}

// TestPutActionAttemptAfter_NewAttempt_ListedLast: an attempt that did not
// exist appears when the change applies, after those stored before it.
func TestPutActionAttemptAfter_NewAttempt_ListedLast(t *testing.T) {
	f, srv := newListServer(t, "att_1")
	s := f.PutActionAttemptAfter(300*time.Millisecond, ActionAttempt{ActionAttemptID: "att_0", ActionType: "LOCK_DOOR", Status: "success"})
	defer s.Stop()
	assertStatus(t, postGet(t, srv, "att_0"), http.StatusNotFound)
	f.PutActionAttempt(ActionAttempt{ActionAttemptID: "att_2", ActionType: "LOCK_DOOR", Status: "success"})
	waitApplied(t, s, 2*time.Second)
	checkPage(t, postList(t, srv, `{}`), []string{"att_1", "att_2", "att_0"}, lastPagination)
}
