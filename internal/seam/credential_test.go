package seam

import (
	"net/http"
	"reflect"
	"testing"
)

func TestKindFromPrefix(t *testing.T) {
	tests := []struct {
		name  string
		token string
		want  CredentialKind
	}{
		{"client session token", "seam_cst1_token", KindClientSessionToken},
		{"client session token, bare prefix", "seam_cst", KindClientSessionToken},
		{"personal access token", "seam_at1_longtoken", KindPersonalAccessToken},
		{"personal access token, bare prefix", "seam_at", KindPersonalAccessToken},
		{"api key", "seam_apikey1_token", KindAPIKey},
		{"api key, bare prefix", "seam_", KindAPIKey},
		{"api key starting seam_cs but not seam_cst", "seam_cs_token", KindAPIKey},
		{"api key starting seam_a but not seam_at", "seam_a1_token", KindAPIKey},
		{"jwt console session token is not a known kind", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.sig", KindUnknown},
		{"empty", "", KindUnknown},
		{"random", "sk_live_51HxYz", KindUnknown},
		{"seam without underscore", "seam", KindUnknown},
		{"prefix is case sensitive", "SEAM_apikey", KindUnknown},
		{"leading space is not trimmed", " seam_apikey", KindUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := KindFromPrefix(tt.token); got != tt.want {
				t.Errorf("KindFromPrefix(%q) = %v (%d), want %v (%d)", tt.token, got, got, tt.want, tt.want)
			}
		})
	}
}

func TestCredentialKind_String(t *testing.T) {
	tests := []struct {
		kind CredentialKind
		want string
	}{
		{KindUnknown, "unknown credential"},
		{KindAPIKey, "API key"},
		{KindClientSessionToken, "client session token"},
		{KindPersonalAccessToken, "personal access token"},
		{CredentialKind(42), "unknown credential"},
		{CredentialKind(-1), "unknown credential"},
	}
	for _, tt := range tests {
		if got := tt.kind.String(); got != tt.want {
			t.Errorf("CredentialKind(%d).String() = %q, want %q", int(tt.kind), got, tt.want)
		}
	}
}

// TestCredential_SetHeaders_PerKind checks the exact header set each kind
// produces, with nothing extra (a workspace id on a non-PAT is ignored).
func TestCredential_SetHeaders_PerKind(t *testing.T) {
	tests := []struct {
		name string
		cred Credential
		want http.Header
	}{
		{
			name: "api key with a stray workspace id sends only the bearer token",
			cred: Credential{Kind: KindAPIKey, Token: "seam_key", WorkspaceID: "ws_ignored"},
			want: http.Header{"Authorization": {"Bearer seam_key"}},
		},
		{
			name: "client session token also goes in client-session-token",
			cred: Credential{Kind: KindClientSessionToken, Token: "seam_cst_tok", WorkspaceID: "ws_ignored"},
			want: http.Header{
				"Authorization":        {"Bearer seam_cst_tok"},
				"Client-Session-Token": {"seam_cst_tok"},
			},
		},
		{
			name: "personal access token adds seam-workspace",
			cred: Credential{Kind: KindPersonalAccessToken, Token: "seam_at_tok", WorkspaceID: "ws_1"},
			want: http.Header{
				"Authorization":  {"Bearer seam_at_tok"},
				"Seam-Workspace": {"ws_1"},
			},
		},
		{
			name: "unknown kind sends only the bearer token",
			cred: Credential{Kind: KindUnknown, Token: "eyJhbGciOi.e30.sig", WorkspaceID: "ws_1"},
			want: http.Header{"Authorization": {"Bearer eyJhbGciOi.e30.sig"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			tt.cred.setHeaders(h)
			if !reflect.DeepEqual(h, tt.want) {
				t.Errorf("headers = %v, want %v", h, tt.want)
			}
		})
	}
}

// TestCredential_SetHeaders_ReplacesExisting checks that Set, not Add, is
// used: a header already present is replaced, never duplicated.
func TestCredential_SetHeaders_ReplacesExisting(t *testing.T) {
	h := http.Header{}
	h.Set("Authorization", "Bearer old")
	h.Set("Client-Session-Token", "old")
	Credential{Kind: KindClientSessionToken, Token: "seam_cst_new"}.setHeaders(h)
	want := http.Header{
		"Authorization":        {"Bearer seam_cst_new"},
		"Client-Session-Token": {"seam_cst_new"},
	}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("headers = %v, want %v", h, want)
	}
}
