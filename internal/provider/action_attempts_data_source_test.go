package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

const listAddress = "data.seam_action_attempts.test"

// listBlock reads attempts as data.seam_action_attempts.test with the
// given attribute lines.
func listBlock(lines ...string) string {
	return "data \"seam_action_attempts\" \"test\" {\n  " + strings.Join(lines, "\n  ") + "\n}\n"
}

func quotedList(ids ...string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// listed is the expected state of one element of action_attempts.
func listed(id, actionType, status string, resultJSON knownvalue.Check, errorCheck knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"action_attempt_id": knownvalue.StringExact(id),
		"action_type":       knownvalue.StringExact(actionType),
		"status":            knownvalue.StringExact(status),
		"result_json":       resultJSON,
		"error":             errorCheck,
	})
}

func TestList_ByIDs_KeepsGivenOrderAndReportsMissing(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	// Stored (the API's order): a, b, c. Asked for: c, unknown, a.
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "a", ActionType: "UNLOCK_DOOR", Status: "success",
		Result: json.RawMessage(`{"was_confirmed_by_device": false}`)})
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "b", ActionType: "LOCK_DOOR", Status: "pending"})
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "c", ActionType: "LOCK_DOOR", Status: "error",
		Error: &fakeseam.ActionAttemptError{Type: "bridge_disconnected", Message: "Offline."}})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, listBlock("action_attempt_ids = "+quotedList("c", "unknown", "a"))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("action_attempts"), knownvalue.ListExact([]knownvalue.Check{
					listed("c", "LOCK_DOOR", "error", knownvalue.Null(), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"type": knownvalue.StringExact("bridge_disconnected"), "message": knownvalue.StringExact("Offline."),
					})),
					listed("a", "UNLOCK_DOOR", "success", knownvalue.StringExact(`{"was_confirmed_by_device":false}`), knownvalue.Null()),
				})),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("missing_action_attempt_ids"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("unknown")})),
			},
		}},
	})

	for _, r := range fake.Requests() {
		var body map[string]any
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		if r.Path != "/action_attempts/list" || fmt.Sprint(body["action_attempt_ids"]) != "[c unknown a]" || body["device_id"] != nil {
			t.Errorf("request %s %s, want /action_attempts/list with the ids as given and no device_id", r.Path, r.Body)
		}
	}
}

func TestList_ByDevice_PagesThroughInAPIOrder(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.SetListPageSize(2)
	var want []knownvalue.Check
	for i := range 5 {
		id := fmt.Sprintf("lock-attempt-%d", i)
		fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: id, ActionType: "UNLOCK_DOOR", Status: "success", DeviceID: "front-door"})
		want = append(want, listed(id, "UNLOCK_DOOR", "success", knownvalue.Null(), knownvalue.Null()))
		fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: id + "-other", ActionType: "LOCK_DOOR", Status: "success", DeviceID: "back-door"})
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, listBlock(`device_id = "front-door"`)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("action_attempts"), knownvalue.ListExact(want)),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("missing_action_attempt_ids"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})

	// Each read is three pages: no cursor, then the cursors Seam handed out.
	requests := fake.Requests()
	if len(requests) == 0 || len(requests)%3 != 0 {
		t.Fatalf("the fake received %d requests, want a multiple of 3 (three pages a read)", len(requests))
	}
	for i, r := range requests[:3] {
		var body map[string]any
		if err := json.Unmarshal(r.Body, &body); err != nil {
			t.Fatal(err)
		}
		_, hasCursor := body["page_cursor"]
		if hasCursor != (i > 0) || body["device_id"] != "front-door" || body["action_attempt_ids"] != nil {
			t.Errorf("page %d request body %s", i+1, r.Body)
		}
	}
}

func TestList_AllIDsUnknown_EmptyNotError(t *testing.T) {
	t.Parallel()
	_, endpoint := testFake(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, listBlock("action_attempt_ids = "+quotedList("x", "y"))),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("action_attempts"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("missing_action_attempt_ids"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("x"), knownvalue.StringExact("y")})),
			},
		}},
	})
}

func TestList_EmptyIDList_ReadsNothing(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "a", ActionType: "UNLOCK_DOOR", Status: "success"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, listBlock("action_attempt_ids = []")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("action_attempts"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(listAddress, tfjsonpath.New("missing_action_attempt_ids"), knownvalue.ListExact([]knownvalue.Check{})),
			},
		}},
	})
	// With no ids, Seam would list the whole workspace.
	if n := fake.RequestCount(); n != 0 {
		t.Errorf("an empty id list made %d requests, want 0", n)
	}
}

func TestList_UsageErrors_RefusedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, block, want string }{
		{"neither ids nor device", listBlock(""), "Missing Attribute Configuration .* At least one of these attributes must be configured: [action_attempt_ids,device_id]"},
		{"duplicate ids", listBlock("action_attempt_ids = " + quotedList("a", "a")), "This attribute contains duplicate values"},
		{"blank id", listBlock("action_attempt_ids = " + quotedList("a", " ")), "Missing action attempt id"},
		{"blank device", listBlock(`device_id = ""`), "Missing device id"},
		{"null id", listBlock(`action_attempt_ids = ["a", null]`), "Null List Value .* This attribute contains a null value"},
		{"read timeout out of range", listBlock(`device_id = "d"`, `timeouts = { read = "0s" }`), `timeouts.read is "0s", but it must be a duration from 1s to 24h`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake, endpoint := testFake(t)
			pattern := errorRegexp(tc.want)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(nil),
				Steps:                    []resource.TestStep{{Config: apiKeyConfig(endpoint, tc.block), ExpectError: pattern}},
			})
			if n := fake.RequestCount(); n != 0 {
				t.Errorf("the fake received %d requests, want 0", n)
			}
		})
	}
}

func TestList_ClientSessionToken_RefusedWithAdvice(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "a", ActionType: "UNLOCK_DOOR", Status: "success"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(map[string]string{"SEAM_CLIENT_SESSION_TOKEN": testClientSessionToken}),
		Steps: []resource.TestStep{{
			Config: providerBlock(map[string]string{"endpoint": fmt.Sprintf("%q", endpoint)}) + listBlock("action_attempt_ids = "+quotedList("a")),
			ExpectError: errorRegexp(`Seam does not accept client session tokens here .* from the SEAM_CLIENT_SESSION_TOKEN environment variable ` +
				`.* needs an API key or a personal access token .* HTTP status: 401`),
		}},
	})
}

func TestList_UnknownDevice_NotFoundOnDeviceID(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.QueueResponses(fakeseam.Response{
		Status: 404,
		Header: map[string][]string{"Content-Type": {"application/json"}, "Seam-Request-Id": {"req_device"}},
		Body:   `{"error": {"type": "device_not_found", "message": "Device not found"}, "ok": false}`,
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, listBlock(`device_id = "no-such-device"`)),
			ExpectError: errorRegexp(`Device not found .* on terraform_plugin_test.tf line .* device_id = "no-such-device" .* Seam has no device for the input given ` +
				`while listing action attempts .* seam-request-id: req_device`),
		}},
	})
}
