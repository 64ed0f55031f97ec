package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/seamapi/terraform-provider-seam/internal/seam"
)

// tflogLogger passes the Seam client's log lines to tflog, so they follow
// TF_LOG / TF_LOG_PROVIDER like the rest of the provider's logs. Every line
// is masked for the credential, as a second line of defence: the client
// never puts it in a field on purpose.
type tflogLogger struct {
	secrets []string
}

var _ seam.Logger = tflogLogger{}

func (l tflogLogger) mask(ctx context.Context) context.Context {
	ctx = tflog.MaskMessageStrings(ctx, l.secrets...)
	return tflog.MaskAllFieldValuesStrings(ctx, l.secrets...)
}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(l.mask(ctx), msg, fields)
}

func (l tflogLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(l.mask(ctx), msg, fields)
}
