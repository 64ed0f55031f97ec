package provider

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// waitBlock reads one attempt and waits for it, with an optional read
// timeout and more HCL inside the block.
func waitBlock(id, readTimeout, extra string) string {
	block := "data \"seam_action_attempt\" \"test\" {\n  action_attempt_id   = \"" + id + "\"\n  wait_for_completion = true\n"
	if readTimeout != "" {
		block += "  timeouts = {\n    read = \"" + readTimeout + "\"\n  }\n"
	}
	return block + extra + "}\n"
}

// pollsOfFirstWait counts the requests up to and including the first
// one made at or after t: the polls of the wait that saw a change at t.
func pollsOfFirstWait(requests []fakeseam.Request, finished time.Time) (polls int, sawAt time.Time) {
	for _, r := range requests {
		polls++
		if !r.Time.Before(finished) {
			return polls, r.Time
		}
	}
	return polls, time.Time{}
}

func TestWait_PendingThenSuccess_SeenWithinOneInterval(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-flip", ActionType: "UNLOCK_DOOR", Status: "pending"})
	flip := fake.PutActionAttemptAfter(1500*time.Millisecond, fakeseam.ActionAttempt{
		ActionAttemptID: "attempt-flip", ActionType: "UNLOCK_DOOR", Status: "success",
		Result: json.RawMessage(`{"was_confirmed_by_device": true}`),
	})
	t.Cleanup(flip.Stop)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, waitBlock("attempt-flip", "", "")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("result"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"was_confirmed_by_device": knownvalue.Bool(true),
				})),
			},
		}},
	})

	flippedAt := flip.At()
	if flippedAt.IsZero() {
		t.Fatal("the attempt never flipped")
	}
	requests := fake.Requests()
	polls, sawAt := pollsOfFirstWait(requests, flippedAt)
	if sawAt.IsZero() {
		t.Fatal("no request saw the finished attempt")
	}
	// No more polls than the schedule (at once, +250 ms, +500 ms, then every
	// second) allows in the time the wait took; fewer is possible on a
	// loaded machine, where sleeps overrun.
	if allowed := pollsAllowed(sawAt.Sub(requests[0].Time)); polls > allowed {
		t.Errorf("the wait made %d requests in %s, the schedule allows %d", polls, sawAt.Sub(requests[0].Time), allowed)
	}
	// Seen within one poll interval (1 s at most), plus slack for a busy machine.
	lag := sawAt.Sub(flippedAt)
	if lag > 1500*time.Millisecond {
		t.Errorf("completion was seen %s after it happened, want within one poll interval (1 s)", lag)
	}
	t.Logf("flip after 1.5 s: seen after %d requests, %s after it happened", polls, lag.Round(time.Millisecond))
}

// pollsAllowed is how many polls the wait schedule makes in elapsed time:
// the first at once, then after 250 ms, 500 ms and every second.
func pollsAllowed(elapsed time.Duration) int {
	polls, at := 1, time.Duration(0)
	for _, step := range []time.Duration{250 * time.Millisecond, 500 * time.Millisecond} {
		if at+step > elapsed {
			return polls
		}
		at += step
		polls++
	}
	return polls + int((elapsed-at)/time.Second)
}

func TestWait_PendingThenError_StateNotDiagnostic_PostconditionFails(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-fail", ActionType: "ENCODE_CREDENTIAL", Status: "pending"})
	failed := fakeseam.ActionAttempt{
		ActionAttemptID: "attempt-fail", ActionType: "ENCODE_CREDENTIAL", Status: "error",
		Error: &fakeseam.ActionAttemptError{Type: "no_credential_on_encoder", Message: "No card was on the encoder."},
	}
	flip := fake.PutActionAttemptAfter(500*time.Millisecond, failed)
	t.Cleanup(flip.Stop)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{
			{
				// Without a postcondition a failed attempt is just state.
				Config: apiKeyConfig(endpoint, waitBlock("attempt-fail", "", "")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("error")),
					statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("error"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"type":    knownvalue.StringExact("no_credential_on_encoder"),
						"message": knownvalue.StringExact("No card was on the encoder."),
					})),
				},
			},
			{
				// The documented pattern: a postcondition turns it into an error
				// that says what the user wrote.
				Config: apiKeyConfig(endpoint, waitBlock("attempt-fail", "", `
  lifecycle {
    postcondition {
      condition     = self.status == "success"
      error_message = "Encoding failed: ${self.error.type}."
    }
  }
`)),
				ExpectError: errorRegexp("Encoding failed: no_credential_on_encoder."),
			},
		},
	})
}

