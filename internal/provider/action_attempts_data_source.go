package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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
	_ datasource.DataSource                     = (*actionAttemptsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*actionAttemptsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*actionAttemptsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig   = (*actionAttemptsDataSource)(nil)
)

// listedAttemptAttrTypes is the shape of one element of action_attempts.
// There is no dynamic result here: dynamic values cannot live in lists.
var listedAttemptAttrTypes = map[string]attr.Type{
	"action_attempt_id": types.StringType,
	"action_type":       types.StringType,
	"status":            types.StringType,
	"result_json":       jsontypes.NormalizedType{},
	"error":             types.ObjectType{AttrTypes: actionAttemptErrorAttrTypes},
}

// actionAttemptsDataSource is data "seam_action_attempts".
type actionAttemptsDataSource struct {
	data *providerData
}

// actionAttemptsModel maps the data source's schema.
type actionAttemptsModel struct {
	ActionAttemptIDs        types.List     `tfsdk:"action_attempt_ids"`
	DeviceID                types.String   `tfsdk:"device_id"`
	Timeouts                timeouts.Value `tfsdk:"timeouts"`
	ActionAttempts          types.List     `tfsdk:"action_attempts"`
	MissingActionAttemptIDs types.List     `tfsdk:"missing_action_attempt_ids"`
}

func newActionAttemptsDataSource() datasource.DataSource {
	return &actionAttemptsDataSource{}
}

func (d *actionAttemptsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_action_attempts"
}

func (d *actionAttemptsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	timeoutsAttribute, err := readTimeoutAttribute(ctx, "all pages and retries included")
	if err != nil {
		resp.Diagnostics.AddError("Provider bug", err.Error()+"; please report this.")
		return
	}
	resp.Schema = schema.Schema{
		Description: "Reads several Seam action attempts at once: given ids, or all attempts of a device. " +
			"Seam does not accept client session tokens for this; use an API key or a personal access token.",
		Attributes: map[string]schema.Attribute{
			"action_attempt_ids": schema.ListAttribute{
				Description: "The ids of the attempts to read. The result keeps this order. Ids Seam does not know are " +
					"left out of `action_attempts` and listed in `missing_action_attempt_ids`. An empty list reads nothing. " +
					"Each id may appear once (wrap a list that may repeat ids in `distinct()`). " +
					"At least one of `action_attempt_ids` and `device_id` is required.",
				ElementType: types.StringType,
				Optional:    true,
				Validators: []validator.List{
					listvalidator.NoNullValues(),
					listvalidator.UniqueValues(),
					listvalidator.ValueStringsAre(idValue{noun: "action attempt"}),
				},
			},
			"device_id": schema.StringAttribute{
				Description: "Read the attempts of this device (a lock, thermostat or encoder), in Seam's order; with " +
					"`action_attempt_ids`, only those of the ids that belong to the device. Must not be empty.",
				Optional: true,
				Validators: []validator.String{
					idValue{noun: "device"},
				},
			},
			"timeouts": timeoutsAttribute,
			"action_attempts": schema.ListNestedAttribute{
				Description: "The attempts found: in the order of `action_attempt_ids` when given, else in Seam's order.",
				Computed:    true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"action_attempt_id": schema.StringAttribute{
							Description: "The attempt's id.",
							Computed:    true,
						},
						"action_type": schema.StringAttribute{
							Description: "What the action was, such as `UNLOCK_DOOR` (an open set).",
							Computed:    true,
						},
						"status": schema.StringAttribute{
							Description: "`pending`, `success` or `error` (an open set).",
							Computed:    true,
						},
						"result_json": schema.StringAttribute{
							Description: "The result as normalized JSON, for `jsondecode()`; null when Seam gives none. " +
								"Sensitive: results of credential and access-code actions can hold PIN codes and card data.",
							Computed:   true,
							Sensitive:  true,
							CustomType: jsontypes.NormalizedType{},
						},
						"error": attemptErrorAttribute(),
					},
				},
			},
			"missing_action_attempt_ids": schema.ListAttribute{
				Description: "The ids from `action_attempt_ids` that Seam did not return (unknown ids, or, with `device_id`, " +
					"attempts of other devices), in the order given. Empty when all were found; check it with a `postcondition`.",
				ElementType: types.StringType,
				Computed:    true,
			},
		},
	}
}

