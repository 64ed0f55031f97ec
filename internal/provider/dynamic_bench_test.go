package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkJSONToDynamic converts results of the sizes Seam returns: the
// two-field result of a lock action, an access code, and a large
// credential-like object with arrays (`make bench` runs it).
func BenchmarkJSONToDynamic(b *testing.B) {
	accessCode := `{"access_code":{"access_code_id":"e3b0c442-98fc-4c14-9afb-f4c8996fb924","device_id":"d1c7a2b6-3a5c-4d8e-9f10-1a2b3c4d5e6f",` +
		`"name":"Front door","code":"4821","type":"time_bound","status":"set","starts_at":"2025-01-01T00:00:00.000Z",` +
		`"ends_at":"2025-01-08T00:00:00.000Z","is_managed":true,"is_backup":false,"errors":[],"warnings":[],` +
		`"created_at":"2024-12-30T10:11:12.000Z","common_code_key":null,"pulled_backup_access_code_id":null}}`
	var items []string
	for i := range 100 {
		items = append(items, fmt.Sprintf(`{"acs_credential_id":"cred-%03d","card_number":"%012d","is_issued":true,`+
			`"visionline_metadata":{"card_id":"%d","common_acs_entrance_ids":["a","b","c"],"guest_acs_entrance_ids":[]},"errors":[],"warnings":[{"warning_code":"w","message":"m"}]}`, i, 123456789000+i, i))
	}
	large := `{"acs_credentials":[` + strings.Join(items, ",") + `],"count":100}`
	for _, bc := range []struct{ name, json string }{
		{"LockResult", `{"was_confirmed_by_device":true}`},
		{"AccessCode", accessCode},
		{"Credentials100", large},
	} {
		if !json.Valid([]byte(bc.json)) {
			b.Fatalf("%s: invalid JSON", bc.name)
		}
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			raw := []byte(bc.json)
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := jsonToDynamic(ctx, raw); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