func TestWait_StaysPending_TimesOutWithoutState(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-stuck", ActionType: "ENCODE_CREDENTIAL", Status: "pending"})

	start := time.Now()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, waitBlock("attempt-stuck", "2s", "")),
			ExpectError: errorRegexp(`Timed out waiting for the action attempt .* Action attempt "attempt-stuck" was still "pending" after 2s of waiting ` +
				`.* timeouts.read is 2s. Nothing was written to state.`),
		}},
	})
	elapsed := time.Since(start)

	// Polls at 0, 0.25, 0.75 and 1.75 s, then the deadline at 2 s: four,
	// or fewer when a loaded machine delays the first one.
	n := fake.RequestCount()
	if n < 2 || n > pollsAllowed(2*time.Second) {
		t.Errorf("a 2 s wait made %d requests, want 2 to %d", n, pollsAllowed(2*time.Second))
	}
	t.Logf("a 2 s wait on a pending attempt made %d requests", n)
	if elapsed > 10*time.Second {
		t.Errorf("the timed-out run took %s", elapsed)
	}
}

func TestWait_False_ReadsOnceEvenIfPending(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-once", ActionType: "LOCK_DOOR", Status: "pending"})

	// Were it waiting, the attempt (pending for ever) would hit the 3 s
	// timeout and fail the step.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, `data "seam_action_attempt" "test" {
  action_attempt_id   = "attempt-once"
  wait_for_completion = false
  timeouts = {
    read = "3s"
  }
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(attemptAddress, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
			},
		}},
	})
}

func TestWait_InvalidReadTimeout_Refused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ timeout, want string }{
		{"soon", `Invalid Attribute Value Time Duration .* "soon" must be a string containing a sequence of decimal numbers`},
		{"0s", `Invalid read timeout .* timeouts.read is "0s", but it must be a duration from 1s to 24h`},
		{"-1s", `timeouts.read is "-1s", but it must be a duration from 1s to 24h`},
		{"1ms", `timeouts.read is "1ms", but it must be a duration from 1s to 24h`},
		{"48h", `timeouts.read is "48h", but it must be a duration from 1s to 24h`},
	} {
		t.Run(tc.timeout, func(t *testing.T) {
			t.Parallel()
			fake, endpoint := testFake(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(nil),
				Steps: []resource.TestStep{{
					Config:      apiKeyConfig(endpoint, waitBlock("attempt-x", tc.timeout, "")),
					ExpectError: errorRegexp(tc.want),
				}},
			})
			if n := fake.RequestCount(); n != 0 {
				t.Errorf("an invalid timeout still reached the API: %d requests", n)
			}
		})
	}
}

func TestWait_LastPollUnanswered_SaysSoNotDevice(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.PutActionAttempt(fakeseam.ActionAttempt{ActionAttemptID: "attempt-hang", ActionType: "UNLOCK_DOOR", Status: "pending"})
	// Two pending answers, then the server stops answering.
	fake.SetFault(func(_ fakeseam.Request, attempt int) (fakeseam.Response, bool) {
		if attempt >= 3 {
			return fakeseam.Response{Status: 200, Delay: time.Minute}, true
		}
		return fakeseam.Response{}, false
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, waitBlock("attempt-hang", "2s", "")),
			ExpectError: errorRegexp(`Timed out waiting for the action attempt .* was still "pending" after 2s .* The last poll had no answer ` +
				`when the deadline came, so the attempt may have finished meanwhile`),
		}},
	})
}

func TestRead_RateLimitedPastDeadline_SaysSo(t *testing.T) {
	t.Parallel()
	fake, endpoint := testFake(t)
	fake.SetFault(func(fakeseam.Request, int) (fakeseam.Response, bool) {
		return fakeseam.Response{Status: 429, Header: map[string][]string{"Retry-After": {"30"}, "Seam-Request-Id": {"req_limited"}}}, true
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(nil),
		Steps: []resource.TestStep{{
			Config: apiKeyConfig(endpoint, `data "seam_action_attempt" "test" {
  action_attempt_id = "attempt-1"
  timeouts = {
    read = "2s"
  }
}
`),
			ExpectError: errorRegexp(`Seam read timed out .* longer than timeouts.read (2s). The request was being retried after HTTP 429 ` +
				`Too Many Requests (seam-request-id req_limited).`),
		}},
	})
}
