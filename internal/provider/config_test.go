package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seamapi/terraform-provider-seam/internal/seam"
)

// model builds a provider configuration; attributes not given are null.
func model(attrs map[string]string) providerModel {
	value := func(name string) types.String {
		if v, ok := attrs[name]; ok {
			return types.StringValue(v)
		}
		return types.StringNull()
	}
	return providerModel{
		APIKey:              value("api_key"),
		PersonalAccessToken: value("personal_access_token"),
		WorkspaceID:         value("workspace_id"),
		ClientSessionToken:  value("client_session_token"),
		Endpoint:            value("endpoint"),
	}
}

func envOf(env map[string]string) func(string) string {
	return func(name string) string { return env[name] }
}

func TestResolveSettings_Accepted(t *testing.T) {
	cases := []struct {
		name       string
		attrs      map[string]string
		env        map[string]string
		want       seam.Credential
		wantSource string
		wantURL    string
	}{
		{
			name:       "api key attribute, default endpoint",
			attrs:      map[string]string{"api_key": "seam_key1"},
			want:       seam.Credential{Kind: seam.KindAPIKey, Token: "seam_key1"},
			wantSource: "the api_key attribute",
			wantURL:    seam.DefaultEndpoint,
		},
		{
			name:       "attribute beats environment of the same kind",
			attrs:      map[string]string{"api_key": "seam_key1"},
			env:        map[string]string{"SEAM_API_KEY": "seam_key2"},
			want:       seam.Credential{Kind: seam.KindAPIKey, Token: "seam_key1"},
			wantSource: "the api_key attribute",
			wantURL:    seam.DefaultEndpoint,
		},
		{
			name:       "attribute makes both environment credentials irrelevant",
			attrs:      map[string]string{"api_key": "seam_key1"},
			env:        map[string]string{"SEAM_API_KEY": "seam_key2", "SEAM_PERSONAL_ACCESS_TOKEN": "seam_at2"},
			want:       seam.Credential{Kind: seam.KindAPIKey, Token: "seam_key1"},
			wantSource: "the api_key attribute",
			wantURL:    seam.DefaultEndpoint,
		},
		{
			name:       "personal access token from the environment with workspace",
			env:        map[string]string{"SEAM_PERSONAL_ACCESS_TOKEN": "seam_at1", "SEAM_WORKSPACE_ID": "ws1"},
			want:       seam.Credential{Kind: seam.KindPersonalAccessToken, Token: "seam_at1", WorkspaceID: "ws1"},
			wantSource: "the SEAM_PERSONAL_ACCESS_TOKEN environment variable",
			wantURL:    seam.DefaultEndpoint,
		},
		{
			name:       "client session token attribute",
			attrs:      map[string]string{"client_session_token": "seam_cst1"},
			want:       seam.Credential{Kind: seam.KindClientSessionToken, Token: "seam_cst1"},
			wantSource: "the client_session_token attribute",
			wantURL:    seam.DefaultEndpoint,
		},
		{
			name:       "token of unknown prefix is left to the API",
			attrs:      map[string]string{"api_key": "legacy-key-format"},
			want:       seam.Credential{Kind: seam.KindAPIKey, Token: "legacy-key-format"},
			wantSource: "the api_key attribute",
			wantURL:    seam.DefaultEndpoint,
		},
		{
			name:       "endpoint attribute beats SEAM_ENDPOINT, trailing slash dropped",
			attrs:      map[string]string{"api_key": "seam_key1", "endpoint": "https://seam.example.com/"},
			env:        map[string]string{"SEAM_ENDPOINT": "https://other.example.com"},
			want:       seam.Credential{Kind: seam.KindAPIKey, Token: "seam_key1"},
			wantSource: "the api_key attribute",
			wantURL:    "https://seam.example.com",
		},
		{
			name:       "SEAM_ENDPOINT beats SEAM_API_URL",
			env:        map[string]string{"SEAM_API_KEY": "seam_key1", "SEAM_ENDPOINT": "https://a.example.com", "SEAM_API_URL": "https://b.example.com"},
			want:       seam.Credential{Kind: seam.KindAPIKey, Token: "seam_key1"},
			wantSource: "the SEAM_API_KEY environment variable",
			wantURL:    "https://a.example.com",
		},
		{
			name:       "empty strings fall back to the environment",
			attrs:      map[string]string{"api_key": "", "endpoint": "", "workspace_id": ""},
			env:        map[string]string{"SEAM_PERSONAL_ACCESS_TOKEN": "seam_at1", "SEAM_WORKSPACE_ID": "ws1", "SEAM_ENDPOINT": "https://env.example.com"},
			want:       seam.Credential{Kind: seam.KindPersonalAccessToken, Token: "seam_at1", WorkspaceID: "ws1"},
			wantSource: "the SEAM_PERSONAL_ACCESS_TOKEN environment variable",
			wantURL:    "https://env.example.com",
		},
		{
			name:       "empty endpoint means the default",
			attrs:      map[string]string{"api_key": "seam_key1", "endpoint": ""},
			want:       seam.Credential{Kind: seam.KindAPIKey, Token: "seam_key1"},
			wantSource: "the api_key attribute",
			wantURL:    seam.DefaultEndpoint,
		},
		{
			name:       "http loopback endpoint allowed",
			attrs:      map[string]string{"api_key": "seam_key1", "endpoint": "http://127.0.0.1:8080"},
			want:       seam.Credential{Kind: seam.KindAPIKey, Token: "seam_key1"},
			wantSource: "the api_key attribute",
			wantURL:    "http://127.0.0.1:8080",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, diags := resolveSettings(model(tc.attrs), envOf(tc.env))
			if diags.HasError() {
				t.Fatalf("unexpected errors: %v", diags)
			}
			if got.credential != tc.want {
				t.Errorf("credential = %+v, want %+v", got.credential, tc.want)
			}
			if got.credentialSource != tc.wantSource {
				t.Errorf("source = %q, want %q", got.credentialSource, tc.wantSource)
			}
			if got.endpoint != tc.wantURL {
				t.Errorf("endpoint = %q, want %q", got.endpoint, tc.wantURL)
			}
		})
	}
}

