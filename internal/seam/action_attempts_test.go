package seam

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

func TestGetActionAttempt_Success_AllFields(t *testing.T) {
	tests := []struct {
		name    string
		attempt fakeseam.ActionAttempt
		want    ActionAttempt
	}{
		{
			name: "success with result",
			attempt: fakeseam.ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "UNLOCK_DOOR",
				Status:          "success",
				Result:          json.RawMessage(`{"was_confirmed_by_device":true}`),
			},
			want: ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "UNLOCK_DOOR",
				Status:          "success",
				Result:          json.RawMessage(`{"was_confirmed_by_device":true}`),
			},
		},
		{
			name: "success with empty result object",
			attempt: fakeseam.ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "RESET_SANDBOX_WORKSPACE",
				Status:          "success",
				Result:          json.RawMessage(`{}`),
			},
			want: ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "RESET_SANDBOX_WORKSPACE",
				Status:          "success",
				Result:          json.RawMessage(`{}`),
			},
		},
		{
			name: "success with null result, as Seam's fake sends",
			attempt: fakeseam.ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "LOCK_DOOR",
				Status:          "success",
			},
			want: ActionAttempt{ActionAttemptID: testAttemptID, ActionType: "LOCK_DOOR", Status: "success"},
		},
		{
			name: "pending",
			attempt: fakeseam.ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "ENCODE_CREDENTIAL",
				Status:          "pending",
			},
			want: ActionAttempt{ActionAttemptID: testAttemptID, ActionType: "ENCODE_CREDENTIAL", Status: "pending"},
		},
		{
			name: "error decodes the error object",
			attempt: fakeseam.ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "LOCK_DOOR",
				Status:          "error",
				Error:           &fakeseam.ActionAttemptError{Type: "bridge_disconnected", Message: "The bridge is offline."},
			},
			want: ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "LOCK_DOOR",
				Status:          "error",
				Error:           &ActionAttemptError{Type: "bridge_disconnected", Message: "The bridge is offline."},
			},
		},
		{
			name: "unknown status and type pass through",
			attempt: fakeseam.ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "TELEPORT_DOOR",
				Status:          "cancelled",
				Result:          json.RawMessage(`{"x":1}`),
				Error:           &fakeseam.ActionAttemptError{Type: "brand_new_error", Message: "m"},
			},
			want: ActionAttempt{
				ActionAttemptID: testAttemptID,
				ActionType:      "TELEPORT_DOOR",
				Status:          "cancelled",
				Result:          json.RawMessage(`{"x":1}`),
				Error:           &ActionAttemptError{Type: "brand_new_error", Message: "m"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, srv := newFake(t)
			f.PutActionAttempt(tt.attempt)
			c := newTestClient(t, srv.URL, apiKeyCredential)

			got, err := c.GetActionAttempt(context.Background(), testAttemptID)
			if err != nil {
				t.Fatalf("GetActionAttempt: %v", err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("attempt =\n  %+v (result %s, error %+v)\nwant\n  %+v (result %s, error %+v)",
					*got, got.Result, got.Error, tt.want, tt.want.Result, tt.want.Error)
			}
			if tt.want.Result == nil && got.Result != nil {
				t.Errorf("Result = %#v, want nil", got.Result)
			}
		})
	}
}

// TestGetActionAttempt_Result_ByteExactBigNumbers: numbers beyond float64
// precision (2^64+1, 2^53+1) and odd literals must reach the caller as the
// exact bytes Seam sent, white space included.
func TestGetActionAttempt_Result_ByteExactBigNumbers(t *testing.T) {
	result := `{ "big": 18446744073709551617, "n": 9007199254740993,
	  "neg": -9223372036854775809, "f": 1.10000000000000000000000001, "e": 1E+400,
	  "nested": {"list": [9007199254740993, 0.1e-999]}, "s": "\u00e9" }`
	body := `{"action_attempt": {"action_attempt_id": "` + testAttemptID + `", "action_type": "ENCODE_CREDENTIAL",
	  "status": "success", "result": ` + result + `, "error": null}, "ok": true}`
	srv := serve(t, fixedResponse(http.StatusOK, nil, body))
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if !bytes.Equal(got.Result, []byte(result)) {
		t.Errorf("Result bytes =\n%s\nwant\n%s", got.Result, result)
	}
}

