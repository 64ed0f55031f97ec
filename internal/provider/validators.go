package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// durationBetween checks a Go duration string (timetypes.GoDuration has
// already checked that it parses) against a range.
type durationBetween struct {
	min, max time.Duration
}

var _ validator.String = durationBetween{}

func (v durationBetween) Description(context.Context) string {
	return fmt.Sprintf("must be a duration from %s to %s", v.min, v.max)
}

func (v durationBetween) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v durationBetween) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value, diags := timetypes.NewGoDurationValueFromString(req.ConfigValue.ValueString())
	if diags.HasError() {
		return // the type's own validation reports the syntax error
	}
	d, diags := value.ValueGoDuration()
	if diags.HasError() {
		return
	}
	if d < v.min || d > v.max {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s is %q, but it %s, written like \"30s\" or \"2m\".", req.Path, req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}
