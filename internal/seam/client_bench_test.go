package seam

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
)

// The client's read path (`make bench` runs these): one GetActionAttempt
// against a loopback server that answers at once, so what is measured is
// the client (request building, retry wrapper, logging transport, pooled
// connection, body read, decoding) plus loopback HTTP, not Seam.

const benchAttemptBody = `{"action_attempt":{"action_attempt_id":"` + testAttemptID + `","action_type":"UNLOCK_DOOR",` +
	`"status":"success","result":{"was_confirmed_by_device":true},"error":null},"ok":true}`

func benchClient(b *testing.B, logger Logger) *Client {
	b.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("seam-request-id", "req_bench")
		_, _ = w.Write([]byte(benchAttemptBody))
	}))
	b.Cleanup(srv.Close)
	c, err := NewClient(Config{Endpoint: srv.URL, Credential: apiKeyCredential, UserAgent: testUserAgent, MaxRetries: 2, Logger: logger})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// discardLogger is a Logger that drops every line, as tflog does when
// logging is off.
type discardLogger struct{}

func (discardLogger) Debug(context.Context, string, map[string]any) {}
func (discardLogger) Trace(context.Context, string, map[string]any) {}

func BenchmarkGetActionAttempt(b *testing.B) {
	for _, bc := range []struct {
		name   string
		logger Logger
	}{
		{"NoLogger", nil},
		{"DiscardLogger", discardLogger{}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := benchClient(b, bc.logger)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.GetActionAttempt(ctx, testAttemptID); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGetActionAttempt_Parallel10 reads from ten goroutines at once,
// as Terraform does with -parallelism=10, through the ten pooled
// connections.
func BenchmarkGetActionAttempt_Parallel10(b *testing.B) {
	c := benchClient(b, discardLogger{})
	ctx := context.Background()
	b.ReportAllocs()
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((10 + procs - 1) / procs) // ten goroutines or a few more
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.GetActionAttempt(ctx, testAttemptID); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
