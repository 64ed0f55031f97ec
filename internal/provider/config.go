package provider

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seamapi/terraform-provider-seam/internal/seam"
)

// Environment variables the provider reads, named as Seam's SDKs name them.
const (
	envAPIKey              = "SEAM_API_KEY"
	envPersonalAccessToken = "SEAM_PERSONAL_ACCESS_TOKEN"
	envClientSessionToken  = "SEAM_CLIENT_SESSION_TOKEN"
	envWorkspaceID         = "SEAM_WORKSPACE_ID"
	envEndpoint            = "SEAM_ENDPOINT"
	envAPIURL              = "SEAM_API_URL" // deprecated spelling of SEAM_ENDPOINT
)

// credentialSlot is one place a credential can be given: an attribute and
// the environment variable that stands in for it.
type credentialSlot struct {
	kind      seam.CredentialKind
	attribute string
	envVar    string
}

var credentialSlots = []credentialSlot{
	{seam.KindAPIKey, "api_key", envAPIKey},
	{seam.KindPersonalAccessToken, "personal_access_token", envPersonalAccessToken},
	{seam.KindClientSessionToken, "client_session_token", envClientSessionToken},
}

func slotFor(kind seam.CredentialKind) credentialSlot {
	for _, s := range credentialSlots {
		if s.kind == kind {
			return s
		}
	}
	return credentialSlot{}
}

// setting is a value and where it came from, so that diagnostics can name
// the attribute or environment variable (never the value).
type setting struct {
	value     string
	attribute string // set when the value came from the configuration
	envVar    string // set when it came from the environment
}

func (s setting) set() bool { return s.value != "" }

// source names where the value came from, for diagnostics.
func (s setting) source() string {
	if s.attribute != "" {
		return fmt.Sprintf("the %s attribute", s.attribute)
	}
	return fmt.Sprintf("the %s environment variable", s.envVar)
}

// addError attaches an error to the attribute when the value came from the
// configuration, so Terraform points at the line; otherwise it is general.
func (s setting) addError(diags *diag.Diagnostics, summary, detail string) {
	if s.attribute != "" {
		diags.AddAttributeError(path.Root(s.attribute), summary, detail)
		return
	}
	diags.AddError(summary, detail)
}

// clientSettings is the outcome of resolving the provider configuration
// against the environment.
type clientSettings struct {
	credential       seam.Credential
	credentialSource string
	endpoint         string
	maxRetries       int
	requestTimeout   time.Duration
}

