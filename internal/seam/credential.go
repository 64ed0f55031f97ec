// Package seam is a small client for the parts of the Seam API that the
// Terraform provider needs. It knows nothing about Terraform: the provider
// package turns its values and errors into schema values and diagnostics.
package seam

import "strings"

// CredentialKind says which kind of Seam credential a token is, and so which
// headers go with it.
type CredentialKind int

const (
	// KindUnknown is a token whose prefix matches no known kind.
	KindUnknown CredentialKind = iota
	// KindAPIKey is a workspace API key (prefix "seam_").
	KindAPIKey
	// KindClientSessionToken is a client session token (prefix "seam_cst").
	KindClientSessionToken
	// KindPersonalAccessToken is a personal access token (prefix "seam_at"),
	// which also needs a workspace id.
	KindPersonalAccessToken
)

// String names the kind as a person would.
func (k CredentialKind) String() string {
	switch k {
	case KindAPIKey:
		return "API key"
	case KindClientSessionToken:
		return "client session token"
	case KindPersonalAccessToken:
		return "personal access token"
	default:
		return "unknown credential"
	}
}

// KindFromPrefix tells a token's kind from its prefix, the way Seam's SDKs
// do. The more specific prefixes are checked first because every Seam token
// starts with "seam_".
func KindFromPrefix(token string) CredentialKind {
	switch {
	case strings.HasPrefix(token, "seam_cst"):
		return KindClientSessionToken
	case strings.HasPrefix(token, "seam_at"):
		return KindPersonalAccessToken
	case strings.HasPrefix(token, "seam_"):
		return KindAPIKey
	default:
		return KindUnknown
	}
}

// Credential is the one credential a client sends with every request.
type Credential struct {
	Kind  CredentialKind
	Token string
	// WorkspaceID is sent as the seam-workspace header; required for a
	// personal access token, ignored otherwise.
	WorkspaceID string
}

// setHeaders puts the credential on a request's headers: always a bearer
// token, plus the header its kind requires.
func (c Credential) setHeaders(h headerSetter) {
	h.Set("Authorization", "Bearer "+c.Token)
	switch c.Kind {
	case KindClientSessionToken:
		h.Set("client-session-token", c.Token)
	case KindPersonalAccessToken:
		h.Set("seam-workspace", c.WorkspaceID)
	}
}

type headerSetter interface{ Set(key, value string) }
