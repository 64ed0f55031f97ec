package provider

import (
	"maps"
	"slices"
	"testing"
)

func TestSilenceUnrequestedLogs(t *testing.T) {
	off := map[string]string{
		"TF_LOG_SDK": "OFF", "TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_SEAM": "OFF",
	}
	tests := []struct {
		name string
		env  map[string]string
		want map[string]string // the variables set, and their values
	}{
		{name: "nothing set", env: nil, want: off},
		{name: "TF_LOG off", env: map[string]string{"TF_LOG": "off"}, want: off},
		{name: "TF_LOG blank", env: map[string]string{"TF_LOG": " "}, want: off},
		{name: "only core logs", env: map[string]string{"TF_LOG_CORE": "trace"}, want: off},
		{name: "TF_LOG debug", env: map[string]string{"TF_LOG": "debug"}, want: map[string]string{}},
		{name: "TF_LOG json", env: map[string]string{"TF_LOG": "JSON"}, want: map[string]string{}},
		{name: "TF_LOG_PROVIDER trace", env: map[string]string{"TF_LOG_PROVIDER": "trace"}, want: map[string]string{}},
		{name: "TF_LOG off, TF_LOG_PROVIDER debug", env: map[string]string{"TF_LOG": "OFF", "TF_LOG_PROVIDER": "debug"}, want: map[string]string{}},
		{
			name: "a level the user chose is kept",
			env:  map[string]string{"TF_LOG_SDK_PROTO": "trace", "TF_LOG_PROVIDER_SEAM": ""},
			want: map[string]string{"TF_LOG_SDK": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF", "TF_LOG_PROVIDER_SEAM": "OFF"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := map[string]string{}
			names := SilenceUnrequestedLogs(
				func(name string) string { return tt.env[name] },
				func(name, value string) error { set[name] = value; return nil },
			)
			if !maps.Equal(set, tt.want) {
				t.Errorf("set %v, want %v", set, tt.want)
			}
			if got, want := slices.Sorted(slices.Values(names)), slices.Sorted(maps.Keys(tt.want)); !slices.Equal(got, want) {
				t.Errorf("reported %v, want %v", got, want)
			}
		})
	}
}