func (d *actionAttemptsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.AtLeastOneOf(path.MatchRoot("action_attempt_ids"), path.MatchRoot("device_id")),
	}
}

func (d *actionAttemptsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var t timeouts.Value
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	validateReadTimeout(t, &resp.Diagnostics)
}

func (d *actionAttemptsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *actionAttemptsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var state actionAttemptsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
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

	var ids []string
	if !state.ActionAttemptIDs.IsNull() {
		resp.Diagnostics.Append(state.ActionAttemptIDs.ElementsAs(ctx, &ids, false)...)
		if resp.Diagnostics.HasError() {
			return
		}
		if ids == nil {
			ids = []string{} // given but empty: read nothing
		}
	}

	var attempts []*seam.ActionAttempt
	// An empty id list must not reach Seam: with no ids it would list the
	// whole workspace.
	if ids == nil || len(ids) > 0 {
		var err error
		attempts, err = d.data.client.ListActionAttempts(ctx, seam.ListActionAttemptsParams{
			ActionAttemptIDs: ids,
			DeviceID:         state.DeviceID.ValueString(),
		})
		if err != nil {
			// A 400 or 404 is about the device when only a device was given.
			inputPath := path.Root("action_attempt_ids")
			if ids == nil {
				inputPath = path.Root("device_id")
			}
			addAPIError(ctx, &resp.Diagnostics, apiCall{
				doing:            "listing action attempts",
				inputPath:        inputPath,
				credentialSource: d.data.credentialSource,
				noClientSession:  d.data.credentialKind == seam.KindClientSessionToken,
				timeout:          readTimeout,
			}, err)
			return
		}
	}

	ordered, missing := orderAttempts(attempts, ids)
	resp.Diagnostics.Append(state.fill(ctx, ordered, missing)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// orderAttempts puts attempts in the order of ids when ids were given, and
// lists the ids that were not returned; without ids it keeps the API's
// order.
func orderAttempts(attempts []*seam.ActionAttempt, ids []string) (ordered []*seam.ActionAttempt, missing []string) {
	if ids == nil {
		return attempts, []string{}
	}
	byID := make(map[string]*seam.ActionAttempt, len(attempts))
	for _, a := range attempts {
		byID[a.ActionAttemptID] = a
	}
	missing = []string{}
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			ordered = append(ordered, a)
		} else {
			missing = append(missing, id)
		}
	}
	return ordered, missing
}

// fill writes the listed attempts into the model.
func (m *actionAttemptsModel) fill(ctx context.Context, attempts []*seam.ActionAttempt, missing []string) (diags diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(attempts))
	for _, a := range attempts {
		errValue, d := attemptErrorValue(a)
		diags.Append(d...)
		resultJSON, err := normalizedResult(a)
		if err != nil {
			diags.AddError("Could not read an action attempt's result",
				fmt.Sprintf("The result of action attempt %s is not valid JSON (%v). This is unexpected from Seam; please report it with the id.",
					quoteID(a.ActionAttemptID), err))
			return diags
		}
		obj, d := types.ObjectValue(listedAttemptAttrTypes, map[string]attr.Value{
			"action_attempt_id": types.StringValue(a.ActionAttemptID),
			"action_type":       types.StringValue(a.ActionType),
			"status":            types.StringValue(a.Status),
			"result_json":       resultJSON,
			"error":             errValue,
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: listedAttemptAttrTypes}, elems)
	diags.Append(d...)
	m.ActionAttempts = list
	missingList, d := types.ListValueFrom(ctx, types.StringType, missing)
	diags.Append(d...)
	m.MissingActionAttemptIDs = missingList
	return diags
}
