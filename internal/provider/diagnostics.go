package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/seamapi/terraform-provider-seam/internal/seam"
)

// apiCall describes the call that failed, so that one diagnostic can say
// what was being done, why it failed and what to do about it.
type apiCall struct {
	// doing is what the call was for, e.g. `reading action attempt "x"`.
	doing string
	// inputPath is the attribute whose value the API rejected, when a
	// 400 or 404 is about the input.
	inputPath path.Path
	// notFoundSummary and notFoundDetail are used for a 404 of the object.
	notFoundSummary string
	notFoundDetail  string
	// credentialSource names where the credential came from.
	credentialSource string
	// timeout is the read's timeouts.read, for a deadline reached.
	timeout time.Duration
	// noClientSession: the route does not accept client session tokens and
	// the credential is one, which explains a 401 or 403.
	noClientSession bool
}

// addAPIError adds exactly one diagnostic for err, a failure from the seam
// client. Summaries say what failed; details give the status, Seam's error
// type and message, the seam-request-id and the next step. No credential
// value is ever part of it: the client redacts what it returns.
//
// ctx is the read's context: when it has ended, that (Terraform's
// cancellation or timeouts.read), not the last request's error, is the
// story to tell.
func addAPIError(ctx context.Context, diags *diag.Diagnostics, call apiCall, err error) {
	var apiErr *seam.APIError
	var reqErr *seam.RequestError
	var waitErr *seam.WaitTimeoutError
	switch {
	case errors.As(err, &waitErr):
		detail := fmt.Sprintf("Action attempt %s was still %q after %s of waiting (%d polls), and timeouts.read is %s. "+
			"Nothing was written to state.", quoteID(waitErr.ActionAttemptID), waitErr.LastStatus, shortDuration(waitErr.Waited),
			waitErr.Polls, shortDuration(call.timeout))
		var lastReq *seam.RequestError
		if errors.As(waitErr.LastErr, &lastReq) {
			detail += " The last poll had no answer when the deadline came" + lastAnswerFact(lastReq) +
				", so the attempt may have finished meanwhile; check the endpoint and Seam's status, or raise timeouts.read."
		} else {
			detail += " If the action can take longer (a card encoder waits for a card), raise timeouts.read; " +
				"if it should have finished, check the device in Seam."
		}
		diags.AddAttributeError(call.inputPath, "Timed out waiting for the action attempt", detail)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		detail := fmt.Sprintf("Stopped %s because it took longer than timeouts.read (%s).", call.doing, shortDuration(call.timeout))
		var lastReq *seam.RequestError
		if errors.As(err, &lastReq) && lastReq.LastStatus != 0 {
			detail += " The request was being retried" + lastAnswerFact(lastReq) + "."
		}
		detail += " Raise timeouts.read, or lower request_timeout and max_retries so that a failing request gives up sooner."
		diags.AddError("Seam read timed out", detail)
	case errors.As(err, &apiErr):
		addSeamAnswerError(diags, call, apiErr)
	case errors.Is(ctx.Err(), context.Canceled):
		diags.AddError("Seam request cancelled",
			fmt.Sprintf("Stopped %s because Terraform cancelled the operation.", call.doing))
	case errors.As(err, &reqErr) && reqErr.StatusCode != 0:
		// Seam (or something in front of it) answered, but the body could
		// not be read: cut off, or too large.
		detail := fmt.Sprintf("The endpoint answered while %s, but its response could not be read: %v.", call.doing, reqErr.Err)
		detail += "\nIf this persists, check that endpoint points at the Seam API and report it to Seam"
		if reqErr.RequestID != "" {
			detail += " with the seam-request-id"
		}
		detail += "."
		detail += requestFacts(reqErr)
		diags.AddError("Unreadable response from the Seam API", detail)
	case errors.As(err, &reqErr):
		detail := fmt.Sprintf("No usable answer from Seam while %s: %v.", call.doing, reqErr.Err)
		detail += "\nCheck the endpoint and your network (and HTTPS_PROXY, if you use a proxy), then run Terraform again. " +
			"A slow network may need a longer request_timeout."
		detail += requestFacts(reqErr)
		diags.AddError("Could not reach the Seam API", detail)
	default:
		diags.AddError("Seam request failed", fmt.Sprintf("Failed while %s: %v", call.doing, err))
	}
}