// resolveSettings applies the configuration rules: a value in the
// configuration beats the environment, exactly one credential must result,
// its prefix must fit the slot it was given in, a personal access token
// needs a workspace, and the endpoint must be safe to send a credential to.
// getenv is os.Getenv outside tests.
func resolveSettings(config providerModel, getenv func(string) string) (clientSettings, diag.Diagnostics) {
	var diags diag.Diagnostics

	attrs := map[string]types.String{
		"api_key":               config.APIKey,
		"personal_access_token": config.PersonalAccessToken,
		"client_session_token":  config.ClientSessionToken,
		"workspace_id":          config.WorkspaceID,
		"endpoint":              config.Endpoint,
	}
	for _, name := range []string{"api_key", "personal_access_token", "client_session_token", "workspace_id", "endpoint"} {
		if attrs[name].IsUnknown() {
			diags.AddAttributeError(path.Root(name),
				fmt.Sprintf("Unknown value for the Seam provider's %s", name),
				fmt.Sprintf("The provider cannot connect to Seam because %s depends on a value that is not known until apply. "+
					"Set it to a value known at plan time, set the %s environment variable instead, "+
					"or first apply the resource it comes from with -target.", name, envVarFor(name)))
		}
	}
	if config.MaxRetries.IsUnknown() {
		diags.AddAttributeError(path.Root("max_retries"), "Unknown value for the Seam provider's max_retries",
			"The provider cannot connect to Seam because max_retries depends on a value that is not known until apply. "+
				"Set it to a value known at plan time, or leave it unset for the default.")
	}
	if config.RequestTimeout.IsUnknown() {
		diags.AddAttributeError(path.Root("request_timeout"), "Unknown value for the Seam provider's request_timeout",
			"The provider cannot connect to Seam because request_timeout depends on a value that is not known until apply. "+
				"Set it to a value known at plan time, or leave it unset for the default.")
	}
	if diags.HasError() {
		return clientSettings{}, diags
	}

	credential, ok := pickCredential(attrs, getenv, &diags)
	if !ok {
		return clientSettings{}, diags
	}
	settings := clientSettings{
		credential:       seam.Credential{Kind: credential.kind, Token: credential.value},
		credentialSource: credential.source(),
	}

	workspace := fromConfigOrEnv(attrs["workspace_id"], "workspace_id", getenv, envWorkspaceID)
	if credential.kind == seam.KindPersonalAccessToken {
		if !workspace.set() {
			diags.AddAttributeError(path.Root("workspace_id"),
				"Missing Seam workspace id",
				fmt.Sprintf("A personal access token (from %s) can reach several workspaces, so Seam needs to know which one to use. "+
					"Set workspace_id in the provider block or the %s environment variable to the workspace id.",
					credential.source(), envWorkspaceID))
		} else {
			checkHeaderValue(workspace, "Seam workspace id", &diags)
		}
		settings.credential.WorkspaceID = workspace.value
	} else if workspace.attribute != "" {
		diags.AddAttributeWarning(path.Root("workspace_id"),
			"workspace_id is ignored",
			fmt.Sprintf("workspace_id is only used with a personal access token; %s belongs to a single workspace already. Remove workspace_id to silence this warning.",
				credential.source()))
	}

	settings.endpoint = resolveEndpoint(attrs["endpoint"], getenv, &diags)

	// The schema's validators have checked these already; an invalid value
	// here would mean they did not run.
	settings.maxRetries = seam.DefaultMaxRetries
	if !config.MaxRetries.IsNull() {
		n, ok := maxRetriesRange.value(config.MaxRetries.ValueBigFloat())
		if !ok {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid number", "max_retries "+maxRetriesRange.Description(context.Background())+".")
		}
		settings.maxRetries = int(n)
	}
	settings.requestTimeout = seam.DefaultRequestTimeout
	if configured(config.RequestTimeout) {
		timeout, err := requestTimeoutRange.parse(config.RequestTimeout.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid duration",
				fmt.Sprintf("request_timeout %s: %v.", requestTimeoutRange.Description(context.Background()), err))
		}
		settings.requestTimeout = timeout
	}
	if diags.HasError() {
		return clientSettings{}, diags
	}
	return settings, diags
}

// resolvedCredential is the chosen credential with its slot and origin.
type resolvedCredential struct {
	setting
	kind seam.CredentialKind
}

// pickCredential finds the one credential: from the configuration when any
// is there (the environment is then ignored), else from the environment.
func pickCredential(attrs map[string]types.String, getenv func(string) string, diags *diag.Diagnostics) (resolvedCredential, bool) {
	var fromConfig, fromEnv []resolvedCredential
	for _, slot := range credentialSlots {
		if v := attrs[slot.attribute]; configured(v) {
			fromConfig = append(fromConfig, resolvedCredential{setting{value: v.ValueString(), attribute: slot.attribute}, slot.kind})
		}
		if v := getenv(slot.envVar); v != "" {
			fromEnv = append(fromEnv, resolvedCredential{setting{value: v, envVar: slot.envVar}, slot.kind})
		}
	}

	candidates := fromConfig
	switch {
	case len(fromConfig) > 1:
		diags.AddAttributeError(path.Root(fromConfig[1].attribute),
			"Conflicting Seam credentials",
			fmt.Sprintf("Both %s and %s are set in the provider configuration, but the provider uses exactly one credential. Remove one of them.",
				fromConfig[0].attribute, fromConfig[1].attribute))
		return resolvedCredential{}, false
	case len(fromConfig) == 0 && len(fromEnv) > 1:
		diags.AddError("Conflicting Seam credentials in the environment",
			fmt.Sprintf("Both %s and %s are set in the environment and the provider configuration sets no credential, so it is not clear which to use. "+
				"Unset one of the variables, or set the credential explicitly in the provider block.",
				fromEnv[0].envVar, fromEnv[1].envVar))
		return resolvedCredential{}, false
	case len(fromConfig) == 0 && len(fromEnv) == 0:
		diags.AddError("Missing Seam credential",
			"The provider needs one Seam credential. Set api_key, personal_access_token (with workspace_id) or client_session_token "+
				"in the provider block, or one of the environment variables SEAM_API_KEY, SEAM_PERSONAL_ACCESS_TOKEN (with SEAM_WORKSPACE_ID) "+
				"or SEAM_CLIENT_SESSION_TOKEN. API keys are created in the Seam Console.")
		return resolvedCredential{}, false
	case len(fromConfig) == 0:
		candidates = fromEnv
	}

	chosen := candidates[0]
	if !checkHeaderValue(chosen.setting, "Seam credential", diags) {
		return resolvedCredential{}, false
	}
	if actual := seam.KindFromPrefix(chosen.value); actual != seam.KindUnknown && actual != chosen.kind {
		belongs := slotFor(actual)
		chosen.addError(diags, "Seam credential given as the wrong kind",
			fmt.Sprintf("The value of %s looks like %s, not %s (its prefix says so). Set it as %s (or the %s environment variable) instead.",
				chosen.source(), withArticle(actual.String()), withArticle(chosen.kind.String()), belongs.attribute, belongs.envVar))
		return resolvedCredential{}, false
	}
	return chosen, true
}

