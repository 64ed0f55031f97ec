// Package provider is the Terraform side of the Seam provider: the provider
// schema and configuration, and the data sources. HTTP is left to the seam
// package.
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seamapi/terraform-provider-seam/internal/seam"
)

var _ provider.Provider = (*seamProvider)(nil)

// The range request_timeout accepts: below a second nothing completes,
// and beyond ten minutes a hung connection would stall a run for too long.
var requestTimeoutRange = durationBetween{min: time.Second, max: 10 * time.Minute}

// The range max_retries accepts: with waits capped at 30 s, ten retries can
// already hold a read for five minutes.
var maxRetriesRange = wholeNumberBetween{min: 0, max: 10}

// seamProvider is the provider; version is set at build time.
type seamProvider struct {
	version string
	// getenv reads the environment; tests replace it.
	getenv func(string) string
}

// providerModel maps the provider block.
type providerModel struct {
	APIKey              types.String `tfsdk:"api_key"`
	PersonalAccessToken types.String `tfsdk:"personal_access_token"`
	WorkspaceID         types.String `tfsdk:"workspace_id"`
	ClientSessionToken  types.String `tfsdk:"client_session_token"`
	Endpoint            types.String `tfsdk:"endpoint"`
	MaxRetries          types.Number `tfsdk:"max_retries"`
	RequestTimeout      types.String `tfsdk:"request_timeout"`
}

// providerData is handed to every data source: one client for all reads,
// so that connections are pooled, and where its credential came from, for
// diagnostics.
type providerData struct {
	client           *seam.Client
	credentialSource string
	credentialKind   seam.CredentialKind
}

// providerConfigured reports whether a data source got the provider's data, with
// an error when it did not (Terraform always configures the provider before
// a read, so that would be a bug).
func providerConfigured(data *providerData, diags *diag.Diagnostics) bool {
	if data == nil {
		diags.AddError("Seam provider not configured",
			"The Seam provider was not configured before this data source was read. This is a bug in the provider; please report it.")
		return false
	}
	return true
}

// providerDataFrom takes the provider's data in a data source's Configure.
// Nil before the provider is configured (during validation); Read checks.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
}

// New returns a constructor for the provider, as providerserver.Serve wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &seamProvider{version: version, getenv: os.Getenv}
	}
}

func (p *seamProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "seam"
	resp.Version = p.version
}

func (p *seamProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads action attempts from the Seam API (smart locks, access control, thermostats). " +
			"Exactly one credential is used: api_key, personal_access_token with workspace_id, or client_session_token. " +
			"A value in the provider block beats the environment.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				Description: "A Seam API key (starts with `seam_`), created in the Seam Console for one workspace. " +
					"Defaults to the `SEAM_API_KEY` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"personal_access_token": schema.StringAttribute{
				Description: "A Seam personal access token (starts with `seam_at`). It can reach several workspaces, " +
					"so `workspace_id` is required with it. Defaults to the `SEAM_PERSONAL_ACCESS_TOKEN` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"workspace_id": schema.StringAttribute{
				Description: "The id of the Seam workspace to use with a personal access token; sent as the `seam-workspace` header. " +
					"Ignored (with a warning) for other credentials. Defaults to the `SEAM_WORKSPACE_ID` environment variable.",
				Optional: true,
			},
			"client_session_token": schema.StringAttribute{
				Description: "A Seam client session token (starts with `seam_cst`), which reaches only the resources of its user. " +
					"Defaults to the `SEAM_CLIENT_SESSION_TOKEN` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"endpoint": schema.StringAttribute{
				Description: "The base URL of the Seam API. Must be an absolute `https://` URL; `http://` is accepted only for " +
					"loopback hosts (127.0.0.0/8, ::1, localhost), for local fakes. Defaults to the `SEAM_ENDPOINT` environment variable, " +
					"then the deprecated `SEAM_API_URL`, then `" + seam.DefaultEndpoint + "`.",
				Optional: true,
			},
			"max_retries": schema.NumberAttribute{
				Description: fmt.Sprintf("How many times a request is tried again after a transient failure: a network error, "+
					"HTTP 429 (rate limited), 500, 502, 503 or 504. Waits grow exponentially from 200 ms with jitter, and follow "+
					"`Retry-After` when Seam sends it, up to 30s per wait. A whole number from %d to %d; 0 disables retries. Defaults to %d.",
					maxRetriesRange.min, maxRetriesRange.max, seam.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Number{maxRetriesRange},
			},
			"request_timeout": schema.StringAttribute{
				Description: fmt.Sprintf("How long one HTTP attempt may take, as a duration such as `\"30s\"` or `\"2m\"` "+
					"(%s to %s). Retries get the same time each. Defaults to `\"%s\"`.",
					shortDuration(requestTimeoutRange.min), shortDuration(requestTimeoutRange.max), shortDuration(seam.DefaultRequestTimeout)),
				Optional:   true,
				Validators: []validator.String{requestTimeoutRange},
			},
		},
	}
}

func (p *seamProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	settings, diags := resolveSettings(config, p.getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := seam.NewClient(seam.Config{
		Endpoint:       settings.endpoint,
		Credential:     settings.credential,
		UserAgent:      userAgent(p.version, req.TerraformVersion),
		RequestTimeout: settings.requestTimeout,
		MaxRetries:     settings.maxRetries,
		Logger:         tflogLogger{secrets: []string{settings.credential.Token}},
	})
	if err != nil {
		// resolveSettings checks everything NewClient does; this is a
		// guard against the two drifting apart.
		resp.Diagnostics.AddError("Could not set up the Seam client", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured the Seam client", map[string]any{
		"endpoint":          settings.endpoint,
		"credential_kind":   settings.credential.Kind.String(),
		"credential_source": settings.credentialSource,
		"max_retries":       settings.maxRetries,
		"request_timeout":   settings.requestTimeout.String(),
	})

	data := &providerData{client: client, credentialSource: settings.credentialSource, credentialKind: settings.credential.Kind}
	resp.DataSourceData = data
	resp.ResourceData = data
}

func (p *seamProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newActionAttemptDataSource,
		newActionAttemptsDataSource,
	}
}

func (p *seamProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}

// userAgent names the provider, its version and Terraform's, as HashiCorp's
// providers do, so that Seam can tell Terraform traffic apart.
func userAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-seam/%s (+https://registry.terraform.io/providers/seamapi/seam) Terraform/%s",
		providerVersion, terraformVersion)
}