func addSeamAnswerError(diags *diag.Diagnostics, call apiCall, e *seam.APIError) {
	add := func(summary, detail string, onInput bool) {
		detail += answerFacts(e)
		if onInput && !call.inputPath.Equal(path.Empty()) {
			diags.AddAttributeError(call.inputPath, summary, detail)
			return
		}
		diags.AddError(summary, detail)
	}

	switch {
	case e.StatusCode == http.StatusNotFound && strings.HasSuffix(e.Type, "_not_found") && call.notFoundSummary != "":
		add(call.notFoundSummary, call.notFoundDetail, true)
	case e.StatusCode == http.StatusNotFound && strings.HasSuffix(e.Type, "_not_found"):
		// Named after what Seam says is missing: device_not_found → "Device not found".
		what := strings.TrimSpace(strings.ReplaceAll(strings.TrimSuffix(e.Type, "_not_found"), "_", " "))
		if what == "" {
			what = "object"
		}
		add(strings.ToUpper(what[:1])+what[1:]+" not found",
			fmt.Sprintf("Seam has no %s for the input given while %s. Check the ids in the configuration, and that the "+
				"credential belongs to the workspace they are in.", what, call.doing), true)
	case call.noClientSession && (e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden):
		add("Seam does not accept client session tokens here",
			fmt.Sprintf("Seam refused the client session token from %s while %s: this route needs an API key or a personal access token. "+
				"Configure one of those, or read each attempt with data \"seam_action_attempt\", which accepts client session tokens.",
				call.credentialSource, call.doing), false)
	case e.StatusCode == http.StatusUnauthorized:
		add("Seam API rejected the credentials",
			fmt.Sprintf("Seam refused the credential from %s while %s. Check that it is current, not revoked, "+
				"and belongs to the workspace you mean to read.", call.credentialSource, call.doing), false)
	case e.StatusCode == http.StatusForbidden:
		add("Seam API denied access",
			fmt.Sprintf("The credential from %s is valid but not allowed to do this (%s). "+
				"Use a credential with access to this workspace or resource.", call.credentialSource, call.doing), false)
	case e.StatusCode == http.StatusBadRequest && e.Type == "invalid_input":
		detail := fmt.Sprintf("Seam rejected the input while %s.", call.doing)
		for _, line := range e.ValidationErrors {
			detail += "\n  - " + line
		}
		add("Seam rejected the request as invalid", detail, true)
	case e.RedirectHost != "":
		add("Seam API answered with a redirect",
			fmt.Sprintf("While %s, the endpoint redirected to host %s. The provider does not follow redirects, so that the "+
				"credential is sent only to the configured endpoint. Set endpoint to the API's final URL.", call.doing, e.RedirectHost), false)
	case e.StatusCode >= 200 && e.StatusCode <= 299:
		add("Unexpected response from the Seam API",
			fmt.Sprintf("While %s, the endpoint answered with success but not in the shape Seam documents. "+
				"Check that endpoint points at the Seam API; if it does, report this to Seam with the seam-request-id.", call.doing), false)
	case e.StatusCode == http.StatusNotFound && e.Type == "":
		add("No Seam API at the endpoint",
			fmt.Sprintf("While %s, the endpoint answered 404 with something other than Seam's JSON. This usually means "+
				"endpoint points somewhere other than the Seam API, for example with a wrong path. Check endpoint (the default is %s).",
				call.doing, seam.DefaultEndpoint), false)
	case e.StatusCode == http.StatusTooManyRequests:
		add("Seam API rate limit reached",
			fmt.Sprintf("Seam is limiting the rate of requests and still refused after the retries, while %s. "+
				"Wait a little and run Terraform again, use a lower -parallelism, or raise max_retries.", call.doing), false)
	case e.Type == "":
		add("Unexpected response from the Seam API",
			fmt.Sprintf("While %s, the endpoint answered with something other than Seam's JSON. "+
				"A proxy or an outage page may be in the way; check the endpoint, and try again later.", call.doing), false)
	default:
		add("Seam API error",
			fmt.Sprintf("Seam reported an error while %s. If it persists, contact Seam support with the seam-request-id.", call.doing), false)
	}
}

// shortDuration prints a duration without trailing zero units ("5m", not
// "5m0s"), rounded to a tenth of a second.
func shortDuration(d time.Duration) string {
	text := d.Round(100 * time.Millisecond).String()
	if strings.HasSuffix(text, "m0s") {
		text = strings.TrimSuffix(text, "0s")
	}
	if strings.HasSuffix(text, "h0m") {
		text = strings.TrimSuffix(text, "0m")
	}
	return text
}

// lastAnswerFact says what Seam last answered before a request was cut
// short, as a clause: " after HTTP 429 Too Many Requests (seam-request-id
// x)", or "" when it never answered.
func lastAnswerFact(e *seam.RequestError) string {
	if e.LastStatus == 0 {
		return ""
	}
	fact := fmt.Sprintf(" after HTTP %d %s", e.LastStatus, http.StatusText(e.LastStatus))
	if e.LastRequestID != "" {
		fact += " (seam-request-id " + e.LastRequestID + ")"
	}
	return fact
}

// requestFacts lists what is known of a request that got no usable answer.
func requestFacts(e *seam.RequestError) string {
	facts := "\n\nRequest: " + e.Method + " " + e.URL
	if e.StatusCode != 0 {
		facts += fmt.Sprintf("\nHTTP status: %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if e.LastStatus != 0 {
		facts += fmt.Sprintf("\nLast answer before that: HTTP %d %s", e.LastStatus, http.StatusText(e.LastStatus))
	}
	facts += attemptsFact(e.Attempts)
	if e.RequestID != "" {
		facts += "\nseam-request-id: " + e.RequestID
	} else if e.LastRequestID != "" {
		facts += "\nseam-request-id of the last answer: " + e.LastRequestID
	}
	return facts
}

// answerFacts lists what Seam answered, one fact a line, for the end of a
// diagnostic's detail.
func answerFacts(e *seam.APIError) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n\nHTTP status: %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	if e.Type != "" {
		fmt.Fprintf(&b, "\nSeam error type: %s", e.Type)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, "\nSeam error message: %s", e.Message)
	}
	if e.Problem != "" && e.RedirectHost == "" { // the summary already says it redirected
		fmt.Fprintf(&b, "\nProblem: %s", e.Problem)
	}
	if e.BodyExcerpt != "" {
		fmt.Fprintf(&b, "\nResponse begins: %q", e.BodyExcerpt)
	}
	b.WriteString(attemptsFact(e.Attempts))
	if e.RequestID != "" {
		fmt.Fprintf(&b, "\nseam-request-id: %s", e.RequestID)
	}
	return b.String()
}

// attemptsFact says how many tries were made, when there was more than one,
// so that a user can tell a persistent failure from a single bad answer.
func attemptsFact(attempts int) string {
	if attempts <= 1 {
		return ""
	}
	return fmt.Sprintf("\nAttempts: %d (max_retries sets how many retries are made; the last failure is shown)", attempts)
}