// resolveEndpoint picks the endpoint (configuration, SEAM_ENDPOINT, the
// deprecated SEAM_API_URL, else Seam's production API) and checks it.
func resolveEndpoint(config types.String, getenv func(string) string, diags *diag.Diagnostics) string {
	endpoint := fromConfigOrEnv(config, "endpoint", getenv, envEndpoint)
	if !endpoint.set() {
		if legacy := getenv(envAPIURL); legacy != "" {
			endpoint = setting{value: legacy, envVar: envAPIURL}
			diags.AddWarning("SEAM_API_URL is deprecated",
				"The endpoint was read from SEAM_API_URL, which is deprecated. Rename the variable to SEAM_ENDPOINT.")
		}
	}
	if !endpoint.set() {
		return seam.DefaultEndpoint
	}
	u, err := seam.ParseEndpoint(endpoint.value)
	if err != nil {
		endpoint.addError(diags, "Invalid Seam endpoint",
			fmt.Sprintf("The endpoint from %s cannot be used: %s.", endpoint.source(), err))
		return ""
	}
	return u.String()
}

// configured reports whether an attribute holds a value. An empty string
// counts as unset, so that `api_key = var.key` with an empty default falls
// back to the environment like a missing attribute does.
func configured(v types.String) bool {
	return !v.IsNull() && !v.IsUnknown() && v.ValueString() != ""
}

// checkHeaderValue refuses a value that cannot be sent as it is in an HTTP
// header, with a message saying why; what is a mistake in the value should
// not look like a network failure later. It never quotes the value.
func checkHeaderValue(s setting, what string, diags *diag.Diagnostics) bool {
	switch {
	case strings.TrimSpace(s.value) == "":
		s.addError(diags, what+" is blank",
			fmt.Sprintf("The value of %s contains only white space. Set it to the real value, or leave it unset.", s.source()))
	case strings.TrimSpace(s.value) != s.value:
		s.addError(diags, what+" has surrounding white space",
			fmt.Sprintf("The value of %s starts or ends with white space, often a newline read from a file. Remove it, for example with trimspace(file(...)).",
				s.source()))
	case strings.ContainsFunc(s.value, unicode.IsControl):
		s.addError(diags, what+" contains a control character",
			fmt.Sprintf("The value of %s contains a line break, tab or other control character, which cannot be sent to Seam. Check how the value is produced.",
				s.source()))
	default:
		return true
	}
	return false
}

// fromConfigOrEnv returns the configured value when the attribute is set,
// else the environment variable's.
func fromConfigOrEnv(config types.String, attribute string, getenv func(string) string, envVar string) setting {
	if configured(config) {
		return setting{value: config.ValueString(), attribute: attribute}
	}
	return setting{value: getenv(envVar), envVar: envVar}
}

// envVarFor names the environment variable that stands in for an attribute.
func envVarFor(attribute string) string {
	switch attribute {
	case "workspace_id":
		return envWorkspaceID
	case "endpoint":
		return envEndpoint
	default:
		for _, s := range credentialSlots {
			if s.attribute == attribute {
				return s.envVar
			}
		}
	}
	return ""
}

// withArticle puts "a" or "an" before a noun phrase.
func withArticle(noun string) string {
	if noun != "" && strings.ContainsRune("aeiouAEIOU", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}
