package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// faultCase is one misbehaviour of the API (or something in front of it)
// and what the user must see.
type faultCase struct {
	name string
	// providerExtra is more of the provider block, e.g. max_retries.
	providerExtra string
	// setup makes the fake misbehave.
	setup func(t *testing.T, fake *fakeseam.Fake)
	// wantError is an errorRegexp phrase; empty means the read succeeds.
	wantError string
	// wantRequests is how many requests the fake must have seen in all.
	// Terraform reads a data source once per plan, and a successful test
	// step plans several times, so success cases count only the attempts
	// made for the first read (the fault) plus one per later read.
	wantRequests int
}

func repeat(n int, r fakeseam.Response) []fakeseam.Response {
	out := make([]fakeseam.Response, n)
	for i := range out {
		out[i] = r
	}
	return out
}

func TestActionAttempt_Faults(t *testing.T) {
	t.Parallel()
	seamError := func(status int, typ, id string) fakeseam.Response {
		return fakeseam.Response{
			Status: status,
			Header: http.Header{"Content-Type": {"application/json"}, "Seam-Request-Id": {id}},
			Body:   fmt.Sprintf(`{"error": {"type": %q, "message": "Seam says %s"}, "ok": false}`, typ, typ),
		}
	}
	cases := []faultCase{
		{
			name: "429 every time: rate limit advice",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(repeat(3, seamError(429, "rate_limited", "req_429"))...)
			},
			wantError:    "Seam API rate limit reached .* use a lower -parallelism, or raise max_retries .* Attempts: 3",
			wantRequests: 3,
		},
		{
			name: "non-JSON 404: wrong endpoint",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(fakeseam.Response{Status: 404, Body: "Not Found"})
			},
			wantError:    "No Seam API at the endpoint .* for example with a wrong path",
			wantRequests: 1,
		},
		{
			name: "200 with a number for status: field named, result not quoted",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(fakeseam.Response{Status: 200, Body: `{"action_attempt": {"action_attempt_id": "attempt-1", "action_type": "ENCODE_CREDENTIAL", "status": 1, "result": {"pin_code": "8675309"}, "error": null}, "ok": true}`})
			},
			wantError:    "Unexpected response from the Seam API .* action_attempt.status is a JSON number where a string was expected",
			wantRequests: 1,
		},
		{
			name: "429 with Retry-After then success",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(fakeseam.Response{Status: 429, Header: http.Header{"Retry-After": {"1"}}})
			},
		},
		{
			name: "503 with an empty body, retries run out",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(repeat(3, fakeseam.Response{Status: 503})...)
			},
			wantError:    "Unexpected response from the Seam API .* HTTP status: 503 Service Unavailable .* the response body is empty .* Attempts: 3",
			wantRequests: 3,
		},
		{
			name: "502 HTML from a proxy, retries run out",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(repeat(3, fakeseam.Response{
					Status: 502, Header: http.Header{"Content-Type": {"text/html"}},
					Body: "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body></html>",
				})...)
			},
			wantError:    `Unexpected response from the Seam API .* HTTP status: 502 Bad Gateway .* Response begins: "<html> <head><title>502 Bad Gateway</title></head> <body>nginx</body></html>" Attempts: 3`,
			wantRequests: 3,
		},
		{
			name: "500 with Seam's error, retries run out, last answer reported",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(
					seamError(500, "internal_server_error", "req_first"),
					seamError(500, "internal_server_error", "req_second"),
					seamError(500, "internal_server_error", "req_last"),
				)
			},
			wantError:    "Seam API error .* Seam error type: internal_server_error Seam error message: Seam says internal_server_error Attempts: 3 .* seam-request-id: req_last",
			wantRequests: 3,
		},
		{
			name:          "max_retries = 0 gives up at once",
			providerExtra: "max_retries = 0\n",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(seamError(503, "service_unavailable", "req_only"))
			},
			wantError:    "Seam API error .* HTTP status: 503 .* seam-request-id: req_only",
			wantRequests: 1,
		},
		{
			name:          "max_retries = 3 rides out three failures",
			providerExtra: "max_retries = 3\n",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(repeat(3, fakeseam.Response{Status: 503})...)
			},
		},
		{
			name: "501 is not retried",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(seamError(501, "not_implemented", "req_501"))
			},
			wantError:    "Seam API error .* HTTP status: 501 Not Implemented",
			wantRequests: 1,
		},
		{
			name: "truncated JSON in a 200 is not retried",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(fakeseam.Response{Status: 200, Body: `{"action_attempt": {"action_attempt_id": "attempt-1", "sta`})
			},
			wantError:    `Unexpected response from the Seam API .* answered with success but not in the shape Seam documents .* HTTP status: 200 OK Problem: the response is not the JSON Seam documents (it is not valid JSON, or not an object)`,
			wantRequests: 1,
		},
		{
			name: "connection reset mid-response, then success",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(fakeseam.Response{Status: 200, Body: strings.Repeat(" ", 500), ResetAfter: 100})
			},
		},
		{
			name: "connection reset mid-response every time",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(repeat(3, fakeseam.Response{Status: 200, Body: strings.Repeat(" ", 500), ResetAfter: 100})...)
			},
			wantError:    "Unreadable response from the Seam API .* unexpected EOF .* Attempts: 3",
			wantRequests: 3,
		},
		{
			name:          "slower than request_timeout once, then success",
			providerExtra: "request_timeout = \"1s\"\n",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(fakeseam.Response{Status: 200, Delay: 5 * time.Second})
			},
		},
		{
			name:          "slower than request_timeout every time",
			providerExtra: "request_timeout = \"1s\"\nmax_retries = 1\n",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(repeat(2, fakeseam.Response{Status: 200, Delay: 5 * time.Second})...)
			},
			wantError:    "Could not reach the Seam API .* no complete answer within 1s, the request timeout .* Attempts: 2",
			wantRequests: 2,
		},
		{
			name: "oversize body is refused, not retried",
			setup: func(t *testing.T, fake *fakeseam.Fake) {
				fake.QueueResponses(fakeseam.Response{Status: 200, Body: `{"action_attempt": "` + strings.Repeat("x", 11<<20) + `"}`})
			},
			wantError:    "Unreadable response from the Seam API .* the response is larger than 10 MiB",
			wantRequests: 1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake, endpoint := testFake(t)
			fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-1", ActionType: "UNLOCK_DOOR", Status: "success"})
			tc.setup(t, fake)
			config := strings.Replace(apiKeyConfig(endpoint, attemptBlock("attempt-1")), "provider \"seam\" {\n", "provider \"seam\" {\n"+tc.providerExtra, 1)
			step := resource.TestStep{Config: config}
			if tc.wantError != "" {
				step.ExpectError = errorRegexp(tc.wantError)
			} else {
				step.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				}
			}
			resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: factories(nil), Steps: []resource.TestStep{step}})

			if tc.wantError != "" {
				if got := fake.RequestCount(); got != tc.wantRequests {
					t.Errorf("the fake received %d requests, want %d", got, tc.wantRequests)
				}
				return
			}
			// A success: the faulty answers came first, then one good answer
			// for each of the plans Terraform made.
			requests := fake.Requests()
			if len(requests) < 2 {
				t.Errorf("the fake received %d requests; the fault was not retried", len(requests))
			}
		})
	}
}

