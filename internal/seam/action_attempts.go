package seam

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// ActionAttempt is Seam's record of one action (unlocking a door, encoding a
// card...). Status and ActionType are open sets: values this client does not
// know pass through untouched.
type ActionAttempt struct {
	ActionAttemptID string
	ActionType      string
	Status          string
	// Result is the result object exactly as Seam sent it, or nil when Seam
	// sent null. Kept raw so that no number loses precision.
	Result json.RawMessage
	// Error is set when the attempt failed.
	Error *ActionAttemptError
}

// ActionAttemptError is why an attempt failed.
type ActionAttemptError struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

// wireActionAttempt is the JSON shape; Result stays raw.
type wireActionAttempt struct {
	ActionAttemptID string              `json:"action_attempt_id"`
	ActionType      string              `json:"action_type"`
	Status          string              `json:"status"`
	Result          json.RawMessage     `json:"result"`
	Error           *ActionAttemptError `json:"error"`
}

func (w wireActionAttempt) toActionAttempt() *ActionAttempt {
	result := w.Result
	if isJSONNull(result) {
		result = nil
	}
	return &ActionAttempt{
		ActionAttemptID: w.ActionAttemptID,
		ActionType:      w.ActionType,
		Status:          w.Status,
		Result:          result,
		Error:           w.Error,
	}
}

// GetActionAttempt reads one attempt through POST /action_attempts/get.
func (c *Client) GetActionAttempt(ctx context.Context, id string) (*ActionAttempt, error) {
	var out struct {
		ActionAttempt *wireActionAttempt `json:"action_attempt"`
	}
	body := map[string]string{"action_attempt_id": id}
	got, err := c.post(ctx, "/action_attempts/get", body, &out)
	if err != nil {
		return nil, err
	}
	malformed := func(problem string) error {
		return &APIError{StatusCode: got.statusCode, RequestID: got.requestID, Attempts: got.attempts, Problem: problem}
	}
	switch {
	case out.ActionAttempt == nil:
		return nil, malformed("the response has no action_attempt")
	case out.ActionAttempt.Status == "":
		// Seam always sends these; without them the attempt says nothing.
		return nil, malformed("the response's action_attempt has no status")
	case out.ActionAttempt.ActionType == "":
		return nil, malformed("the response's action_attempt has no action_type")
	}
	return out.ActionAttempt.toActionAttempt(), nil
}

func isJSONNull(raw json.RawMessage) bool {
	trimmed := bytes.TrimSpace(raw)
	return len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null"))
}

// ListActionAttemptsParams filters /action_attempts/list. At least one
// filter should be set: with none, Seam lists the workspace's attempts.
type ListActionAttemptsParams struct {
	ActionAttemptIDs []string
	DeviceID         string
}

// maxListPages bounds how many pages one listing follows, so that a server
// that keeps handing out cursors cannot keep a Terraform run busy forever.
const maxListPages = 1000

// ListActionAttempts reads attempts through POST /action_attempts/list,
// following pagination.next_page_cursor to the end. Attempts come back in
// the API's order. Seam answers 404 action_attempts_not_found when it
// knows none of the ids asked for; that is an empty list here, not an
// error.
func (c *Client) ListActionAttempts(ctx context.Context, params ListActionAttemptsParams) ([]*ActionAttempt, error) {
	var all []*ActionAttempt
	var cursor *string
	var last answer // of the previous page, for an error about the listing as a whole
	seen := map[string]bool{}
	for page := 0; ; page++ {
		if page == maxListPages {
			return nil, &APIError{StatusCode: last.statusCode, RequestID: last.requestID, Attempts: last.attempts,
				Problem: fmt.Sprintf("the listing did not end after %d pages", maxListPages)}
		}
		body := map[string]any{}
		if params.ActionAttemptIDs != nil {
			body["action_attempt_ids"] = params.ActionAttemptIDs
		}
		if params.DeviceID != "" {
			body["device_id"] = params.DeviceID
		}
		if cursor != nil {
			body["page_cursor"] = *cursor
		}
		var out struct {
			ActionAttempts []*wireActionAttempt `json:"action_attempts"`
			Pagination     *struct {
				HasNextPage    bool    `json:"has_next_page"`
				NextPageCursor *string `json:"next_page_cursor"`
			} `json:"pagination"`
		}
		got, err := c.post(ctx, "/action_attempts/list", body, &out)
		last = got
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode == 404 && apiErr.Type == "action_attempts_not_found" {
			return all, nil
		}
		if err != nil {
			return nil, err
		}
		malformed := func(problem string) error {
			return &APIError{StatusCode: got.statusCode, RequestID: got.requestID, Attempts: got.attempts, Problem: problem}
		}
		if out.ActionAttempts == nil {
			return nil, malformed("the response has no action_attempts")
		}
		for _, a := range out.ActionAttempts {
			switch {
			case a == nil || a.ActionAttemptID == "":
				return nil, malformed("an action attempt in the response has no action_attempt_id")
			case a.Status == "":
				return nil, malformed("an action attempt in the response has no status")
			case a.ActionType == "":
				return nil, malformed("an action attempt in the response has no action_type")
			}
			all = append(all, a.toActionAttempt())
		}
		if out.Pagination == nil || !out.Pagination.HasNextPage {
			return all, nil
		}
		if out.Pagination.NextPageCursor == nil || *out.Pagination.NextPageCursor == "" {
			// Stopping here would silently drop the pages after this one.
			return nil, malformed("the response says there is a next page but gives no next_page_cursor")
		}
		next := *out.Pagination.NextPageCursor
		if seen[next] {
			return nil, malformed("the listing handed out the same page cursor twice")
		}
		seen[next] = true
		cursor = &next
	}
}
