package provider

import (
	"context"
	"reflect"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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
	// Read sets the state from attributes(), so it must name every one.
	if got, want := sortedKeys((&actionAttemptModel{}).attributes()), sortedKeys(resp.Schema.Attributes); !reflect.DeepEqual(got, want) {
		t.Errorf("attributes() names %v, schema attributes %v", got, want)
	}
	// The error object is built from actionAttemptErrorAttrTypes in Read.
	wantErrorType := types.ObjectType{AttrTypes: actionAttemptErrorAttrTypes}
	if got := resp.Schema.Attributes["error"].GetType(); !got.Equal(wantErrorType) {
		t.Errorf("error attribute type %v, want %v", got, wantErrorType)
	}
}

func TestActionAttemptsModel_MatchesSchema(t *testing.T) {
	var resp datasource.SchemaResponse
	newActionAttemptsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("invalid schema: %v", diags)
	}
	if got, want := tfsdkTags(actionAttemptsModel{}), sortedKeys(resp.Schema.Attributes); !reflect.DeepEqual(got, want) {
		t.Errorf("model fields %v, schema attributes %v", got, want)
	}
	// Each element is built from listedAttemptAttrTypes in Read.
	want := types.ListType{ElemType: types.ObjectType{AttrTypes: listedAttemptAttrTypes}}
	if got := resp.Schema.Attributes["action_attempts"].GetType(); !got.Equal(want) {
		t.Errorf("action_attempts type %v, want %v", got, want)
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
	for _, newDataSource := range (&seamProvider{}).DataSources(context.Background()) {
		ds := newDataSource()
		var meta datasource.MetadataResponse
		ds.Metadata(context.Background(), datasource.MetadataRequest{ProviderTypeName: "seam"}, &meta)
		var d datasource.SchemaResponse
		ds.Schema(context.Background(), datasource.SchemaRequest{}, &d)
		if d.Schema.Description == "" {
			t.Errorf("%s has no description", meta.TypeName)
		}
		checkDescribed(t, meta.TypeName, d.Schema.Attributes)
	}
}

// checkDescribed fails for every attribute without a description, nested
// ones included: the registry docs are generated from them.
func checkDescribed(t *testing.T, prefix string, attrs map[string]dsschema.Attribute) {
	t.Helper()
	for name, a := range attrs {
		if a.GetDescription() == "" {
			t.Errorf("%s.%s has no description", prefix, name)
		}
		switch nested := a.(type) {
		case dsschema.SingleNestedAttribute:
			checkDescribed(t, prefix+"."+name, nested.Attributes)
		case dsschema.ListNestedAttribute:
			checkDescribed(t, prefix+"."+name, nested.NestedObject.Attributes)
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
	var list datasource.SchemaResponse
	newActionAttemptsDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &list)
	listed, ok := list.Schema.Attributes["action_attempts"].(dsschema.ListNestedAttribute)
	if !ok || !listed.NestedObject.Attributes["result_json"].IsSensitive() {
		t.Error("seam_action_attempts action_attempts[*].result_json is not sensitive")
	}
}
