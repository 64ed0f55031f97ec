package provider

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

const attemptAddress = "data.seam_action_attempt.test"

func bigNumber(t *testing.T, text string) *big.Float {
	t.Helper()
	f, _, err := big.ParseFloat(text, 10, numberPrecision, big.ToNearestEven)
	if err != nil {
		t.Fatalf("parse %s: %v", text, err)
	}
	return f
}

func TestActionAttempt_Success_NestedResultKeptExact(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	// 2^53+1 cannot be a float64; 2^64+1 cannot be an int64 either.
	result := `{"was_confirmed_by_device": true, "codes": [1, "two", null, {"deep": [false]}], ` +
		`"nothing": null, "count": 9007199254740993, "huge": 18446744073709551617, "ratio": 0.1, "empty": {}, "none": []}`
	fake.PutActionAttempt(fakeseam.ActionAttempt{
		ActionAttemptID: "attempt-success",
		ActionType:      "UNLOCK_DOOR",
		Status:          "success",
		Result:          json.RawMessage(result),
	})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, attemptBlock("attempt-success")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("action_type"), knownvalue.StringExact("UNLOCK_DOOR")),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("error"), knownvalue.Null()),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("result"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"was_confirmed_by_device": knownvalue.Bool(true),
					"codes": knownvalue.ListExact([]knownvalue.Check{
						knownvalue.Int64Exact(1),
						knownvalue.StringExact("two"),
						knownvalue.Null(),
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"deep": knownvalue.ListExact([]knownvalue.Check{knownvalue.Bool(false)}),
						}),
					}),
					"nothing": knownvalue.Null(),
					"count":   knownvalue.Int64Exact(9007199254740993),
					"huge":    knownvalue.NumberExact(bigNumber(t, "18446744073709551617")),
					"ratio":   knownvalue.NumberExact(bigNumber(t, "0.1")),
					"empty":   knownvalue.ObjectExact(map[string]knownvalue.Check{}),
					"none":    knownvalue.ListExact([]knownvalue.Check{}),
				})),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("result_json"), knownvalue.StringExact(
					`{"was_confirmed_by_device":true,"codes":[1,"two",null,{"deep":[false]}],`+
						`"nothing":null,"count":9007199254740993,"huge":18446744073709551617,"ratio":0.1,"empty":{},"none":[]}`)),
			},
		}},
	})
}

func TestActionAttempt_ResultFieldUsableInConfiguration(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{
		ActionAttemptID: "attempt-unlock",
		ActionType:      "UNLOCK_DOOR",
		Status:          "success",
		Result:          json.RawMessage(`{"was_confirmed_by_device": true}`),
	})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, attemptBlock("attempt-unlock")+`
output "confirmed" {
  value = nonsensitive(data.seam_action_attempt.test.result.was_confirmed_by_device)
}
output "confirmed_from_json" {
  value = nonsensitive(jsondecode(data.seam_action_attempt.test.result_json).was_confirmed_by_device)
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("confirmed", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("confirmed_from_json", knownvalue.Bool(true)),
			},
		}},
	})
}

func TestActionAttempt_Pending_ResultAndErrorNull(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-pending", ActionType: "ENCODE_CREDENTIAL", Status: "pending"})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			// The README's pattern for a field of a result that may be null.
			Config: apiKeyConfig(endpoint, attemptBlock("attempt-pending")+`
output "confirmed" {
  value = try(nonsensitive(data.seam_action_attempt.test.result.was_confirmed_by_device), "no result")
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("confirmed", knownvalue.StringExact("no result")),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("action_type"), knownvalue.StringExact("ENCODE_CREDENTIAL")),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("result"), knownvalue.Null()),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("result_json"), knownvalue.Null()),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("error"), knownvalue.Null()),
			},
		}},
	})
}

func TestActionAttempt_Failed_ErrorInStateNotDiagnostic(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{
		ActionAttemptID: "attempt-failed",
		ActionType:      "LOCK_DOOR",
		Status:          "error",
		Error:           &fakeseam.ActionAttemptError{Type: "bridge_disconnected", Message: "The bridge is offline."},
	})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, attemptBlock("attempt-failed")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("error")),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("error"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"type":    knownvalue.StringExact("bridge_disconnected"),
					"message": knownvalue.StringExact("The bridge is offline."),
				})),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("result"), knownvalue.Null()),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("result_json"), knownvalue.Null()),
			},
		}},
	})
}

func TestActionAttempt_UnknownTypeStatusAndExtraFields_PassThrough(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttemptJSON("attempt-future", `{"action_attempt_id": "attempt-future", "action_type": "OPEN_GARAGE_PORTAL",
		"status": "queued", "result": {"portal": "north"}, "error": null, "created_at": "2026-01-01T00:00:00Z", "priority": 7}`)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, attemptBlock("attempt-future")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("action_type"), knownvalue.StringExact("OPEN_GARAGE_PORTAL")),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("queued")),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("result_json"), knownvalue.StringExact(`{"portal":"north"}`)),
			},
		}},
	})
}

