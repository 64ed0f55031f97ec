package provider

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// credentialCase is one way of giving the provider a credential, and the
// headers Seam must then receive.
type credentialCase struct {
	name        string
	attrs       map[string]string // provider attributes besides endpoint
	env         map[string]string
	wantHeaders map[string]string // "" means the header must be absent
}

func TestProvider_EachCredentialKind_FromAttributesAndEnvironment(t *testing.T) {
	t.Parallel()
	cases := []credentialCase{
		{
			name:  "api_key attribute",
			attrs: map[string]string{"api_key": fmt.Sprintf("%q", testAPIKey)},
			wantHeaders: map[string]string{
				"Authorization": "Bearer " + testAPIKey, "client-session-token": "", "seam-workspace": "",
			},
		},
		{
			name: "SEAM_API_KEY",
			env:  map[string]string{"SEAM_API_KEY": testAPIKey},
			wantHeaders: map[string]string{
				"Authorization": "Bearer " + testAPIKey, "client-session-token": "", "seam-workspace": "",
			},
		},
		{
			name: "personal_access_token and workspace_id attributes",
			attrs: map[string]string{
				"personal_access_token": fmt.Sprintf("%q", testPersonalAccessToken),
				"workspace_id":          fmt.Sprintf("%q", testWorkspaceID),
			},
			wantHeaders: map[string]string{
				"Authorization": "Bearer " + testPersonalAccessToken, "seam-workspace": testWorkspaceID, "client-session-token": "",
			},
		},
		{
			name: "SEAM_PERSONAL_ACCESS_TOKEN and SEAM_WORKSPACE_ID",
			env:  map[string]string{"SEAM_PERSONAL_ACCESS_TOKEN": testPersonalAccessToken, "SEAM_WORKSPACE_ID": testWorkspaceID},
			wantHeaders: map[string]string{
				"Authorization": "Bearer " + testPersonalAccessToken, "seam-workspace": testWorkspaceID, "client-session-token": "",
			},
		},
		{
			name:  "client_session_token attribute",
			attrs: map[string]string{"client_session_token": fmt.Sprintf("%q", testClientSessionToken)},
			wantHeaders: map[string]string{
				"Authorization": "Bearer " + testClientSessionToken, "client-session-token": testClientSessionToken, "seam-workspace": "",
			},
		},
		{
			name: "SEAM_CLIENT_SESSION_TOKEN",
			env:  map[string]string{"SEAM_CLIENT_SESSION_TOKEN": testClientSessionToken},
			wantHeaders: map[string]string{
				"Authorization": "Bearer " + testClientSessionToken, "client-session-token": testClientSessionToken, "seam-workspace": "",
			},
		},
		{
			name:  "attribute beats a different kind in the environment",
			attrs: map[string]string{"client_session_token": fmt.Sprintf("%q", testClientSessionToken)},
			env:   map[string]string{"SEAM_API_KEY": "seam_other_key", "SEAM_PERSONAL_ACCESS_TOKEN": "seam_at_other"},
			wantHeaders: map[string]string{
				"Authorization": "Bearer " + testClientSessionToken, "client-session-token": testClientSessionToken,
			},
		},
		{
			name:  "workspace_id attribute beats SEAM_WORKSPACE_ID",
			attrs: map[string]string{"workspace_id": fmt.Sprintf("%q", testWorkspaceID)},
			env:   map[string]string{"SEAM_PERSONAL_ACCESS_TOKEN": testPersonalAccessToken, "SEAM_WORKSPACE_ID": "some_other_workspace"},
			wantHeaders: map[string]string{
				"Authorization": "Bearer " + testPersonalAccessToken, "seam-workspace": testWorkspaceID,
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake, endpoint := testFake(t)
			fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-1", ActionType: "UNLOCK_DOOR", Status: "success"})
			attrs := map[string]string{"endpoint": fmt.Sprintf("%q", endpoint)}
			for k, v := range tc.attrs {
				attrs[k] = v
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(tc.env),
				Steps: []resource.TestStep{{
					Config: providerBlock(attrs) + attemptBlock("attempt-1"),
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
				for name, want := range tc.wantHeaders {
					if got := r.Header.Get(name); got != want {
						t.Errorf("header %s = %q, want %q", name, got, want)
					}
				}
			}
		})
	}
}

// TestProvider_RealEnvironment_Read checks the wiring to os.Getenv that the
// other tests replace: New() must read SEAM_API_KEY and SEAM_ENDPOINT from
// the process environment.
func TestProvider_RealEnvironment_Read(t *testing.T) {
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-env", ActionType: "LOCK_DOOR", Status: "pending"})
	t.Setenv("SEAM_API_KEY", testAPIKey)
	t.Setenv("SEAM_ENDPOINT", endpoint)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"seam": providerserver.NewProtocol6WithError(New("test")()),
		},
		Steps: []resource.TestStep{{
			Config: attemptBlock("attempt-env"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
			},
		}},
	})
	if fake.RequestCount() == 0 {
		t.Error("the provider did not use SEAM_ENDPOINT from the environment")
	}
}

