package provider

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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

// actionAttemptID checks an action attempt id before any request: the API
// decides whether an id exists, but an empty one, or one with white space
// or control characters around or in it, is always a mistake in the
// configuration, and says so better here than as a 404.
type actionAttemptID struct{}

var _ validator.String = actionAttemptID{}

func (actionAttemptID) Description(context.Context) string {
	return "must be an action attempt id: not empty, without white space around it or control characters in it"
}

func (v actionAttemptID) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (actionAttemptID) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	id := req.ConfigValue.ValueString()
	switch {
	case strings.TrimSpace(id) == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Missing action attempt id",
			fmt.Sprintf("%s is empty or blank. Set it to the id of an action attempt, as returned by the Seam call that started the action.", req.Path))
	case strings.TrimSpace(id) != id:
		resp.Diagnostics.AddAttributeError(req.Path, "Action attempt id has surrounding white space",
			fmt.Sprintf("%s %s starts or ends with white space, so Seam would not find it. Remove the white space (trimspace() helps).", req.Path, quoteID(id)))
	case strings.ContainsFunc(id, unicode.IsControl):
		resp.Diagnostics.AddAttributeError(req.Path, "Action attempt id contains a control character",
			fmt.Sprintf("%s contains a line break, tab or other control character, so it cannot be an action attempt id. Check how the value is produced.", req.Path))
	}
}

// maxQuotedIDLength bounds how much of an id a diagnostic repeats: a
// mistaken value can be a whole file.
const maxQuotedIDLength = 80

// quoteID quotes an id for a diagnostic, cut short when it is very long.
func quoteID(id string) string {
	if utf8.RuneCountInString(id) <= maxQuotedIDLength {
		return fmt.Sprintf("%q", id)
	}
	runes := []rune(id)
	return fmt.Sprintf("%q… (%d characters in all)", string(runes[:maxQuotedIDLength]), len(runes))
}