func TestActionAttempt_RedirectNotFollowed_CredentialStaysHome(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	elsewhere := fakeseam.New()
	other := httptest.NewServer(elsewhere)
	t.Cleanup(other.Close)
	fake.QueueResponses(fakeseam.Response{
		Status: http.StatusFound,
		Header: http.Header{"Location": {other.URL + "/action_attempts/get"}},
	})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config:      apiKeyConfig(endpoint, attemptBlock("attempt-1")),
			ExpectError: errorRegexp("Seam API answered with a redirect .* redirected to host " + strings.TrimPrefix(other.URL, "http://") + ". The provider does not follow redirects"),
		}},
	})
	if got := elsewhere.RequestCount(); got != 0 {
		t.Errorf("the redirect target received %d requests; the credential must not leave the endpoint", got)
	}
	if got := fake.RequestCount(); got != 1 {
		t.Errorf("the endpoint received %d requests, want 1 (a redirect is not retried)", got)
	}
}

func TestProvider_RetryAndTimeoutSettings_Validated(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ setting, want string }{
		{"max_retries = -1", "Invalid number .* max_retries is -1, but it must be a whole number from 0 to 10."},
		{"max_retries = 1.5", "Invalid number .* max_retries is 1.5, but it must be a whole number from 0 to 10."},
		{"max_retries = 11", "max_retries is 11, but it must be a whole number from 0 to 10."},
		{`request_timeout = "fast"`, `Invalid duration .* request_timeout is "fast", but it must be a duration from 1s to 10m, such as "30s" or "2m"`},
		{`request_timeout = "30"`, `request_timeout is "30", but it must be a duration from 1s to 10m`},
		{`request_timeout = "0s"`, `request_timeout is "0s", but it must be a duration from 1s to 10m`},
		{`request_timeout = "-5s"`, `must be a duration from 1s to 10m`},
		{`request_timeout = "2h"`, `must be a duration from 1s to 10m`},
	} {
		t.Run(tc.setting, func(t *testing.T) {
			t.Parallel()
			fake, endpoint := testFake(t)
			config := strings.Replace(apiKeyConfig(endpoint, attemptBlock("attempt-1")), "provider \"seam\" {\n", "provider \"seam\" {\n"+tc.setting+"\n", 1)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(nil),
				Steps:                    []resource.TestStep{{Config: config, ExpectError: errorRegexp(tc.want)}},
			})
			if n := fake.RequestCount(); n != 0 {
				t.Errorf("an invalid setting still reached the API: %d requests", n)
			}
		})
	}
}
