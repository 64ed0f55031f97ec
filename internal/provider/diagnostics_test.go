package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/seamapi/terraform-provider-seam/internal/seam"
)

// TestAddAPIError_NotFoundTypes checks the summary named after Seam's
// *_not_found type, odd types included (a bare "_not_found" once panicked).
func TestAddAPIError_NotFoundTypes(t *testing.T) {
	for typ, want := range map[string]string{
		"device_not_found":          "Device not found",
		"acs_credential_not_found":  "Acs credential not found",
		"_not_found":                "Object not found",
		"action_attempts_not_found": "Action attempts not found",
	} {
		var diags diag.Diagnostics
		call := apiCall{doing: "listing action attempts", inputPath: path.Root("device_id")}
		addAPIError(context.Background(), &diags, call, &seam.APIError{StatusCode: 404, Type: typ, RequestID: "req_1"})
		if len(diags) != 1 || diags[0].Summary() != want {
			t.Errorf("%s: diagnostics %v, want one %q", typ, diags, want)
			continue
		}
		if !strings.Contains(diags[0].Detail(), "seam-request-id: req_1") {
			t.Errorf("%s: detail %q lacks the request id", typ, diags[0].Detail())
		}
	}
}
