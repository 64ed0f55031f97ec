package seam

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// APIError is an HTTP answer from the endpoint that was not a success.
type APIError struct {
	StatusCode int
	// Type and Message are Seam's error.type and error.message; empty when
	// the body was not Seam's error format.
	Type    string
	Message string
	// ValidationErrors are Seam's validation_errors as "field: problem"
	// lines, for invalid_input errors.
	ValidationErrors []string
	// RequestID is the seam-request-id header: what Seam support asks for.
	RequestID string
	// Problem describes an answer that was not Seam's JSON (an empty body,
	// an HTML page, a redirect), with BodyExcerpt a short safe piece of it.
	Problem      string
	BodyExcerpt  string
	RedirectHost string
	// Attempts is how many HTTP attempts were made, retries included.
	Attempts int
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	if e.Type != "" {
		fmt.Fprintf(&b, " %s", e.Type)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Problem != "" {
		fmt.Fprintf(&b, ": %s", e.Problem)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (seam-request-id %s)", e.RequestID)
	}
	return b.String()
}

// RequestError is a request that got no usable answer: the connection
// failed, timed out, was cancelled, or the body could not be read.
type RequestError struct {
	Method     string
	URL        string
	StatusCode int // when a response arrived but its body could not be read
	RequestID  string
	// Attempts is how many HTTP attempts were made, retries included.
	Attempts int
	// LastStatus and LastRequestID are of the last answer an earlier
	// attempt got, when there was one (say, a 429 being retried when the
	// caller's deadline came).
	LastStatus    int
	LastRequestID string
	Err           error
}

func (e *RequestError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Method, e.URL, e.Err)
}

func (e *RequestError) Unwrap() error { return e.Err }

// flattenValidationErrors turns zod-style validation errors
// ({"_errors": [...], "field": {"_errors": ["Required"]}}) into sorted
// "field: message" lines. Anything it cannot read is left out.
func flattenValidationErrors(raw json.RawMessage) []string {
	if len(raw) == 0 {
		return nil
	}
	var tree map[string]json.RawMessage
	if err := json.Unmarshal(raw, &tree); err != nil {
		return nil
	}
	var lines []string
	var walk func(path string, node map[string]json.RawMessage)
	walk = func(path string, node map[string]json.RawMessage) {
		for key, value := range node {
			if key == "_errors" {
				var messages []string
				if json.Unmarshal(value, &messages) == nil {
					for _, m := range messages {
						if path == "" {
							lines = append(lines, m)
						} else {
							lines = append(lines, path+": "+m)
						}
					}
				}
				continue
			}
			var child map[string]json.RawMessage
			if json.Unmarshal(value, &child) == nil {
				childPath := key
				if path != "" {
					childPath = path + "." + key
				}
				walk(childPath, child)
			}
		}
	}
	walk("", tree)
	sort.Strings(lines)
	return lines
}

// sanitizeExcerpt returns at most limit runes of raw as one printable line:
// control characters and runs of white space become single spaces, and
// invalid UTF-8 is replaced, so a binary or HTML body cannot garble a
// terminal.
func sanitizeExcerpt(raw []byte, limit int) string {
	var b strings.Builder
	count := 0
	space := false
	for len(raw) > 0 && count < limit {
		r, size := utf8.DecodeRune(raw)
		raw = raw[size:]
		if r == utf8.RuneError && size <= 1 {
			r = '\uFFFD'
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				count++
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
		count++
	}
	out := strings.TrimSpace(b.String())
	if len(raw) > 0 {
		out += "…"
	}
	return out
}
