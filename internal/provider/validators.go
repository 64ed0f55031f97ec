package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// durationBetween checks a duration string such as "30s" or "2m" against
// a range, with one diagnostic that shows how to write it. An empty string
// is left alone: it means "unset" like a missing attribute.
type durationBetween struct {
	min, max time.Duration
}

var _ validator.String = durationBetween{}

func (v durationBetween) Description(context.Context) string {
	return fmt.Sprintf("must be a duration from %s to %s, such as \"30s\" or \"2m\"", shortDuration(v.min), shortDuration(v.max))
}

func (v durationBetween) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v durationBetween) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	if _, err := v.parse(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s is %q, but it %s (units: ms, s, m, h).", req.Path, req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}

// parse reads a duration and checks its range.
func (v durationBetween) parse(text string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(text))
	if err != nil {
		return 0, err
	}
	if d < v.min || d > v.max {
		return 0, fmt.Errorf("%s is outside %s to %s", shortDuration(d), shortDuration(v.min), shortDuration(v.max))
	}
	return d, nil
}

// wholeNumberBetween checks a number attribute holds a whole number in a
// range. (An Int64 attribute would refuse 1.5 itself, but with a message
// that calls it a bug in the provider.)
type wholeNumberBetween struct {
	min, max int64
}

var _ validator.Number = wholeNumberBetween{}

func (v wholeNumberBetween) Description(context.Context) string {
	return fmt.Sprintf("must be a whole number from %d to %d", v.min, v.max)
}

func (v wholeNumberBetween) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v wholeNumberBetween) ValidateNumber(ctx context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, ok := v.value(req.ConfigValue.ValueBigFloat()); !ok {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid number",
			fmt.Sprintf("%s is %s, but it %s.", req.Path, req.ConfigValue.ValueBigFloat().Text('g', 20), v.Description(ctx)))
	}
}

// value is f as an int64 when it is whole and in range.
func (v wholeNumberBetween) value(f *big.Float) (int64, bool) {
	if f == nil || !f.IsInt() {
		return 0, false
	}
	n, accuracy := f.Int64()
	if accuracy != big.Exact || n < v.min || n > v.max {
		return 0, false
	}
	return n, true
}

// idValue checks an id (of an action attempt, a device) before any
// request: the API decides whether an id exists, but an empty one, or one
// with white space around it or control characters in it, is always a
// mistake in the configuration, and says so better here than as a 404.
type idValue struct {
	// noun is what the id identifies, e.g. "action attempt".
	noun string
}

var _ validator.String = idValue{}

func (v idValue) Description(context.Context) string {
	return fmt.Sprintf("must be %s id: not empty, without white space around it or control characters in it", withArticle(v.noun))
}

func (v idValue) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v idValue) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	id := req.ConfigValue.ValueString()
	title := strings.ToUpper(v.noun[:1]) + v.noun[1:]
	switch {
	case strings.TrimSpace(id) == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Missing "+v.noun+" id",
			fmt.Sprintf("%s is empty or blank. Set it to the id of %s, as Seam returns it.", req.Path, withArticle(v.noun)))
	case strings.TrimSpace(id) != id:
		resp.Diagnostics.AddAttributeError(req.Path, title+" id has surrounding white space",
			fmt.Sprintf("%s %s starts or ends with white space, so Seam would not find it. Remove the white space (trimspace() helps).", req.Path, quoteID(id)))
	case strings.ContainsFunc(id, unicode.IsControl):
		resp.Diagnostics.AddAttributeError(req.Path, title+" id contains a control character",
			fmt.Sprintf("%s contains a line break, tab or other control character, so it cannot be %s id. Check how the value is produced.", req.Path, withArticle(v.noun)))
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
