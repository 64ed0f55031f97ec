// Package rpcctx stops terraform-plugin-framework from keeping every RPC's
// context alive until the provider process exits.
//
// The framework's protocol server (internal/proto6server, v1.19.0 and
// earlier) wraps the context of each RPC in context.WithCancel and appends
// the cancel function to a slice that is emptied only by StopProvider,
// which Terraform does not call after a normal plan. Each cancel function
// keeps its context, and with it the whole chain of parent contexts that
// terraform-plugin-go built for that one RPC: a request id, two hclog root
// loggers and several copies of the logger options, about 20 KiB. With
// 1000 data sources a plan leaves some 30 MB of them live (measured with
// runtime.ReadMemStats after runtime.GC, see BENCHMARKS.md), so the heap
// and the peak RSS grow with N, and every GC cycle marks all of it again.
//
// Wrap gives the framework, for each unary RPC, a context of its own that
// forwards to the real one while the RPC runs and lets go of it when the
// RPC returns. The framework's slice then keeps a few small objects per RPC
// instead of the chain. Cancellation, deadlines and values are unchanged
// while the RPC runs, including StopProvider cancelling in-flight calls.
package rpcctx

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// Wrap returns next with the context of each unary per-object RPC released
// when the call returns. Streaming RPCs (whose results are read after the
// method returns) and anything Wrap does not name pass through unchanged.
func Wrap(next tfprotov6.ProviderServer) tfprotov6.ProviderServer {
	return server{next}
}

// released is what a context looks like after its RPC returned: done, with
// no values, so that a straggler that still holds it stops promptly.
var released = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

// releasable forwards to a parent context until release is called, then
// behaves as a cancelled context without values.
type releasable struct {
	parent atomic.Pointer[context.Context]
}

func newReleasable(parent context.Context) *releasable {
	r := &releasable{}
	r.parent.Store(&parent)
	return r
}

func (r *releasable) release()                    { r.parent.Store(&released) }
func (r *releasable) ctx() context.Context        { return *r.parent.Load() }
func (r *releasable) Deadline() (time.Time, bool) { return r.ctx().Deadline() }
func (r *releasable) Done() <-chan struct{}       { return r.ctx().Done() }
func (r *releasable) Err() error                  { return r.ctx().Err() }
func (r *releasable) Value(key any) any           { return r.ctx().Value(key) }

// call runs one RPC on a releasable context.
func call[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	r := newReleasable(ctx)
	defer r.release()
	return rpc(r, req)
}

// server wraps the RPCs Terraform makes once per data source, resource,
// function call or ephemeral resource; the rest are embedded as they are.
type server struct {
	tfprotov6.ProviderServer
}

func (s server) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateDataResourceConfig)
}

func (s server) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return call(ctx, req, s.ProviderServer.ReadDataSource)
}

func (s server) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateResourceConfig)
}

func (s server) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.UpgradeResourceState)
}

func (s server) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return call(ctx, req, s.ProviderServer.ReadResource)
}

func (s server) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return call(ctx, req, s.ProviderServer.PlanResourceChange)
}

func (s server) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return call(ctx, req, s.ProviderServer.ApplyResourceChange)
}

func (s server) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return call(ctx, req, s.ProviderServer.ImportResourceState)
}

func (s server) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return call(ctx, req, s.ProviderServer.CallFunction)
}

func (s server) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return call(ctx, req, s.ProviderServer.ValidateEphemeralResourceConfig)
}