// configErrorCase is a provider configuration that must be refused with
// one diagnostic, before any request reaches Seam.
type configErrorCase struct {
	name  string
	attrs map[string]string
	env   map[string]string
	// extra is more configuration, such as a resource feeding unknown values.
	extra string
	want  string // phrase for errorRegexp
}

func TestProvider_ConfigurationRules_RefusedBeforeAnyRequest(t *testing.T) {
	t.Parallel()
	q := func(s string) string { return fmt.Sprintf("%q", s) }
	cases := []configErrorCase{
		{
			name:  "two credentials in the configuration",
			attrs: map[string]string{"api_key": q(testAPIKey), "client_session_token": q(testClientSessionToken)},
			want:  "Conflicting Seam credentials .* Both api_key and client_session_token are set in the provider configuration",
		},
		{
			name: "API key and personal access token both in the environment",
			env:  map[string]string{"SEAM_API_KEY": testAPIKey, "SEAM_PERSONAL_ACCESS_TOKEN": testPersonalAccessToken, "SEAM_WORKSPACE_ID": testWorkspaceID},
			want: "Conflicting Seam credentials in the environment .* Both SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN are set",
		},
		{
			name: "no credential anywhere",
			want: "Missing Seam credential .* api_key, personal_access_token (with workspace_id) or client_session_token .* SEAM_API_KEY, SEAM_PERSONAL_ACCESS_TOKEN (with SEAM_WORKSPACE_ID) or SEAM_CLIENT_SESSION_TOKEN",
		},
		{
			name:  "personal access token without a workspace",
			attrs: map[string]string{"personal_access_token": q(testPersonalAccessToken)},
			want:  "Missing Seam workspace id .* Set workspace_id in the provider block or the SEAM_WORKSPACE_ID environment variable",
		},
		{
			name:  "personal access token given as api_key",
			attrs: map[string]string{"api_key": q(testPersonalAccessToken)},
			want:  "Seam credential given as the wrong kind .* the api_key attribute looks like a personal access token .* Set it as personal_access_token (or the SEAM_PERSONAL_ACCESS_TOKEN environment variable)",
		},
		{
			name:  "client session token given as api_key",
			attrs: map[string]string{"api_key": q(testClientSessionToken)},
			want:  "the api_key attribute looks like a client session token .* Set it as client_session_token",
		},
		{
			name:  "API key given as personal_access_token",
			attrs: map[string]string{"personal_access_token": q(testAPIKey), "workspace_id": q(testWorkspaceID)},
			want:  "the personal_access_token attribute looks like an API key .* Set it as api_key (or the SEAM_API_KEY environment variable)",
		},
		{
			name:  "personal access token given as client_session_token",
			attrs: map[string]string{"client_session_token": q(testPersonalAccessToken)},
			want:  "the client_session_token attribute looks like a personal access token .* Set it as personal_access_token",
		},
		{
			name: "client session token in SEAM_API_KEY",
			env:  map[string]string{"SEAM_API_KEY": testClientSessionToken},
			want: "the SEAM_API_KEY environment variable looks like a client session token .* Set it as client_session_token (or the SEAM_CLIENT_SESSION_TOKEN environment variable)",
		},
		{
			name:  "empty api_key and nothing in the environment",
			attrs: map[string]string{"api_key": q("")},
			want:  "Missing Seam credential",
		},
		{
			name:  "line break inside api_key",
			attrs: map[string]string{"api_key": q("seam_abc\ndef")},
			want:  "Seam credential contains a control character .* line break",
		},
		{
			name:  "api_key with a trailing newline",
			attrs: map[string]string{"api_key": q(testAPIKey + "\n")},
			want:  "Seam credential has surrounding white space .* trimspace",
		},
		{
			name:  "http endpoint on a non-loopback host",
			attrs: map[string]string{"api_key": q(testAPIKey), "endpoint": q("http://connect.example.com")},
			want:  "Invalid Seam endpoint .* uses http, which would send the Seam credential in clear text; use https",
		},
		{
			name:  "endpoint without a scheme",
			attrs: map[string]string{"api_key": q(testAPIKey), "endpoint": q("connect.getseam.com")},
			want:  "Invalid Seam endpoint .* is not an absolute URL",
		},
		{
			name:  "malformed endpoint",
			attrs: map[string]string{"api_key": q(testAPIKey), "endpoint": q("https://[::1")},
			want:  "Invalid Seam endpoint .* is not a valid URL",
		},
		{
			name:  "ftp endpoint",
			attrs: map[string]string{"api_key": q(testAPIKey), "endpoint": q("ftp://connect.getseam.com")},
			want:  `Invalid Seam endpoint .* has scheme "ftp"; the endpoint must use https`,
		},
		{
			name: "http endpoint from SEAM_ENDPOINT",
			env:  map[string]string{"SEAM_API_KEY": testAPIKey, "SEAM_ENDPOINT": "http://10.1.2.3:8080"},
			want: "The endpoint from the SEAM_ENDPOINT environment variable cannot be used .* clear text",
		},
		{
			name:  "api_key unknown at plan time",
			attrs: map[string]string{"api_key": "terraform_data.later.output"},
			extra: "resource \"terraform_data\" \"later\" {\n  input = \"" + testAPIKey + "\"\n}\n",
			want:  "Unknown value for the Seam provider's api_key .* set the SEAM_API_KEY environment variable instead, or first apply the resource it comes from with -target",
		},
		{
			name: "endpoint unknown at plan time",
			attrs: map[string]string{
				"api_key": q(testAPIKey), "endpoint": "terraform_data.later.output",
			},
			extra: "resource \"terraform_data\" \"later\" {\n  input = \"https://connect.getseam.com\"\n}\n",
			want:  "Unknown value for the Seam provider's endpoint",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake, endpoint := testFake(t)
			fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-1", ActionType: "UNLOCK_DOOR", Status: "success"})
			attrs := map[string]string{}
			if _, ok := tc.env["SEAM_ENDPOINT"]; !ok {
				attrs["endpoint"] = fmt.Sprintf("%q", endpoint)
			}
			for k, v := range tc.attrs {
				attrs[k] = v
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(tc.env),
				Steps: []resource.TestStep{{
					Config:      providerBlock(attrs) + tc.extra + attemptBlock("attempt-1"),
					ExpectError: errorRegexp(tc.want),
				}},
			})
			if n := fake.RequestCount(); n != 0 {
				t.Errorf("the fake received %d requests; a refused configuration must send none", n)
			}
		})
	}
}

func TestActionAttempt_400_ShowsSeamValidationMessage(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	body, err := json.Marshal(map[string]any{
		"ok": false,
		"error": map[string]any{
			"type":    "invalid_input",
			"message": "Invalid input",
			"validation_errors": map[string]any{
				"_errors":           []string{},
				"action_attempt_id": map[string]any{"_errors": []string{"Invalid uuid"}},
			},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	fake.QueueResponses(fakeseam.Response{
		Status: 400,
		Header: map[string][]string{"Content-Type": {"application/json"}, "Seam-Request-Id": {"req_validation"}},
		Body:   string(body),
	})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, attemptBlock("not-a-uuid")),
			ExpectError: errorRegexp(`Seam rejected the request as invalid .* reading action attempt "not-a-uuid" .* - action_attempt_id: Invalid uuid ` +
				`.* HTTP status: 400 Bad Request Seam error type: invalid_input Seam error message: Invalid input seam-request-id: req_validation`),
		}},
	})
}
