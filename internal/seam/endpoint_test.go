package seam

import (
	"strings"
	"testing"
)

func TestParseEndpoint_Accepted(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{"default endpoint", "https://connect.getseam.com", "https://connect.getseam.com"},
		{"https trailing slash trimmed", "https://connect.getseam.com/", "https://connect.getseam.com"},
		{"https several trailing slashes trimmed", "https://connect.getseam.com///", "https://connect.getseam.com"},
		{"surrounding white space trimmed", " \thttps://connect.getseam.com/\n", "https://connect.getseam.com"},
		{"upper-case scheme lowered", "HTTPS://connect.getseam.com", "https://connect.getseam.com"},
		{"https with port", "https://connect.getseam.com:8443", "https://connect.getseam.com:8443"},
		{"https with path prefix, trailing slash trimmed", "https://proxy.example.com/seam/", "https://proxy.example.com/seam"},
		{"https to a private address is fine", "https://10.0.0.1", "https://10.0.0.1"},
		{"http loopback with port", "http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http loopback with port and slash", "http://127.0.0.1:8080/", "http://127.0.0.1:8080"},
		{"http loopback with path prefix", "http://127.0.0.1:8080/proxy/", "http://127.0.0.1:8080/proxy"},
		{"http localhost", "http://localhost", "http://localhost"},
		{"http localhost any case", "http://LocalHost:3000", "http://LocalHost:3000"},
		{"http ipv6 loopback", "http://[::1]:1", "http://[::1]:1"},
		{"http whole 127/8 is loopback", "http://127.5.6.7", "http://127.5.6.7"},
		{"upper-case HTTP scheme lowered", "HTTP://127.0.0.1:9", "http://127.0.0.1:9"},
		{"highest port", "https://connect.getseam.com:65535", "https://connect.getseam.com:65535"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseEndpoint(tt.raw)
			if err != nil {
				t.Fatalf("ParseEndpoint(%q) error = %v, want nil", tt.raw, err)
			}
			if got := u.String(); got != tt.want {
				t.Errorf("ParseEndpoint(%q) = %q, want %q", tt.raw, got, tt.want)
			}
			if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
				t.Errorf("ParseEndpoint(%q) kept query/fragment/user: %#v", tt.raw, u)
			}
		})
	}
}

func TestParseEndpoint_Refused(t *testing.T) {
	tests := []struct {
		name       string
		raw        string
		wantSubstr []string // every one must be in the error text
		notSubstr  []string // none may be in the error text
	}{
		// http to anything but loopback would send the token in clear text.
		{"http public host", "http://example.com", []string{`"http://example.com"`, "clear text", "https"}, nil},
		{"http private 10/8", "http://10.0.0.1", []string{"clear text"}, nil},
		{"http private 192.168/16", "http://192.168.1.1:8080", []string{"clear text"}, nil},
		{"http unspecified 0.0.0.0", "http://0.0.0.0:8080", []string{"clear text"}, nil},
		{"http ipv6 non-loopback", "http://[::2]:80", []string{"clear text"}, nil},
		{"http localhost subdomain trick", "http://localhost.example.com", []string{"clear text"}, nil},
		{"http name resolving to loopback is not trusted", "http://127.0.0.1.nip.io", []string{"clear text"}, nil},
		{"http default endpoint", "http://connect.getseam.com", []string{"clear text"}, nil},

		{"ftp scheme", "ftp://connect.getseam.com", []string{`scheme "ftp"`, "must use https"}, nil},
		{"ws scheme", "ws://127.0.0.1:1", []string{`scheme "ws"`}, nil},

		{"relative host only", "connect.getseam.com", []string{"the endpoint is not an absolute URL", DefaultEndpoint}, nil},
		{"a key put in the endpoint", "seam_live_SECRETKEY123", []string{"not an absolute URL"}, []string{"SECRET"}},
		{"relative path", "/action_attempts", []string{"not an absolute URL"}, nil},
		{"scheme without host", "https:///path", []string{"not an absolute URL"}, nil},
		{"opaque https", "https:connect.getseam.com", []string{"not an absolute URL"}, nil},

		{"empty", "", []string{"the endpoint is empty", DefaultEndpoint}, nil},
		{"blank", "   ", []string{"the endpoint is empty"}, nil},
		{"white space only", "\t\r\n", []string{"the endpoint is empty"}, nil},

		{"user and password", "https://admin:hunter2@connect.getseam.com", []string{"user information"}, []string{"hunter2"}},
		{"user and password on loopback http", "http://admin:hunter2@127.0.0.1:8080", []string{"user information"}, []string{"hunter2"}},
		{"user only", "https://admin@connect.getseam.com", []string{"user information"}, nil},

		{"query", "https://connect.getseam.com/?x=1", []string{"query or fragment"}, nil},
		{"query without slash", "https://connect.getseam.com?x=1", []string{"query or fragment"}, nil},
		{"fragment", "https://connect.getseam.com/#frag", []string{"query or fragment"}, nil},
		{"query and user info reports user info, never the password", "https://u:hunter2@connect.getseam.com/?x=1", []string{"user information"}, []string{"hunter2"}},

		{"port out of range", "https://connect.getseam.com:99999", []string{`invalid port "99999"`}, nil},
		{"port out of range on loopback", "http://127.0.0.1:65536", []string{`invalid port "65536"`}, nil},
		{"non-numeric port", "https://connect.getseam.com:abc", []string{"not a valid URL", "invalid port"}, nil},

		{"malformed ipv6 host", "http://[::1", []string{"the endpoint is not a valid URL: missing ']' in host"}, []string{"http://[::1"}},
		{"malformed with password", "http://admin:hunter2@[::1", []string{"user information"}, []string{"hunter2", "admin"}},
		{"bad escape with password", "https://admin:hunter2@connect.getseam.com/%zz", []string{"user information"}, []string{"hunter2"}},
		{"bad escape", "https://connect.getseam.com/%zz", []string{"not a valid URL"}, nil},
		{"token in the query of a relative URL", "connect.getseam.com?api_key=seam_SECRET", []string{"not an absolute URL"}, []string{"SECRET"}},
		{"token in the query", "https://connect.getseam.com/?api_key=seam_SECRET", []string{"query"}, []string{"SECRET"}},
		{"empty query", "https://connect.getseam.com/?", []string{"query"}, nil},
		{"port zero", "https://connect.getseam.com:0", []string{"invalid port"}, nil},
		{"control character", "https://connect.getseam.com/\x7f", []string{"not a valid URL"}, nil},
		{"missing scheme with port", "127.0.0.1:8080", []string{"not a valid URL"}, []string{"127.0.0.1:8080"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := ParseEndpoint(tt.raw)
			if err == nil {
				t.Fatalf("ParseEndpoint(%q) = %v, want an error", tt.raw, u)
			}
			if u != nil {
				t.Errorf("ParseEndpoint(%q) returned URL %v alongside error", tt.raw, u)
			}
			msg := err.Error()
			for _, s := range tt.wantSubstr {
				if !strings.Contains(msg, s) {
					t.Errorf("error %q does not contain %q", msg, s)
				}
			}
			for _, s := range tt.notSubstr {
				if strings.Contains(msg, s) {
					t.Errorf("error %q contains %q, which it must not echo", msg, s)
				}
			}
		})
	}
}

