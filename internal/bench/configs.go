package bench

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Variant is one kind of configuration being timed.
type Variant string

const (
	// Seam is N data "seam_action_attempt" reads through this provider.
	Seam Variant = "seam"
	// HTTP is N data "http" reads through hashicorp/http v1.2.0 (SDKv1),
	// the peer provider.
	HTTP Variant = "http"
	// RemoteState is N data "terraform_remote_state" reads of a tiny local
	// state: Terraform core's own data-source path, with no plugin. It is
	// the baseline the ratios divide by.
	RemoteState Variant = "remote_state"
	// Locals is N plain locals: what Terraform costs with no data source.
	Locals Variant = "locals"
)

// Label is how a variant is named in the report.
func (v Variant) Label() string {
	switch v {
	case Seam:
		return "seam_action_attempt (this provider)"
	case HTTP:
		return "http v1.2.0 (SDKv1)"
	case RemoteState:
		return "terraform_remote_state (baseline)"
	case Locals:
		return "locals"
	}
	return string(v)
}

// ProviderBinary is the executable name of the plugin a variant runs, or ""
// when Terraform needs none.
func (v Variant) ProviderBinary() string {
	switch v {
	case Seam:
		return "terraform-provider-seam"
	case HTTP:
		return "terraform-provider-http"
	}
	return ""
}

// ParseVariants reads a comma-separated list.
func ParseVariants(s string) ([]Variant, error) {
	var out []Variant
	for _, name := range strings.Split(s, ",") {
		v := Variant(strings.TrimSpace(name))
		switch v {
		case Seam, HTTP, RemoteState, Locals:
			out = append(out, v)
		default:
			return nil, fmt.Errorf("unknown variant %q (want seam, http, remote_state or locals)", name)
		}
	}
	return out, nil
}

// tinyState is a local state with one output, read by every
// terraform_remote_state data source.
const tinyState = `{
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": 1,
  "lineage": "3f1e1b7c-0c5e-4b1e-9a47-6a1d2b0c9e11",
  "outputs": {
    "greeting": { "value": "hello", "type": "string" }
  },
  "resources": [],
  "check_results": null
}
`

// Config is the configuration of n reads of a variant against endpoint.
func Config(v Variant, n int, endpoint string) string {
	var b strings.Builder
	switch v {
	case Seam:
		fmt.Fprintf(&b, "terraform {\n  required_providers {\n    seam = { source = \"seamapi/seam\" }\n  }\n}\n\n")
		fmt.Fprintf(&b, "provider \"seam\" {\n  endpoint = %q\n}\n", endpoint)
		for i := range n {
			fmt.Fprintf(&b, "\ndata \"seam_action_attempt\" \"a%04d\" {\n  action_attempt_id = \"attempt-%04d\"\n}\n", i, i)
		}
	case HTTP:
		fmt.Fprintf(&b, "terraform {\n  required_providers {\n    http = { source = \"hashicorp/http\" }\n  }\n}\n")
		for i := range n {
			fmt.Fprintf(&b, "\ndata \"http\" \"h%04d\" {\n  url = \"%s/http/attempt-%04d\"\n}\n", i, endpoint, i)
		}
	case RemoteState:
		for i := range n {
			fmt.Fprintf(&b, "data \"terraform_remote_state\" \"r%04d\" {\n  backend = \"local\"\n  config = {\n    path = \"${path.module}/tiny.tfstate\"\n  }\n}\n\n", i)
		}
	case Locals:
		b.WriteString("locals {\n")
		for i := range n {
			fmt.Fprintf(&b, "  l%04d = \"value-%04d\"\n", i, i)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// WriteWorkspace writes a working directory for n reads of v.
func WriteWorkspace(dir string, v Variant, n int, endpoint string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(Config(v, n, endpoint)), 0o644); err != nil {
		return err
	}
	if v == RemoteState {
		return os.WriteFile(filepath.Join(dir, "tiny.tfstate"), []byte(tinyState), 0o644)
	}
	return nil
}

// CLIConfig is a Terraform CLI configuration that runs both providers from
// their shim directories through dev_overrides: no `terraform init`, no
// registry.
func CLIConfig(seamDir, httpDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/seamapi/seam"   = %q
    "registry.terraform.io/hashicorp/http" = %q
  }
  direct {}
}
`, seamDir, httpDir)
}