func TestActionAttempt_404_NotFoundOnID(t *testing.T) {
	t.Parallel()
	_, endpoint := testFake(t)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, attemptBlock("no-such-attempt")),
			ExpectError: errorRegexp(`Action attempt not found .* Seam has no action attempt with id "no-such-attempt" ` +
				`.* HTTP status: 404 Not Found Seam error type: action_attempt_not_found .* seam-request-id: req_`),
		}},
	})
}

func TestActionAttempt_401_NamesCredentialSourceNotValue(t *testing.T) {
	t.Parallel()
	_, endpoint := testFake(t)
	revoked := "seam_revoked_key_999"

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(map[string]string{"SEAM_API_KEY": revoked}),
		Steps: []resource.TestStep{{
			Config:      providerBlock(map[string]string{"endpoint": `"` + endpoint + `"`}) + attemptBlock("anything"),
			ExpectError: errorRegexp(`Seam API rejected the credentials .* from the SEAM_API_KEY environment variable .* HTTP status: 401 Unauthorized Seam error type: unauthorized`),
		}},
	})
}

func TestActionAttempt_BadID_PlanTimeError(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)

	for _, tc := range []struct{ id, want string }{
		{"", "Missing action attempt id .* action_attempt_id is empty or blank"},
		{"   ", "Missing action attempt id"},
		{" 11111111-1111-4111-8111-111111111111", "Action attempt id has surrounding white space"},
		{"abc\tdef", "Action attempt id contains a control character"},
	} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(nil),
			Steps: []resource.TestStep{{
				Config:      apiKeyConfig(endpoint, attemptBlock(tc.id)),
				PlanOnly:    true,
				ExpectError: errorRegexp(tc.want),
			}},
		})
	}
	if n := fake.RequestCount(); n != 0 {
		t.Errorf("a bad id reached the API: %d requests, want 0", n)
	}
}

func TestActionAttempt_VeryLongID_QuotedShort(t *testing.T) {
	t.Parallel()
	_, endpoint := testFake(t)
	long := strings.Repeat("x", 5000)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config:      apiKeyConfig(endpoint, attemptBlock(long)),
			ExpectError: errorRegexp(`Action attempt not found .* "` + strings.Repeat("x", 80) + `"… (5000 characters in all)`),
		}},
	})
}

func TestActionAttempt_RequestCarriesMethodHeadersAndBody(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-headers", ActionType: "UNLOCK_DOOR", Status: "success"})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, attemptBlock("attempt-headers")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("success")),
			},
		}},
	})

	requests := fake.Requests()
	if len(requests) == 0 {
		t.Fatal("the fake received no request")
	}
	for _, r := range requests {
		if r.Method != "POST" || r.Path != "/action_attempts/get" {
			t.Errorf("request = %s %s, want POST /action_attempts/get", r.Method, r.Path)
		}
		var body map[string]any
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatalf("body %q is not JSON: %v", r.Body, err)
		}
		if len(body) != 1 || body["action_attempt_id"] != "attempt-headers" {
			t.Errorf("body = %s, want {\"action_attempt_id\":\"attempt-headers\"}", r.Body)
		}
		wantHeaders := map[string]string{
			"Authorization": "Bearer " + testAPIKey,
			"Content-Type":  "application/json",
			"Accept":        "application/json",
		}
		for name, want := range wantHeaders {
			if got := r.Header.Get(name); got != want {
				t.Errorf("header %s = %q, want %q", name, got, want)
			}
		}
		ua := r.Header.Get("User-Agent")
		if !strings.HasPrefix(ua, "terraform-provider-seam/test ") || !strings.Contains(ua, " Terraform/1.") {
			t.Errorf("User-Agent = %q, want the provider and Terraform versions", ua)
		}
		for _, name := range []string{"client-session-token", "seam-workspace"} {
			if got := r.Header.Get(name); got != "" {
				t.Errorf("an API key request carries %s = %q, want none", name, got)
			}
		}
	}
}

func TestActionAttempt_ResultJSONInUnmarkedOutput_Refused(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{
		ActionAttemptID: "attempt-secret",
		ActionType:      "ENCODE_CREDENTIAL",
		Status:          "success",
		Result:          json.RawMessage(`{"code": "1234"}`),
	})

	for _, attribute := range []string{"result_json", "result"} {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(nil),
			Steps: []resource.TestStep{{
				Config: apiKeyConfig(endpoint, attemptBlock("attempt-secret")+`
output "leak" {
  value = data.seam_action_attempt.test.`+attribute+`
}
`),
				ExpectError: errorRegexp(`Output refers to sensitive values`),
			}},
		})
	}
}
