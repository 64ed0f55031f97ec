package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// TestCancel_CtrlCStopsAWaitWithinASecond starts a plan that waits for an
// attempt that never finishes, presses Ctrl-C (SIGINT to terraform) once the
// wait is polling, and checks that the polling stops within a second and
// Terraform exits soon after.
func TestCancel_CtrlCStopsAWaitWithinASecond(t *testing.T) {
	const key = "seam_cancel_test_key"
	fake := fakeseam.New()
	fake.AddAPIKey(key)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-stuck", ActionType: "ENCODE_CREDENTIAL", Status: "pending"})
	server := startCountingServer(t, fake)

	config := providerConfig(server.URL) + `
data "seam_action_attempt" "stuck" {
  action_attempt_id   = "attempt-stuck"
  wait_for_completion = true
}
`
	w := newWorkspace(t, config, map[string]string{"SEAM_API_KEY": key})
	cmd := exec.Command(w.terraform, "plan", "-input=false", "-no-color")
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// exited is closed once terraform has exited; waitErr is its status.
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
	})

	// Wait until the provider is polling (a few requests in).
	deadline := time.Now().Add(60 * time.Second)
	for fake.RequestCount() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("the wait never started polling:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	interrupted := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("terraform did not exit within 30 s of Ctrl-C:\n%s", out.String())
	}
	exitedAfter := time.Since(interrupted)
	exitErr := waitErr

	// The last poll must come within a second of Ctrl-C: that is when the
	// provider stopped waiting.
	requests := fake.Requests()
	lastPoll := requests[len(requests)-1].Time
	if lag := lastPoll.Sub(interrupted); lag > time.Second {
		t.Errorf("the provider kept polling for %s after Ctrl-C, want under 1 s", lag)
	}
	if exitErr == nil {
		t.Errorf("terraform exited successfully after Ctrl-C:\n%s", out.String())
	}
	if exitedAfter > 5*time.Second {
		t.Errorf("terraform took %s to exit after Ctrl-C", exitedAfter)
	}
	if !strings.Contains(out.String(), "Interrupt received") {
		t.Errorf("terraform did not report the interrupt:\n%s", out.String())
	}
	t.Logf("polls before Ctrl-C: %d; terraform exited %s after it", len(requests), exitedAfter.Round(time.Millisecond))
}
