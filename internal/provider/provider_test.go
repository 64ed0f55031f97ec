package provider

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// Credentials the test fake accepts. They follow Seam's prefixes, so the
// provider's prefix checks see them as the kinds they are.
const (
	testAPIKey              = "seam_testkey_0123456789abcdef"
	testPersonalAccessToken = "seam_at_testpat_0123456789abcdef"
	testClientSessionToken  = "seam_cst_testcst_0123456789abcdef"
	testWorkspaceID         = "workspace_test_1"
)

// testFake starts a fake Seam API on 127.0.0.1 that accepts the test
// credentials, and stops it when the test ends.
func testFake(t *testing.T) (*fakeseam.Fake, string) {
	t.Helper()
	fake := fakeseam.New()
	fake.AddAPIKey(testAPIKey)
	fake.AddPersonalAccessToken(testPersonalAccessToken, testWorkspaceID)
	fake.AddClientSessionToken(testClientSessionToken)
	server := httptest.NewServer(fake)
	t.Cleanup(server.Close)
	return fake, server.URL
}

// factories serves the provider in-process with env as its whole
// environment, so tests do not depend on (or leak into) the real one and can
// run in parallel.
func factories(env map[string]string) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"seam": providerserver.NewProtocol6WithError(&seamProvider{
			version: "test",
			getenv:  func(name string) string { return env[name] },
		}),
	}
}

// providerBlock writes a provider "seam" block with the given attributes
// (already HCL-quoted where needed).
func providerBlock(attrs map[string]string) string {
	var b strings.Builder
	b.WriteString("provider \"seam\" {\n")
	for _, name := range []string{"api_key", "personal_access_token", "client_session_token", "workspace_id", "endpoint"} {
		if v, ok := attrs[name]; ok {
			fmt.Fprintf(&b, "  %s = %s\n", name, v)
		}
	}
	b.WriteString("}\n")
	return b.String()
}

// apiKeyConfig is a provider block with the test API key and the fake's
// endpoint, followed by body.
func apiKeyConfig(endpoint, body string) string {
	return providerBlock(map[string]string{
		"api_key":  fmt.Sprintf("%q", testAPIKey),
		"endpoint": fmt.Sprintf("%q", endpoint),
	}) + body
}

// attemptBlock reads one attempt as data.seam_action_attempt.test.
func attemptBlock(id string) string {
	return fmt.Sprintf("data \"seam_action_attempt\" \"test\" {\n  action_attempt_id = %q\n}\n", id)
}

// errorRegexp builds a regexp for ExpectError that tolerates Terraform's
// line wrapping: every space in the phrase matches any run of white space
// and the box-drawing bars Terraform puts at the start of diagnostic lines,
// and a ".*" word skips any text, across lines.
func errorRegexp(phrase string) *regexp.Regexp {
	parts := strings.Fields(phrase)
	for i, p := range parts {
		if p == ".*" {
			parts[i] = ".*?"
			continue
		}
		parts[i] = regexp.QuoteMeta(p)
	}
	pattern := strings.Join(parts, `[\s│]+`)
	pattern = strings.ReplaceAll(pattern, `[\s│]+.*?[\s│]+`, `.*?`)
	return regexp.MustCompile(`(?s)` + pattern)
}
