package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// numberPrecision is the mantissa size, in bits, used for JSON numbers. It
// matches Terraform's own (cty) so that integers far beyond 2^53 and long
// decimals survive exactly, which a float64 round trip would not.
const numberPrecision = 512

// jsonToDynamic turns a JSON document into a Terraform value that can live
// in a dynamic attribute: objects become objects, arrays become tuples
// (their elements may differ in type), null becomes a null value, and
// numbers keep every digit. Empty or null input gives a null dynamic value.
func jsonToDynamic(ctx context.Context, raw []byte) (types.Dynamic, error) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return types.DynamicNull(), nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var decoded any
	if err := dec.Decode(&decoded); err != nil {
		return types.DynamicNull(), fmt.Errorf("decoding JSON: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return types.DynamicNull(), errors.New("decoding JSON: unexpected data after the value")
	}
	if decoded == nil {
		return types.DynamicNull(), nil
	}
	value, err := jsonValueToAttr(ctx, decoded)
	if err != nil {
		return types.DynamicNull(), err
	}
	return types.DynamicValue(value), nil
}

// jsonValueToAttr converts one decoded JSON value (as produced by a
// json.Decoder with UseNumber) into a framework value.
func jsonValueToAttr(ctx context.Context, v any) (attr.Value, error) {
	switch v := v.(type) {
	case nil:
		// A null inside an object or array has no type of its own;
		// Terraform's jsondecode gives it the dynamic type too.
		return types.DynamicNull(), nil
	case bool:
		return types.BoolValue(v), nil
	case string:
		return types.StringValue(v), nil
	case json.Number:
		f, _, err := big.ParseFloat(string(v), 10, numberPrecision, big.ToNearestEven)
		if err != nil {
			return nil, fmt.Errorf("decoding JSON number %q: %w", string(v), err)
		}
		return types.NumberValue(f), nil
	case []any:
		elemTypes := make([]attr.Type, len(v))
		elems := make([]attr.Value, len(v))
		for i, item := range v {
			elem, err := jsonValueToAttr(ctx, item)
			if err != nil {
				return nil, err
			}
			elems[i] = elem
			elemTypes[i] = elem.Type(ctx)
		}
		tuple, diags := types.TupleValue(elemTypes, elems)
		if diags.HasError() {
			return nil, fmt.Errorf("building a tuple: %v", diags)
		}
		return tuple, nil
	case map[string]any:
		attrTypes := make(map[string]attr.Type, len(v))
		attrs := make(map[string]attr.Value, len(v))
		for key, item := range v {
			value, err := jsonValueToAttr(ctx, item)
			if err != nil {
				return nil, err
			}
			attrs[key] = value
			attrTypes[key] = value.Type(ctx)
		}
		object, diags := types.ObjectValue(attrTypes, attrs)
		if diags.HasError() {
			return nil, fmt.Errorf("building an object: %v", diags)
		}
		return object, nil
	default:
		return nil, fmt.Errorf("unexpected JSON value of type %T", v)
	}
}