func TestResolveSettings_DeprecatedSEAM_API_URL_Warns(t *testing.T) {
	got, diags := resolveSettings(model(nil), envOf(map[string]string{
		"SEAM_API_KEY": "seam_key1", "SEAM_API_URL": "https://legacy.example.com",
	}))
	if diags.HasError() {
		t.Fatalf("unexpected errors: %v", diags)
	}
	if got.endpoint != "https://legacy.example.com" {
		t.Errorf("endpoint = %q, want the SEAM_API_URL value", got.endpoint)
	}
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning || !strings.Contains(diags[0].Detail(), "SEAM_ENDPOINT") {
		t.Errorf("diagnostics = %v, want one warning pointing to SEAM_ENDPOINT", diags)
	}
}

func TestResolveSettings_WorkspaceWithAPIKey_WarnsOnAttribute(t *testing.T) {
	_, diags := resolveSettings(model(map[string]string{"api_key": "seam_key1", "workspace_id": "ws1"}), envOf(nil))
	if diags.HasError() || len(diags) != 1 || diags[0].Severity() != diag.SeverityWarning {
		t.Fatalf("diagnostics = %v, want exactly one warning", diags)
	}
	withPath, ok := diags[0].(diag.DiagnosticWithPath)
	if !ok || !withPath.Path().Equal(path.Root("workspace_id")) {
		t.Errorf("warning is not on workspace_id: %v", diags[0])
	}
}