// TestGetActionAttempt_Result_ByteExactThroughFake does the same through
// fakeseam, which serves the stored object compacted.
func TestGetActionAttempt_Result_ByteExactThroughFake(t *testing.T) {
	f, srv := newFake(t)
	f.PutActionAttemptJSON(testAttemptID, `{"action_attempt_id":"`+testAttemptID+`","action_type":"ENCODE_CREDENTIAL","status":"success",`+
		`"result":{"big":18446744073709551617,"n":9007199254740993},"error":null}`)
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if want := `{"big":18446744073709551617,"n":9007199254740993}`; string(got.Result) != want {
		t.Errorf("Result = %s, want %s", got.Result, want)
	}
}

func TestGetActionAttempt_Result_NullOrAbsent_Nil(t *testing.T) {
	tests := []struct {
		name   string
		result string // the "result" member, or "" for none
	}{
		{"null", `"result":null,`},
		{"null with white space", `"result":   null  ,`},
		{"absent", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"action_attempt":{"action_attempt_id":"x","action_type":"LOCK_DOOR","status":"pending",` + tt.result + `"error":null},"ok":true}`
			srv := serve(t, fixedResponse(http.StatusOK, nil, body))
			c := newTestClient(t, srv.URL, apiKeyCredential)
			got, err := c.GetActionAttempt(context.Background(), "x")
			if err != nil {
				t.Fatalf("GetActionAttempt: %v", err)
			}
			if got.Result != nil {
				t.Errorf("Result = %q, want nil", got.Result)
			}
			if got.Error != nil {
				t.Errorf("Error = %+v, want nil", got.Error)
			}
		})
	}
}

// TestGetActionAttempt_Result_NonObjectKeptRaw: result is an open shape;
// whatever JSON value Seam sends is handed on untouched.
func TestGetActionAttempt_Result_NonObjectKeptRaw(t *testing.T) {
	for _, result := range []string{`[1,2]`, `"text"`, `42`, `false`} {
		t.Run(result, func(t *testing.T) {
			body := `{"action_attempt":{"action_attempt_id":"x","action_type":"LOCK_DOOR","status":"success","result":` + result + `,"error":null}}`
			srv := serve(t, fixedResponse(http.StatusOK, nil, body))
			c := newTestClient(t, srv.URL, apiKeyCredential)
			got, err := c.GetActionAttempt(context.Background(), "x")
			if err != nil {
				t.Fatalf("GetActionAttempt: %v", err)
			}
			if string(got.Result) != result {
				t.Errorf("Result = %s, want %s", got.Result, result)
			}
		})
	}
}

func TestGetActionAttempt_UnknownFields_Ignored(t *testing.T) {
	f, srv := newFake(t)
	f.PutActionAttemptJSON(testAttemptID, `{
		"action_attempt_id": "`+testAttemptID+`",
		"action_type": "UNLOCK_DOOR",
		"status": "success",
		"result": {"was_confirmed_by_device": false},
		"error": null,
		"created_at": "2025-01-01T00:00:00Z",
		"device_id": "dev_1",
		"new_nested_thing": {"a": [1, {"b": null}]}
	}`)
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	want := ActionAttempt{
		ActionAttemptID: testAttemptID,
		ActionType:      "UNLOCK_DOOR",
		Status:          "success",
		Result:          json.RawMessage(`{"was_confirmed_by_device":false}`),
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("attempt = %+v (result %s), want %+v (result %s)", *got, got.Result, want, want.Result)
	}
}

func TestGetActionAttempt_UnknownEnvelopeFields_Ignored(t *testing.T) {
	body := `{"pagination":{"has_next_page":false},"warnings":[{"w":1}],"action_attempt":{"action_attempt_id":"x","action_type":"LOCK_DOOR","status":"pending","result":null,"error":null},"ok":true}`
	srv := serve(t, fixedResponse(http.StatusOK, nil, body))
	c := newTestClient(t, srv.URL, apiKeyCredential)
	got, err := c.GetActionAttempt(context.Background(), "x")
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if got.ActionAttemptID != "x" || got.Status != "pending" {
		t.Errorf("attempt = %+v, want id x, status pending", *got)
	}
}

func TestIsJSONNull(t *testing.T) {
	tests := []struct {
		raw  string
		want bool
	}{
		{"", true},
		{"null", true},
		{"  null\n", true},
		{"{}", false},
		{`"null"`, false},
		{"nullx", false},
		{"0", false},
	}
	for _, tt := range tests {
		if got := isJSONNull(json.RawMessage(tt.raw)); got != tt.want {
			t.Errorf("isJSONNull(%q) = %v, want %v", tt.raw, got, tt.want)
		}
	}
	if !isJSONNull(nil) {
		t.Error("isJSONNull(nil) = false, want true")
	}
}
