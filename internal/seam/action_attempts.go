package seam

import (
	"bytes"
	"context"
	"encoding/json"
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
