package provider

import (
	"context"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestJSONToDynamic_NullOrEmpty_IsNullDynamic(t *testing.T) {
	for _, raw := range []string{"", "  ", "null", " null\n"} {
		got, err := jsonToDynamic(context.Background(), []byte(raw))
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		if !got.IsNull() {
			t.Errorf("%q: got %v, want a null dynamic value", raw, got)
		}
	}
}

func TestJSONToDynamic_Scalars(t *testing.T) {
	cases := map[string]attr.Value{
		`true`:     types.BoolValue(true),
		`"hi"`:     types.StringValue("hi"),
		`"\u00e9"`: types.StringValue("é"),
		`-12`:      types.NumberValue(big.NewFloat(-12)),
	}
	for raw, want := range cases {
		got, err := jsonToDynamic(context.Background(), []byte(raw))
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if !got.UnderlyingValue().Equal(want) {
			t.Errorf("%s: got %v, want %v", raw, got.UnderlyingValue(), want)
		}
	}
}

func TestJSONToDynamic_NumbersKeepEveryDigit(t *testing.T) {
	for _, text := range []string{
		"9007199254740993",                         // 2^53 + 1
		"18446744073709551617",                     // 2^64 + 1
		"-123456789012345678901234567890123456789", // far past int64
		"0.1",
		"1e400", // beyond float64's range
	} {
		got, err := jsonToDynamic(context.Background(), []byte(text))
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		n, ok := got.UnderlyingValue().(types.Number)
		if !ok {
			t.Fatalf("%s: got %T, want a number", text, got.UnderlyingValue())
		}
		want, _, _ := big.ParseFloat(text, 10, numberPrecision, big.ToNearestEven)
		if n.ValueBigFloat().Cmp(want) != 0 {
			t.Errorf("%s: got %s", text, n.ValueBigFloat().Text('g', 50))
		}
	}
}

func TestJSONToDynamic_ObjectsArraysAndNestedNulls(t *testing.T) {
	got, err := jsonToDynamic(context.Background(), []byte(`{"a": [1, "x", null, {"b": false}], "n": null, "e": {}, "z": []}`))
	if err != nil {
		t.Fatal(err)
	}
	obj, ok := got.UnderlyingValue().(types.Object)
	if !ok {
		t.Fatalf("got %T, want an object", got.UnderlyingValue())
	}
	attrs := obj.Attributes()
	if len(attrs) != 4 {
		t.Fatalf("got attributes %v, want a, n, e, z", attrs)
	}
	tuple, ok := attrs["a"].(types.Tuple)
	if !ok || len(tuple.Elements()) != 4 {
		t.Fatalf("a = %v, want a 4-element tuple (mixed types)", attrs["a"])
	}
	elems := tuple.Elements()
	if !elems[0].Equal(types.NumberValue(big.NewFloat(1))) || !elems[1].Equal(types.StringValue("x")) {
		t.Errorf("a[0:2] = %v, %v", elems[0], elems[1])
	}
	if !elems[2].IsNull() {
		t.Errorf("a[2] = %v, want null", elems[2])
	}
	inner, ok := elems[3].(types.Object)
	if !ok || !inner.Attributes()["b"].Equal(types.BoolValue(false)) {
		t.Errorf("a[3] = %v, want {b = false}", elems[3])
	}
	if !attrs["n"].IsNull() {
		t.Errorf("n = %v, want null", attrs["n"])
	}
	if e, ok := attrs["e"].(types.Object); !ok || len(e.Attributes()) != 0 {
		t.Errorf("e = %v, want an empty object", attrs["e"])
	}
	if z, ok := attrs["z"].(types.Tuple); !ok || len(z.Elements()) != 0 {
		t.Errorf("z = %v, want an empty tuple", attrs["z"])
	}
}

func TestJSONToDynamic_InvalidJSON_Error(t *testing.T) {
	for _, raw := range []string{`{"a":`, `{} {}`, `nope`} {
		if _, err := jsonToDynamic(context.Background(), []byte(raw)); err == nil {
			t.Errorf("%q: no error", raw)
		}
	}
}