// TestResolveSettings_Refused checks that every rule gives exactly one error,
// on the attribute concerned when the value came from the configuration, and
// that no error repeats the credential.
func TestResolveSettings_Refused(t *testing.T) {
	const secret = "seam_at_SECRET_value"
	cases := []struct {
		name     string
		attrs    map[string]string
		env      map[string]string
		wantPath string // "" for an error not tied to an attribute
		want     string
	}{
		{"two credentials in the configuration", map[string]string{"api_key": "seam_k", "personal_access_token": secret}, nil,
			"personal_access_token", "Both api_key and personal_access_token"},
		{"three credentials in the configuration", map[string]string{"api_key": "seam_k", "personal_access_token": secret, "client_session_token": "seam_cst1"}, nil,
			"personal_access_token", "Both api_key and personal_access_token"},
		{"API key and PAT in the environment", nil, map[string]string{"SEAM_API_KEY": "seam_k", "SEAM_PERSONAL_ACCESS_TOKEN": secret},
			"", "Both SEAM_API_KEY and SEAM_PERSONAL_ACCESS_TOKEN"},
		{"PAT and CST in the environment", nil, map[string]string{"SEAM_PERSONAL_ACCESS_TOKEN": secret, "SEAM_CLIENT_SESSION_TOKEN": "seam_cst1"},
			"", "Both SEAM_PERSONAL_ACCESS_TOKEN and SEAM_CLIENT_SESSION_TOKEN"},
		{"nothing", nil, nil, "", "SEAM_API_KEY"},
		{"PAT without workspace", map[string]string{"personal_access_token": secret}, nil, "workspace_id", "SEAM_WORKSPACE_ID"},
		{"PAT from env without workspace", nil, map[string]string{"SEAM_PERSONAL_ACCESS_TOKEN": secret}, "workspace_id", "from the SEAM_PERSONAL_ACCESS_TOKEN environment variable"},
		{"PAT in api_key", map[string]string{"api_key": secret}, nil, "api_key", "Set it as personal_access_token"},
		{"PAT in SEAM_API_KEY", nil, map[string]string{"SEAM_API_KEY": secret}, "", "Set it as personal_access_token"},
		{"PAT in SEAM_CLIENT_SESSION_TOKEN", nil, map[string]string{"SEAM_CLIENT_SESSION_TOKEN": secret}, "", "Set it as personal_access_token"},
		{"empty api_key and no environment", map[string]string{"api_key": ""}, nil, "", "SEAM_API_KEY"},
		{"blank client_session_token", map[string]string{"client_session_token": "  "}, nil, "client_session_token", "contains only white space"},
		{"line break inside the credential", map[string]string{"api_key": "seam_SECRET\nmore"}, nil, "api_key", "control character"},
		{"line break inside SEAM_API_KEY", nil, map[string]string{"SEAM_API_KEY": "seam_SECRET\nmore"}, "", "control character"},
		{"NUL inside the workspace", map[string]string{"personal_access_token": secret, "workspace_id": "ws\x001"}, nil, "workspace_id", "control character"},
		{"secret with a newline", map[string]string{"personal_access_token": secret + "\n", "workspace_id": "ws1"}, nil, "personal_access_token", "white space"},
		{"workspace with white space", map[string]string{"personal_access_token": secret, "workspace_id": " ws1"}, nil, "workspace_id", "white space"},
		{"http endpoint off loopback", map[string]string{"api_key": "seam_k", "endpoint": "http://seam.example.com"}, nil, "endpoint", "clear text"},
		{"http endpoint that only resolves to loopback", map[string]string{"api_key": "seam_k", "endpoint": "http://localtest.me"}, nil, "endpoint", "clear text"},
		{"endpoint with a password", map[string]string{"api_key": "seam_k", "endpoint": "https://user:" + secret + "@seam.example.com"}, nil, "endpoint", "user information"},
		{"endpoint from SEAM_API_URL", nil, map[string]string{"SEAM_API_KEY": "seam_k", "SEAM_API_URL": "gopher://x"}, "", "SEAM_API_URL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, diags := resolveSettings(model(tc.attrs), envOf(tc.env))
			errs := diags.Errors()
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1: %v", len(errs), diags)
			}
			e := errs[0]
			if !strings.Contains(e.Detail(), tc.want) {
				t.Errorf("detail = %q, want it to contain %q", e.Detail(), tc.want)
			}
			withPath, hasPath := e.(diag.DiagnosticWithPath)
			switch {
			case tc.wantPath == "" && hasPath:
				t.Errorf("error is on %s, want a general error", withPath.Path())
			case tc.wantPath != "" && (!hasPath || !withPath.Path().Equal(path.Root(tc.wantPath))):
				t.Errorf("error is not on %s: %v", tc.wantPath, e)
			}
			if strings.Contains(e.Summary()+e.Detail(), "SECRET") {
				t.Errorf("the error shows the credential: %q", e.Detail())
			}
		})
	}
}

func TestResolveSettings_UnknownValues_OneErrorPerAttribute(t *testing.T) {
	m := model(map[string]string{"workspace_id": "ws1"})
	m.APIKey = types.StringUnknown()
	m.Endpoint = types.StringUnknown()
	_, diags := resolveSettings(m, envOf(nil))
	errs := diags.Errors()
	if len(errs) != 2 {
		t.Fatalf("got %d errors, want 2 (api_key, endpoint): %v", len(errs), diags)
	}
	for i, name := range []string{"api_key", "endpoint"} {
		withPath, ok := errs[i].(diag.DiagnosticWithPath)
		if !ok || !withPath.Path().Equal(path.Root(name)) {
			t.Errorf("error %d is not on %s: %v", i, name, errs[i])
		}
		if !strings.Contains(errs[i].Summary(), "Unknown value") {
			t.Errorf("summary = %q", errs[i].Summary())
		}
	}
}
