package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/seamapi/terraform-provider-seam/internal/seam"
)

var (
	_ datasource.DataSource                   = (*actionAttemptDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*actionAttemptDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*actionAttemptDataSource)(nil)
)

// actionAttemptErrorAttrTypes is the shape of the error attribute.
var actionAttemptErrorAttrTypes = map[string]attr.Type{
	"type":    types.StringType,
	"message": types.StringType,
}

// actionAttemptDataSource is data "seam_action_attempt".
type actionAttemptDataSource struct {
	data *providerData
}

// actionAttemptModel maps the data source's schema.
type actionAttemptModel struct {
	ActionAttemptID   types.String         `tfsdk:"action_attempt_id"`
	WaitForCompletion types.Bool           `tfsdk:"wait_for_completion"`
	Timeouts          timeouts.Value       `tfsdk:"timeouts"`
	ActionType        types.String         `tfsdk:"action_type"`
	Status            types.String         `tfsdk:"status"`
	Error             types.Object         `tfsdk:"error"`
	Result            types.Dynamic        `tfsdk:"result"`
	ResultJSON        jsontypes.Normalized `tfsdk:"result_json"`
}

func newActionAttemptDataSource() datasource.DataSource {
	return &actionAttemptDataSource{}
}

func (d *actionAttemptDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_action_attempt"
}

func (d *actionAttemptDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	timeoutsAttribute, err := readTimeoutAttribute(ctx, "waiting included")
	if err != nil {
		resp.Diagnostics.AddError("Provider bug", err.Error()+"; please report this.")
		return
	}
	resp.Schema = schema.Schema{
		Description: "Reads one Seam action attempt: the record Seam keeps of an action such as unlocking a door, " +
			"encoding a credential or setting a thermostat, and whether it happened.",
		Attributes: map[string]schema.Attribute{
			"action_attempt_id": schema.StringAttribute{
				Description: "The id of the action attempt, as returned by the Seam call that started the action.",
				Required:    true,
				Validators: []validator.String{
					idValue{noun: "action attempt"},
				},
			},
			"wait_for_completion": schema.BoolAttribute{
				Description: "When true, the read polls Seam until `status` is no longer `pending` (the first poll at once, " +
					"then after 250 ms and 500 ms, then every second), bounded by `timeouts.read`. A finished attempt, failed ones included, " +
					"is written to state as usual: check `status` with a `postcondition`. Defaults to false: one read, " +
					"whatever the status.",
				Optional: true,
			},
			"timeouts": timeoutsAttribute,
			"action_type": schema.StringAttribute{
				Description: "What the action was, such as `UNLOCK_DOOR`, `LOCK_DOOR` or `ENCODE_CREDENTIAL`. " +
					"Seam adds types over time, so treat this as an open set.",
				Computed: true,
			},
			"status": schema.StringAttribute{
				Description: "`pending` while the action is under way, then `success` or `error`. " +
					"Other values may appear in later API versions.",
				Computed: true,
			},
			"error": attemptErrorAttribute(),
			"result": schema.DynamicAttribute{
				Description: "The action's result as a native value (objects, lists, numbers kept exact); its shape depends on " +
					"`action_type`. Null when Seam gives no result (while pending, after an error, and for some actions). " +
					"Sensitive, because results of credential and access-code actions can hold PIN codes and card data.",
				Computed:  true,
				Sensitive: true,
			},
			"result_json": schema.StringAttribute{
				Description: "The action's result as normalized JSON, for `jsondecode()`; null when Seam gives no result. " +
					"Sensitive, like `result`.",
				Computed:   true,
				Sensitive:  true,
				CustomType: jsontypes.NormalizedType{},
			},
		},
	}
}

func (d *actionAttemptDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var t timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	validateReadTimeout(t, &resp.Diagnostics)
}

