package provider

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// tfsdkTags lists the tfsdk tags of a model struct.
func tfsdkTags(model any) []string {
	var tags []string
	typ := reflect.TypeOf(model)
	for i := 0; i < typ.NumField(); i++ {
		if tag := typ.Field(i).Tag.Get("tfsdk"); tag != "" {
			tags = append(tags, tag)
		}
	}
	sort.Strings(tags)
	return tags
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// The models and schemas are written separately; these tests keep them from
// drifting apart (a mismatch is otherwise only found at run time).
func TestProviderModel_MatchesSchema(t *testing.T) {
	var resp provider.SchemaResponse
	(&seamProvider{}).Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("invalid schema: %v", diags)
	}
	if got, want := tfsdkTags(providerModel{}), sortedKeys(resp.Schema.Attributes); !reflect.DeepEqual(got, want) {
		t.Errorf("model fields %v, schema attributes %v", got, want)
	}
}

func TestActionAttemptModel_MatchesSchema(t *testing.T) {
	var resp datasource.SchemaResponse
	newActionAttemptDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("invalid schema: %v", diags)
	}
	if got, want := tfsdkTags(actionAttemptModel{}), sortedKeys(resp.Schema.Attributes); !reflect.DeepEqual(got, want) {
		t.Errorf("model fields %v, schema attributes %v", got, want)
	}
	// The error object is built from actionAttemptErrorAttrTypes in Read.
	wantErrorType := types.ObjectType{AttrTypes: actionAttemptErrorAttrTypes}
	if got := resp.Schema.Attributes["error"].GetType(); !got.Equal(wantErrorType) {
		t.Errorf("error attribute type %v, want %v", got, wantErrorType)
	}
}

func TestSchemas_EveryAttributeDescribed(t *testing.T) {
	var p provider.SchemaResponse
	(&seamProvider{}).Schema(context.Background(), provider.SchemaRequest{}, &p)
	for name, a := range p.Schema.Attributes {
		if a.GetDescription() == "" {
			t.Errorf("provider attribute %s has no description", name)
		}
	}
	var d datasource.SchemaResponse
	newActionAttemptDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &d)
	for name, a := range d.Schema.Attributes {
		if a.GetDescription() == "" {
			t.Errorf("seam_action_attempt attribute %s has no description", name)
		}
	}
}

func TestSchemas_CredentialsAndResultsSensitive(t *testing.T) {
	var p provider.SchemaResponse
	(&seamProvider{}).Schema(context.Background(), provider.SchemaRequest{}, &p)
	for _, name := range []string{"api_key", "personal_access_token", "client_session_token"} {
		if !p.Schema.Attributes[name].IsSensitive() {
			t.Errorf("provider attribute %s is not sensitive", name)
		}
	}
	var d datasource.SchemaResponse
	newActionAttemptDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &d)
	for _, name := range []string{"result", "result_json"} {
		if !d.Schema.Attributes[name].IsSensitive() {
			t.Errorf("seam_action_attempt attribute %s is not sensitive", name)
		}
	}
}
