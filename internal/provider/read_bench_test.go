package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/seamapi/terraform-provider-seam/internal/rpcctx"
)

// BenchmarkReadDataSource is one `data "seam_action_attempt"` read as
// Terraform asks for it, minus gRPC: the protocol-6 ReadDataSource of the
// framework server main.go serves (with rpcctx.Wrap), the Seam client and a
// loopback answer. It is what each of N data sources costs the provider
// process (`make bench` runs it).
func BenchmarkReadDataSource(b *testing.B) {
	const key = "seam_benchkey_0123456789"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("seam-request-id", "req_bench")
		_, _ = w.Write([]byte(`{"action_attempt":{"action_attempt_id":"attempt-1","action_type":"UNLOCK_DOOR",` +
			`"status":"success","result":{"was_confirmed_by_device":true},"error":null},"ok":true}`))
	}))
	b.Cleanup(srv.Close)

	ctx := context.Background()
	server := rpcctx.Wrap(providerserver.NewProtocol6(New("bench")())())
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || hasError(schemas.Diagnostics) {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	providerConfig := objectWith(b, schemas.Provider.ValueType(), map[string]string{"endpoint": srv.URL, "api_key": key})
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: providerConfig})
	if err != nil || hasError(configured.Diagnostics) {
		b.Fatalf("ConfigureProvider: %v %v", err, diagnosticsText(configured.Diagnostics))
	}
	const typeName = "seam_action_attempt"
	dataSource, ok := schemas.DataSourceSchemas[typeName]
	if !ok {
		b.Fatalf("no %s schema", typeName)
	}
	req := &tfprotov6.ReadDataSourceRequest{
		TypeName: typeName,
		Config:   objectWith(b, dataSource.ValueType(), map[string]string{"action_attempt_id": "attempt-1"}),
	}

	b.ReportAllocs()
	for b.Loop() {
		resp, err := server.ReadDataSource(ctx, req)
		if err != nil || hasError(resp.Diagnostics) {
			b.Fatalf("ReadDataSource: %v %v", err, diagnosticsText(resp.Diagnostics))
		}
	}
}

// objectWith is a configuration of an object type: the given string
// attributes set, every other attribute null.
func objectWith(b *testing.B, typ tftypes.Type, strings map[string]string) *tfprotov6.DynamicValue {
	b.Helper()
	object, ok := typ.(tftypes.Object)
	if !ok {
		b.Fatalf("%s is not an object type", typ)
	}
	values := map[string]tftypes.Value{}
	for name, attrType := range object.AttributeTypes {
		values[name] = tftypes.NewValue(attrType, nil)
		if s, ok := strings[name]; ok {
			values[name] = tftypes.NewValue(tftypes.String, s)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(object, tftypes.NewValue(object, values))
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

func hasError(diags []*tfprotov6.Diagnostic) bool {
	for _, d := range diags {
		if d != nil && d.Severity == tfprotov6.DiagnosticSeverityError {
			return true
		}
	}
	return false
}

func diagnosticsText(diags []*tfprotov6.Diagnostic) string {
	var s string
	for _, d := range diags {
		if d != nil {
			s += d.Summary + ": " + d.Detail + "\n"
		}
	}
	return s
}
