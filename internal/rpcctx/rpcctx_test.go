package rpcctx

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/seamapi/terraform-provider-seam/internal/provider"
)

type markerKey struct{}

// marker is put in the context of a call; collected reports whether the
// GC has freed it, that is whether nothing keeps that context any more.
type marker struct{ _ [1 << 10]byte }

// markedContext returns a context carrying a fresh marker; freed is
// closed once the GC has freed the marker, that is once nothing keeps the
// context any more.
func markedContext(freed chan struct{}) context.Context {
	m := &marker{}
	runtime.AddCleanup(m, func(ch chan struct{}) { close(ch) }, freed)
	return context.WithValue(context.Background(), markerKey{}, m)
}

// releasedAfter runs call with a marked context (which only call sees),
// then forces collections for a while and says whether the context was
// freed.
func releasedAfter(call func(context.Context)) bool {
	freed := make(chan struct{})
	call(markedContext(freed))
	for range 50 {
		runtime.GC()
		select {
		case <-freed:
			return true
		case <-time.After(10 * time.Millisecond):
		}
	}
	return false
}

// keeper is a ProviderServer that keeps every context it is given, as
// terraform-plugin-framework's protocol server does, and records what the
// context showed during the call.
type keeper struct {
	tfprotov6.ProviderServer
	mu        sync.Mutex
	kept      []context.Context
	sawMarker bool
	sawCancel bool
	cancel    func() // if set, called during the call
}

func (k *keeper) ReadDataSource(ctx context.Context, _ *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	child, cancel := context.WithCancel(ctx)
	k.mu.Lock()
	k.kept = append(k.kept, child)
	k.mu.Unlock()
	_ = cancel // kept alive with child, as the framework does
	_, k.sawMarker = ctx.Value(markerKey{}).(*marker)
	if k.cancel != nil {
		k.cancel()
		select {
		case <-child.Done():
			k.sawCancel = errors.Is(child.Err(), context.Canceled)
		case <-time.After(5 * time.Second):
		}
	}
	return &tfprotov6.ReadDataSourceResponse{}, nil
}

func TestWrap_ForwardsValuesAndCancellationDuringTheCall(t *testing.T) {
	k := &keeper{}
	ctx, cancel := context.WithCancel(markedContext(make(chan struct{})))
	defer cancel()
	k.cancel = cancel
	if _, err := Wrap(k).ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{}); err != nil {
		t.Fatal(err)
	}
	if !k.sawMarker {
		t.Error("during the call, the context did not carry the caller's values")
	}
	if !k.sawCancel {
		t.Error("during the call, cancelling the caller's context did not cancel the call's")
	}
	if err := k.kept[0].Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("after the call, the kept context's Err is %v, want context.Canceled", err)
	}
}

func TestWrap_ReleasesTheCallersContext(t *testing.T) {
	read := func(s tfprotov6.ProviderServer) func(context.Context) {
		return func(ctx context.Context) {
			if _, err := s.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// The control: without Wrap, a server that keeps contexts keeps the
	// caller's (so this test can see a leak).
	k := &keeper{}
	if releasedAfter(read(k)) {
		t.Fatal("the control failed: the context was freed although the server keeps it")
	}
	runtime.KeepAlive(k)

	k = &keeper{}
	if !releasedAfter(read(Wrap(k))) {
		t.Error("with Wrap, the caller's context is still reachable after the call returned")
	}
	if v := k.kept[0].Value(markerKey{}); v != nil {
		t.Errorf("after the call, the kept context still gives the caller's values (a %T)", v)
	}
}

// TestWrap_FrameworkServer checks the workaround against the real
// framework server: after a ValidateDataResourceConfig through Wrap,
// nothing keeps the caller's context.
func TestWrap_FrameworkServer(t *testing.T) {
	validate := func(s tfprotov6.ProviderServer) func(context.Context) {
		return func(ctx context.Context) {
			_, _ = s.ValidateDataResourceConfig(ctx, &tfprotov6.ValidateDataResourceConfigRequest{TypeName: "seam_action_attempt"})
		}
	}
	bare := providerserver.NewProtocol6(provider.New("test")())()
	if releasedAfter(validate(bare)) {
		t.Log("terraform-plugin-framework no longer keeps each RPC's context; internal/rpcctx may no longer be needed")
	}
	runtime.KeepAlive(bare)

	wrapped := Wrap(providerserver.NewProtocol6(provider.New("test")())())
	if !releasedAfter(validate(wrapped)) {
		t.Error("through Wrap, the framework still keeps the caller's context after the call")
	}
	runtime.KeepAlive(wrapped)
}