// TestParseEndpoint_ExactMessages pins the wording a person sees for the
// most common mistakes.
func TestParseEndpoint_ExactMessages(t *testing.T) {
	tests := []struct {
		raw  string
		want string
	}{
		{"", "the endpoint is empty; leave it unset to use https://connect.getseam.com"},
		{"http://example.com", `"http://example.com" uses http, which would send the Seam credential in clear text; use https (http is allowed only for loopback hosts such as 127.0.0.1 and localhost)`},
		{"ftp://x.example", `"ftp://x.example" has scheme "ftp"; the endpoint must use https`},
		{"https://u:p@x.example", "the endpoint must not contain user information (user:password@); configure a credential attribute instead"},
		{"https://x.example/?a=b", `"https://x.example/" has a query or fragment; the endpoint must be a base URL such as https://connect.getseam.com`},
		{"connect.getseam.com", "the endpoint is not an absolute URL (it needs a scheme and a host); write it like https://connect.getseam.com"},
		{"http://[::1", "the endpoint is not a valid URL: missing ']' in host"},
	}
	for _, tt := range tests {
		_, err := ParseEndpoint(tt.raw)
		if err == nil {
			t.Errorf("ParseEndpoint(%q) succeeded, want %q", tt.raw, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseEndpoint(%q) error\n got %q\nwant %q", tt.raw, err.Error(), tt.want)
		}
	}
}

// TestParseEndpoint_SchemeLessUserInfo_PasswordNotEchoed: text without a
// scheme but with user info is refused as "not absolute", and that message
// quotes the raw input, password included.
func TestParseEndpoint_SchemeLessUserInfo_PasswordNotEchoed(t *testing.T) {
	for _, raw := range []string{
		"admin:hunter2@connect.getseam.com",
		"//admin:hunter2@connect.getseam.com",
	} {
		_, err := ParseEndpoint(raw)
		if err == nil {
			t.Fatalf("ParseEndpoint(%q) succeeded, want an error", raw)
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("ParseEndpoint(%q) error %q echoes the password", raw, err.Error())
		}
	}
}

// TestParseEndpoint_EmptyHostWithPort_Refused: "https://:443" has a Host
// (":443") but no host name, so the "u.Host == """ check lets it through.
func TestParseEndpoint_EmptyHostWithPort_Refused(t *testing.T) {
	for _, raw := range []string{"https://:443", "https://:8443/path"} {
		if u, err := ParseEndpoint(raw); err == nil {
			t.Errorf("ParseEndpoint(%q) = %q, want an error (no host name)", raw, u)
		}
	}
}
