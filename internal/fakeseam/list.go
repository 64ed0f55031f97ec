package fakeseam

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// defaultListLimit is Seam's default page size for /action_attempts/list.
const defaultListLimit = 500

// SetListPageSize makes /action_attempts/list answer n attempts a page
// whatever limit the request asks for, so that tests can page through a
// few attempts. 0 restores the request's limit.
func (f *Fake) SetListPageSize(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pageSize = n
}

// isClientSessionToken reports whether r is authenticated with a client
// session token.
func (f *Fake) isClientSessionToken(r *http.Request) bool {
	_, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cstTokens[strings.TrimSpace(token)]
}

// handleActionAttemptsList answers /action_attempts/list: the attempts
// matching action_attempt_ids and device_id, in the order they were
// stored (not the order of the ids asked for), a page at a time.
func (f *Fake) handleActionAttemptsList(w http.ResponseWriter, r *http.Request, body []byte) {
	params, err := requestParams(r, body)
	if err != nil {
		writeFailure(w, err)
		return
	}
	var ids []string
	if values, ok := r.URL.Query()["action_attempt_ids"]; ok && r.Method == http.MethodGet {
		// A query string carries the array as repeated or comma-separated
		// values; an empty value is an empty array (what Seam's JS SDK
		// sends for one).
		ids = []string{}
		for _, value := range values {
			for _, id := range strings.Split(value, ",") {
				if id != "" {
					ids = append(ids, id)
				}
			}
		}
	} else if raw, ok := params["action_attempt_ids"]; ok && jsonKind(raw) != "null" {
		if json.Unmarshal(raw, &ids) != nil {
			writeError(w, invalidField("action_attempt_ids", "Expected array, received "+jsonKind(raw)))
			return
		}
	}
	var deviceID string
	if raw, ok := params["device_id"]; ok && jsonKind(raw) != "null" {
		if json.Unmarshal(raw, &deviceID) != nil {
			writeError(w, invalidField("device_id", "Expected string, received "+jsonKind(raw)))
			return
		}
	}
	limit := defaultListLimit
	_, limitGiven := params["limit"]
	if raw, ok := params["limit"]; ok {
		var n json.Number
		if json.Unmarshal(raw, &n) != nil {
			var text string
			_ = json.Unmarshal(raw, &text) // GET: a number in the query string
			n = json.Number(text)
		}
		parsed, err := strconv.Atoi(string(n))
		if err != nil || parsed < 1 {
			writeError(w, invalidField("limit", "Expected positive integer"))
			return
		}
		limit = parsed
	}
	offset := 0
	if raw, ok := params["page_cursor"]; ok && jsonKind(raw) != "null" {
		var cursor string
		_ = json.Unmarshal(raw, &cursor)
		decoded, err := base64.RawURLEncoding.DecodeString(cursor)
		n, convErr := strconv.Atoi(strings.TrimPrefix(string(decoded), "offset:"))
		if err != nil || convErr != nil || n < 0 {
			writeError(w, invalidField("page_cursor", "Invalid cursor"))
			return
		}
		offset = n
	}

	requestedLimit := limit
	f.mu.Lock()
	if f.pageSize > 0 {
		limit = f.pageSize
	}
	var matched []json.RawMessage
	for _, id := range f.order {
		if ids != nil && !slices.Contains(ids, id) {
			continue
		}
		if deviceID != "" && f.devices[id] != deviceID {
			continue
		}
		matched = append(matched, f.attempts[id])
	}
	f.mu.Unlock()

	// Like Seam's fake: asked for ids of which none is known, it answers
	// 404 rather than an empty list.
	if len(ids) > 0 && len(matched) == 0 {
		writeError(w, &apiError{
			Status:  http.StatusNotFound,
			Type:    "action_attempts_not_found",
			Message: "Action attempts not found",
			Data:    map[string]any{"action_attempt_ids": ids},
		})
		return
	}

	end := min(offset+limit, len(matched))
	page := []json.RawMessage{}
	if offset < len(matched) {
		page = matched[offset:end]
	}
	pagination := map[string]any{"has_next_page": false, "next_page_cursor": nil, "next_page_url": nil}
	if end < len(matched) {
		cursor := base64.RawURLEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(end)))
		pagination = map[string]any{
			"has_next_page":    true,
			"next_page_cursor": cursor,
			"next_page_url":    nextPageURL(r, ids, deviceID, limitGiven, requestedLimit, cursor),
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"action_attempts": page,
		"pagination":      pagination,
		"ok":              true,
	})
}

// nextPageURL is the URL of the next page of the same listing: the
// request's filters and limit, plus the cursor.
func nextPageURL(r *http.Request, ids []string, deviceID string, limitGiven bool, limit int, cursor string) string {
	q := url.Values{}
	if len(ids) > 0 {
		q.Set("action_attempt_ids", strings.Join(ids, ","))
	}
	if deviceID != "" {
		q.Set("device_id", deviceID)
	}
	if limitGiven {
		q.Set("limit", strconv.Itoa(limit))
	}
	q.Set("page_cursor", cursor)
	return "http://" + r.Host + r.URL.Path + "?" + q.Encode()
}
