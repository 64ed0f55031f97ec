package fakeseam

import "encoding/json"

// The demo seed: one API key and one attempt in each status. The ids are
// valid UUIDs (version 4, variant 1) that are easy to read in demo output
// and in test failures.
const (
	DemoAPIKey = "seam_demoapikey_0123456789"

	// DemoSucceededAttemptID is an UNLOCK_DOOR attempt with status success.
	DemoSucceededAttemptID = "11111111-1111-4111-8111-111111111111"
	// DemoPendingAttemptID is an ENCODE_CREDENTIAL attempt still pending.
	DemoPendingAttemptID = "22222222-2222-4222-8222-222222222222"
	// DemoFailedAttemptID is a LOCK_DOOR attempt that failed with
	// DemoFailedErrorType.
	DemoFailedAttemptID = "33333333-3333-4333-8333-333333333333"

	DemoFailedErrorType    = "bridge_disconnected"
	DemoFailedErrorMessage = "The bridge is offline, so the lock could not be reached."
)

// SeedDemo adds the demo API key and the three demo attempts to f.
func SeedDemo(f *Fake) {
	f.AddAPIKey(DemoAPIKey)
	f.PutActionAttempt(ActionAttempt{
		ActionAttemptID: DemoSucceededAttemptID,
		ActionType:      "UNLOCK_DOOR",
		Status:          "success",
		Result:          json.RawMessage(`{"was_confirmed_by_device": true}`),
	})
	f.PutActionAttempt(ActionAttempt{
		ActionAttemptID: DemoPendingAttemptID,
		ActionType:      "ENCODE_CREDENTIAL",
		Status:          "pending",
	})
	f.PutActionAttempt(ActionAttempt{
		ActionAttemptID: DemoFailedAttemptID,
		ActionType:      "LOCK_DOOR",
		Status:          "error",
		Error: &ActionAttemptError{
			Type:    DemoFailedErrorType,
			Message: DemoFailedErrorMessage,
		},
	})
}