func (d *actionAttemptDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *actionAttemptDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	// The three inputs are read one by one rather than with Config.Get:
	// the framework's struct mapping compiles a regexp for every field on
	// every call, which at hundreds of data sources is a measurable share
	// of a plan (BENCHMARKS.md).
	var state actionAttemptModel
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("action_attempt_id"), &state.ActionAttemptID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("wait_for_completion"), &state.WaitForCompletion)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &state.Timeouts)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !providerConfigured(d.data, &resp.Diagnostics) {
		return
	}

	ctx, cancel, readTimeout := withReadTimeout(ctx, state.Timeouts, &resp.Diagnostics)
	defer cancel()
	if resp.Diagnostics.HasError() {
		return
	}

	id := state.ActionAttemptID.ValueString()
	var attempt *seam.ActionAttempt
	var err error
	if state.WaitForCompletion.ValueBool() {
		attempt, err = d.data.client.WaitForActionAttempt(ctx, id)
	} else {
		attempt, err = d.data.client.GetActionAttempt(ctx, id)
	}
	if err != nil {
		addAPIError(ctx, &resp.Diagnostics, apiCall{
			doing:           "reading action attempt " + quoteID(id),
			inputPath:       path.Root("action_attempt_id"),
			notFoundSummary: "Action attempt not found",
			notFoundDetail: fmt.Sprintf("Seam has no action attempt with id %s that this credential can see. "+
				"Check the id, and that the credential belongs to the workspace where the action ran.", quoteID(id)),
			credentialSource: d.data.credentialSource,
			timeout:          readTimeout,
		}, err)
		return
	}

	resp.Diagnostics.Append(state.fill(ctx, attempt)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Set as one object value, for the same reason as above.
	objectType, ok := resp.State.Schema.Type().(types.ObjectType)
	if !ok {
		resp.Diagnostics.AddError("Provider bug", "The data source schema is not an object type; please report this.")
		return
	}
	object, diags := types.ObjectValue(objectType.AttrTypes, state.attributes())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, object)...)
}

// attributes is the model by attribute name, as the state object holds it.
func (m *actionAttemptModel) attributes() map[string]attr.Value {
	return map[string]attr.Value{
		"action_attempt_id":   m.ActionAttemptID,
		"wait_for_completion": m.WaitForCompletion,
		"timeouts":            m.Timeouts,
		"action_type":         m.ActionType,
		"status":              m.Status,
		"error":               m.Error,
		"result":              m.Result,
		"result_json":         m.ResultJSON,
	}
}

// fill copies an attempt from the API into the model.
func (m *actionAttemptModel) fill(ctx context.Context, attempt *seam.ActionAttempt) (diags diag.Diagnostics) {
	m.ActionType = types.StringValue(attempt.ActionType)
	m.Status = types.StringValue(attempt.Status)
	m.Error, diags = attemptErrorValue(attempt)

	m.Result = types.DynamicNull()
	m.ResultJSON = jsontypes.NewNormalizedNull()
	if attempt.Result == nil {
		return diags
	}
	result, err := jsonToDynamic(ctx, attempt.Result)
	if err == nil {
		m.ResultJSON, err = normalizedResult(attempt)
	}
	if err != nil {
		diags.AddError("Could not read the action attempt's result",
			fmt.Sprintf("The result of action attempt %s is not valid JSON (%v). This is unexpected from Seam; please report it with the id.",
				quoteID(attempt.ActionAttemptID), err))
		return diags
	}
	m.Result = result
	return diags
}

// attemptErrorAttribute is the schema of an attempt's error, in both data
// sources.
func attemptErrorAttribute() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Description: "Why the action failed; null unless `status` is `error`.",
		Computed:    true,
		Attributes: map[string]schema.Attribute{
			"type": schema.StringAttribute{
				Description: "Seam's error type, such as `action_attempt_expired` or `bridge_disconnected` (an open set).",
				Computed:    true,
			},
			"message": schema.StringAttribute{
				Description: "A human-readable explanation.",
				Computed:    true,
			},
		},
	}
}

// attemptErrorValue is the error attribute of an attempt: null unless it
// failed.
func attemptErrorValue(attempt *seam.ActionAttempt) (types.Object, diag.Diagnostics) {
	if attempt.Error == nil {
		return types.ObjectNull(actionAttemptErrorAttrTypes), nil
	}
	return types.ObjectValue(actionAttemptErrorAttrTypes, map[string]attr.Value{
		"type":    types.StringValue(attempt.Error.Type),
		"message": types.StringValue(attempt.Error.Message),
	})
}

// normalizedResult is the result_json attribute of an attempt: the result
// compacted (numbers untouched), or null when Seam gave none.
func normalizedResult(attempt *seam.ActionAttempt) (jsontypes.Normalized, error) {
	if attempt.Result == nil {
		return jsontypes.NewNormalizedNull(), nil
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, attempt.Result); err != nil {
		return jsontypes.NewNormalizedNull(), err
	}
	return jsontypes.NewNormalizedValue(compact.String()), nil
}
