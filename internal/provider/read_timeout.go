package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// defaultReadTimeout bounds a read, waiting or paging included, when
// timeouts.read is not set. Seam's SDKs wait 5 to 10 seconds, too short
// for a card encoder that waits for someone to present a card; an hour
// would leave a stuck attempt holding a Terraform run (and its state lock)
// for far too long.
const defaultReadTimeout = 5 * time.Minute

// readTimeoutRange is what timeouts.read accepts: under a second no read
// completes, and a day is far beyond any action.
var readTimeoutRange = durationBetween{min: time.Second, max: 24 * time.Hour}

// readTimeoutAttribute is the `timeouts = { read = "…" }` attribute of
// both data sources.
func readTimeoutAttribute(ctx context.Context, what string) (schema.SingleNestedAttribute, error) {
	attribute, ok := timeouts.AttributesWithOpts(ctx, timeouts.Opts{
		ReadDescription: fmt.Sprintf("How long the read may take, %s, as a duration such as `\"30s\"` or `\"10m\"` (%s to %s). "+
			"Defaults to `\"%s\"`.", what, shortDuration(readTimeoutRange.min), shortDuration(readTimeoutRange.max), shortDuration(defaultReadTimeout)),
	}).(schema.SingleNestedAttribute)
	if !ok {
		return schema.SingleNestedAttribute{}, fmt.Errorf("the timeouts attribute has an unexpected type")
	}
	attribute.Description = "Time limits for this data source (`read`)."
	return attribute, nil
}

// validateReadTimeout checks the range of timeouts.read at plan time. The
// timeouts module checks only that it parses (and reports it when not).
func validateReadTimeout(t timeouts.Value, diags *diag.Diagnostics) {
	if t.IsNull() || t.IsUnknown() {
		return
	}
	read, ok := t.Attributes()["read"].(types.String)
	if !ok || read.IsNull() || read.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(read.ValueString())
	if err != nil {
		return // already reported by the timeouts module
	}
	if d < readTimeoutRange.min || d > readTimeoutRange.max {
		diags.AddAttributeError(path.Root("timeouts").AtName("read"), "Invalid read timeout",
			fmt.Sprintf("timeouts.read is %q, but it %s.", read.ValueString(), readTimeoutRange.Description(context.Background())))
	}
}

// withReadTimeout bounds ctx by timeouts.read (or the default).
func withReadTimeout(ctx context.Context, t timeouts.Value, diags *diag.Diagnostics) (context.Context, context.CancelFunc, time.Duration) {
	timeout, d := t.Read(ctx, defaultReadTimeout)
	diags.Append(d...)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	return ctx, cancel, timeout
}
