package seam

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

// ------------------------------------------------ Seam's JSON error answers

func TestGetActionAttempt_404_DecodesSeamError(t *testing.T) {
	_, srv := newFake(t)
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.GetActionAttempt(context.Background(), "no-such-attempt")
	if got != nil {
		t.Errorf("attempt = %+v, want nil", got)
	}
	apiErr := asAPIError(t, err)
	want := APIError{
		Attempts:   1,
		StatusCode: 404,
		Type:       "action_attempt_not_found",
		Message:    "action_attempt not found",
		RequestID:  "req_1",
	}
	if !reflect.DeepEqual(*apiErr, want) {
		t.Errorf("APIError = %+v, want %+v", *apiErr, want)
	}
	if want := "HTTP 404 action_attempt_not_found: action_attempt not found (seam-request-id req_1)"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestGetActionAttempt_400_InvalidInput_FlattensValidationErrors(t *testing.T) {
	f, srv := newFake(t)
	f.QueueResponses(fakeseam.Response{
		Status: http.StatusBadRequest,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body: `{"error":{"type":"invalid_input","message":"Required: action_attempt_id",` +
			`"validation_errors":{"_errors":["top"],"action_attempt_id":{"_errors":["Required"]},"a":{"b":{"_errors":["x"]}}}},"ok":false}`,
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	want := APIError{
		Attempts:         1,
		StatusCode:       400,
		Type:             "invalid_input",
		Message:          "Required: action_attempt_id",
		ValidationErrors: []string{"a.b: x", "action_attempt_id: Required", "top"},
		RequestID:        "req_1",
	}
	if !reflect.DeepEqual(*apiErr, want) {
		t.Errorf("APIError = %+v, want %+v", *apiErr, want)
	}
}

func TestGetActionAttempt_401_Unauthorized(t *testing.T) {
	tests := []struct {
		name        string
		cred        Credential
		wantType    string
		wantMessage string
	}{
		{"unknown api key", Credential{Kind: KindAPIKey, Token: "seam_not_a_real_key"}, "unauthorized", "API Key not found"},
		// As Seam's fake words it (internal/conformance/wire_test.go).
		{"personal access token, wrong workspace", Credential{Kind: KindPersonalAccessToken, Token: testPAT, WorkspaceID: "ws_other"},
			"access_token_used_for_api_key", "An access token was used instead of an API key"},
		{"client session token sent as api key (no client-session-token header)", Credential{Kind: KindAPIKey, Token: testCST},
			"unauthorized", "Missing client-session-token header (required with a client session token)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, srv := newFake(t)
			c := newTestClient(t, srv.URL, tt.cred)
			_, err := c.GetActionAttempt(context.Background(), testAttemptID)
			apiErr := asAPIError(t, err)
			want := APIError{
				Attempts: 1, StatusCode: 401, Type: tt.wantType, Message: tt.wantMessage, RequestID: "req_1"}
			if !reflect.DeepEqual(*apiErr, want) {
				t.Errorf("APIError = %+v, want %+v", *apiErr, want)
			}
		})
	}
}

func TestGetActionAttempt_500_JSON(t *testing.T) {
	f, srv := newFake(t)
	f.QueueResponses(fakeseam.Response{
		Status: http.StatusInternalServerError,
		Header: http.Header{"Seam-Request-Id": {"req_override"}},
		Body:   `{"error":{"type":"internal_server_error","message":"Something went wrong","data":{"x":1}},"ok":false}`,
	})
	c := newTestClient(t, srv.URL, apiKeyCredential)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	want := APIError{
		Attempts: 1, StatusCode: 500, Type: "internal_server_error", Message: "Something went wrong", RequestID: "req_override"}
	if !reflect.DeepEqual(*apiErr, want) {
		t.Errorf("APIError = %+v, want %+v", *apiErr, want)
	}
	if want := "HTTP 500 internal_server_error: Something went wrong (seam-request-id req_override)"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestGetActionAttempt_503_EmptyBody(t *testing.T) {
	for _, body := range []string{"", " \r\n\t "} {
		t.Run(fmt.Sprintf("%q", body), func(t *testing.T) {
			f, srv := newFake(t)
			f.QueueResponses(fakeseam.Response{Status: http.StatusServiceUnavailable, Body: body})
			c := newTestClient(t, srv.URL, apiKeyCredential)

			_, err := c.GetActionAttempt(context.Background(), testAttemptID)
			apiErr := asAPIError(t, err)
			want := APIError{
				Attempts: 1, StatusCode: 503, RequestID: "req_1", Problem: "the response body is empty"}
			if !reflect.DeepEqual(*apiErr, want) {
				t.Errorf("APIError = %+v, want %+v", *apiErr, want)
			}
			if want := "HTTP 503: the response body is empty (seam-request-id req_1)"; err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
		})
	}
}

func TestGetActionAttempt_502_HTML_ProblemAndExcerpt(t *testing.T) {
	html := "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\t<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
	srv := serve(t, fixedResponse(http.StatusBadGateway, http.Header{"Content-Type": {"text/html"}}, html))
	c := newTestClient(t, srv.URL, apiKeyCredential)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	want := APIError{
		Attempts:    1,
		StatusCode:  502,
		Problem:     "the response is not Seam's JSON error format",
		BodyExcerpt: "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> </body> </html>",
	}
	if !reflect.DeepEqual(*apiErr, want) {
		t.Errorf("APIError =\n  %+v\nwant\n  %+v", *apiErr, want)
	}
	if want := "HTTP 502: the response is not Seam's JSON error format"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

// checkExcerpt asserts the excerpt rules: one printable line of at most 200
// runes, plus "…" when cut.
func checkExcerpt(t *testing.T, excerpt string, wantTruncated bool) {
	t.Helper()
	if !utf8.ValidString(excerpt) {
		t.Errorf("excerpt is not valid UTF-8: %q", excerpt)
	}
	for _, r := range excerpt {
		if unicode.IsControl(r) || r == '\n' || r == '\r' || r == '\t' {
			t.Errorf("excerpt contains control character %U: %q", r, excerpt)
			break
		}
	}
	if strings.Contains(excerpt, "  ") {
		t.Errorf("excerpt has a run of spaces: %q", excerpt)
	}
	body := excerpt
	if wantTruncated {
		var ok bool
		body, ok = strings.CutSuffix(excerpt, "…")
		if !ok {
			t.Errorf("excerpt %q does not end with the truncation marker", excerpt)
		}
	} else if strings.HasSuffix(excerpt, "…") {
		t.Errorf("excerpt %q ends with the truncation marker, want none", excerpt)
	}
	if n := utf8.RuneCountInString(body); n > 200 {
		t.Errorf("excerpt has %d runes before the marker, want at most 200", n)
	}
}

func TestGetActionAttempt_502_LongHTML_ExcerptOneLineTruncated(t *testing.T) {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html>\n<head>\x1b[31m<title>Proxy error</title></head>\n<body>\n")
	for i := range 200 {
		fmt.Fprintf(&b, "\t<p>line %d: ünïcödé \x00\x07\xff\xfe text</p>\r\n", i)
	}
	b.WriteString("</body></html>")
	srv := serve(t, fixedResponse(http.StatusBadGateway, nil, b.String()))
	c := newTestClient(t, srv.URL, apiKeyCredential)

	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	if apiErr.Problem != "the response is not Seam's JSON error format" {
		t.Errorf("Problem = %q", apiErr.Problem)
	}
	if !strings.HasPrefix(apiErr.BodyExcerpt, "<!DOCTYPE html> <html> <head> [31m<title>Proxy error</title></head> <body> <p>line 0: ünïcödé \uFFFD\uFFFD text</p>") {
		t.Errorf("BodyExcerpt = %q, unexpected start", apiErr.BodyExcerpt)
	}
	checkExcerpt(t, apiErr.BodyExcerpt, true)
	if n := utf8.RuneCountInString(apiErr.BodyExcerpt); n != 201 {
		t.Errorf("BodyExcerpt has %d runes, want 200 + marker", n)
	}
	if strings.Contains(err.Error(), "<p>") {
		t.Errorf("Error() = %q includes the body; the excerpt is a separate field", err.Error())
	}
}

func TestGetActionAttempt_PlainTextErrors(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		excerpt string
	}{
		{"unknown route text", http.StatusNotFound, "Not Found", "Not Found"},
		{"invalid json text", http.StatusBadRequest, "Invalid JSON", "Invalid JSON"},
		{"json without error member", http.StatusInternalServerError, `{"ok":false}`, `{"ok":false}`},
		{"json with null error", http.StatusInternalServerError, `{"error":null,"ok":false}`, `{"error":null,"ok":false}`},
		{"json with string error", http.StatusTooManyRequests, `{"error":"slow down"}`, `{"error":"slow down"}`},
		{"json array", http.StatusBadRequest, `[1,2]`, `[1,2]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, fixedResponse(tt.status, http.Header{"Seam-Request-Id": {"req_t"}}, tt.body))
			c := newTestClient(t, srv.URL, apiKeyCredential)
			_, err := c.GetActionAttempt(context.Background(), testAttemptID)
			apiErr := asAPIError(t, err)
			want := APIError{
				Attempts:    1,
				StatusCode:  tt.status,
				RequestID:   "req_t",
				Problem:     "the response is not Seam's JSON error format",
				BodyExcerpt: tt.excerpt,
			}
			if !reflect.DeepEqual(*apiErr, want) {
				t.Errorf("APIError = %+v, want %+v", *apiErr, want)
			}
		})
	}
}

// ------------------------------------------------------ unusable 2xx answers

func TestGetActionAttempt_200_NonJSON_APIError(t *testing.T) {
	srv := serve(t, fixedResponse(http.StatusOK, http.Header{"Seam-Request-Id": {"req_html"}}, "<html>\n  <body>Login to the captive portal</body>\n</html>"))
	c := newTestClient(t, srv.URL, apiKeyCredential)

	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if got != nil {
		t.Errorf("attempt = %+v, want nil", got)
	}
	apiErr := asAPIError(t, err)
	want := APIError{
		Attempts:    1,
		StatusCode:  200,
		RequestID:   "req_html",
		Problem:     "the response is not the JSON Seam documents (it is not valid JSON, or not an object)",
		BodyExcerpt: "<html> <body>Login to the captive portal</body> </html>",
	}
	if !reflect.DeepEqual(*apiErr, want) {
		t.Errorf("APIError = %+v, want %+v", *apiErr, want)
	}
	if want := "HTTP 200: the response is not the JSON Seam documents (it is not valid JSON, or not an object) (seam-request-id req_html)"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

func TestGetActionAttempt_200_WrongJSONShape_APIError(t *testing.T) {
	// A success body can hold an attempt's result (PIN codes), so none of
	// it is quoted: the problem names the field instead.
	notJSON := "the response is not the JSON Seam documents (it is not valid JSON, or not an object)"
	tests := []struct {
		name        string
		body        string
		wantProblem string
	}{
		{"empty body", "", notJSON},
		{"truncated json", `{"action_attempt":{"action_attempt_id":"x","result":{"pin":"8675309"`, notJSON},
		{"action_attempt is a string", `{"action_attempt":"x","ok":true}`,
			"the response is not the JSON Seam documents: action_attempt is a JSON string where an object was expected"},
		{"status is a number", `{"action_attempt":{"action_attempt_id":"x","status":1,"result":{"pin":"8675309"}}}`,
			"the response is not the JSON Seam documents: action_attempt.status is a JSON number where a string was expected"},
		{"error is a string", `{"action_attempt":{"action_attempt_id":"x","error":"boom"}}`,
			"the response is not the JSON Seam documents: action_attempt.error is a JSON string where an object was expected"},
		{"no status", `{"action_attempt":{"action_attempt_id":"x","action_type":"LOCK_DOOR"}}`,
			"the response's action_attempt has no status"},
		{"no action type", `{"action_attempt":{"action_attempt_id":"x","status":"success"}}`,
			"the response's action_attempt has no action_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, fixedResponse(http.StatusOK, http.Header{"Seam-Request-Id": {"req_w"}}, tt.body))
			c := newTestClient(t, srv.URL, apiKeyCredential)
			got, err := c.GetActionAttempt(context.Background(), "x")
			if got != nil {
				t.Errorf("attempt = %+v, want nil", got)
			}
			apiErr := asAPIError(t, err)
			if apiErr.StatusCode != 200 || apiErr.RequestID != "req_w" || apiErr.Problem != tt.wantProblem {
				t.Errorf("APIError = %+v, want 200, req_w, %q", *apiErr, tt.wantProblem)
			}
			if apiErr.BodyExcerpt != "" || strings.Contains(err.Error(), "8675309") {
				t.Errorf("a success body was quoted: BodyExcerpt %q, Error() %q", apiErr.BodyExcerpt, err.Error())
			}
		})
	}
}

func TestGetActionAttempt_200_NoActionAttempt_APIErrorWithRequestID(t *testing.T) {
	for _, body := range []string{`{"ok":true}`, `{"action_attempt":null,"ok":true}`, `{}`, `null`} {
		t.Run(body, func(t *testing.T) {
			f, srv := newFake(t)
			f.QueueResponses(fakeseam.Response{Status: http.StatusOK, Header: http.Header{"Seam-Request-Id": {"req_empty"}}, Body: body})
			c := newTestClient(t, srv.URL, apiKeyCredential)
			got, err := c.GetActionAttempt(context.Background(), testAttemptID)
			if got != nil {
				t.Errorf("attempt = %+v, want nil", got)
			}
			apiErr := asAPIError(t, err)
			want := APIError{
				Attempts: 1, StatusCode: 200, RequestID: "req_empty", Problem: "the response has no action_attempt"}
			if !reflect.DeepEqual(*apiErr, want) {
				t.Errorf("APIError = %+v, want %+v", *apiErr, want)
			}
			if want := "HTTP 200: the response has no action_attempt (seam-request-id req_empty)"; err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
		})
	}
}

func TestGetActionAttempt_Non200Success_NoActionAttempt_ReportsActualStatus(t *testing.T) {
	srv := serve(t, fixedResponse(http.StatusNonAuthoritativeInfo, nil, `{"ok":true}`))
	c := newTestClient(t, srv.URL, apiKeyCredential)
	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	if apiErr.StatusCode != http.StatusNonAuthoritativeInfo {
		t.Errorf("StatusCode = %d, want 203 (the status Seam actually sent)", apiErr.StatusCode)
	}
}

// TestGetActionAttempt_2xx_Accepted: any 2xx with the envelope is a success.
func TestGetActionAttempt_2xx_Accepted(t *testing.T) {
	srv := serve(t, fixedResponse(http.StatusCreated, nil, successBody))
	c := newTestClient(t, srv.URL, apiKeyCredential)
	got, err := c.GetActionAttempt(context.Background(), testAttemptID)
	if err != nil {
		t.Fatalf("GetActionAttempt: %v", err)
	}
	if got.Status != "success" {
		t.Errorf("Status = %q, want success", got.Status)
	}
}

// ------------------------------------------------------- credential echoes

// TestGetActionAttempt_BodyEchoesToken_Redacted: a proxy page or an error
// message that repeats the bearer token must not carry it into diagnostics.
func TestGetActionAttempt_BodyEchoesToken_Redacted(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		body        string
		wantMessage string
		wantExcerpt string
	}{
		{
			name:        "html error page",
			status:      http.StatusBadGateway,
			body:        "<html><body><pre>Authorization: Bearer " + testCST + "\nclient-session-token: " + testCST + "</pre></body></html>",
			wantExcerpt: "<html><body><pre>Authorization: Bearer [redacted] client-session-token: [redacted]</pre></body></html>",
		},
		{
			name:        "json error message",
			status:      http.StatusUnauthorized,
			body:        `{"error":{"type":"unauthorized","message":"Token ` + testCST + ` is revoked (` + testCST + `)"},"ok":false}`,
			wantMessage: "Token [redacted] is revoked ([redacted])",
		},
		{
			name:        "200 non-json",
			status:      http.StatusOK,
			body:        "token=" + testCST,
			wantExcerpt: "token=[redacted]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := serve(t, fixedResponse(tt.status, nil, tt.body))
			c := newTestClient(t, srv.URL, Credential{Kind: KindClientSessionToken, Token: testCST})
			_, err := c.GetActionAttempt(context.Background(), testAttemptID)
			apiErr := asAPIError(t, err)
			for field, s := range map[string]string{"Error()": err.Error(), "Message": apiErr.Message, "BodyExcerpt": apiErr.BodyExcerpt} {
				if strings.Contains(s, testCST) {
					t.Errorf("%s contains the token: %q", field, s)
				}
			}
			if apiErr.Message != tt.wantMessage {
				t.Errorf("Message = %q, want %q", apiErr.Message, tt.wantMessage)
			}
			if apiErr.BodyExcerpt != tt.wantExcerpt {
				t.Errorf("BodyExcerpt = %q, want %q", apiErr.BodyExcerpt, tt.wantExcerpt)
			}
		})
	}
}

// TestGetActionAttempt_TokenAtExcerptBoundary_NoPartialToken: the excerpt
// is cut to 200 runes before the token is redacted, so a token straddling
// the cut is not recognised and its first characters are shown.
func TestGetActionAttempt_TokenAtExcerptBoundary_NoPartialToken(t *testing.T) {
	body := strings.Repeat("x", 190) + testCST + " trailing text"
	srv := serve(t, fixedResponse(http.StatusBadGateway, nil, body))
	c := newTestClient(t, srv.URL, Credential{Kind: KindClientSessionToken, Token: testCST})
	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	if strings.Contains(apiErr.BodyExcerpt, testCST[:len("seam_cst_")+1]) {
		t.Errorf("BodyExcerpt %q holds the start of the token", apiErr.BodyExcerpt)
	}
}

// TestGetActionAttempt_TokenInErrorTypeOrValidationErrors_Redacted: the
// other fields taken from a JSON error body are printed in diagnostics too.
func TestGetActionAttempt_TokenInErrorTypeOrValidationErrors_Redacted(t *testing.T) {
	body := `{"error":{"type":"bad_token_` + testAPIKey + `","message":"m","validation_errors":{"token":{"_errors":["got ` + testAPIKey + `"]}}},"ok":false}`
	srv := serve(t, fixedResponse(http.StatusBadRequest, nil, body))
	c := newTestClient(t, srv.URL, apiKeyCredential)
	_, err := c.GetActionAttempt(context.Background(), testAttemptID)
	apiErr := asAPIError(t, err)
	if strings.Contains(err.Error(), testAPIKey) {
		t.Errorf("Error() contains the token: %q", err.Error())
	}
	if strings.Contains(strings.Join(apiErr.ValidationErrors, "\n"), testAPIKey) {
		t.Errorf("ValidationErrors contain the token: %q", apiErr.ValidationErrors)
	}
}

// --------------------------------------------------------- Error() strings

func TestAPIError_Error(t *testing.T) {
	tests := []struct {
		name string
		err  APIError
		want string
	}{
		{"status only", APIError{StatusCode: 418}, "HTTP 418"},
		{"type only", APIError{StatusCode: 404, Type: "t"}, "HTTP 404 t"},
		{"message only", APIError{StatusCode: 400, Message: "m"}, "HTTP 400: m"},
		{"problem and request id", APIError{StatusCode: 503, Problem: "p", RequestID: "r"}, "HTTP 503: p (seam-request-id r)"},
		{"everything", APIError{StatusCode: 400, Type: "t", Message: "m", Problem: "p", RequestID: "r", BodyExcerpt: "b", RedirectHost: "h", ValidationErrors: []string{"v"}},
			"HTTP 400 t: m: p (seam-request-id r)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRequestError_ErrorAndUnwrap(t *testing.T) {
	inner := fmt.Errorf("reading the response: %w", io.ErrUnexpectedEOF)
	err := &RequestError{Method: "POST", URL: "https://connect.getseam.com/action_attempts/get", StatusCode: 200, RequestID: "r", Err: inner}
	if want := "POST https://connect.getseam.com/action_attempts/get: reading the response: unexpected EOF"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Error("errors.Is(err, io.ErrUnexpectedEOF) = false, want true")
	}
	if errors.Unwrap(err) != inner {
		t.Error("Unwrap() does not return Err")
	}
}

// ------------------------------------------------- flattenValidationErrors

func TestFlattenValidationErrors(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want []string
	}{
		{"absent", "", nil},
		{"null", "null", nil},
		{"not an object", `["x"]`, nil},
		{"not json", `{`, nil},
		{"brief example, sorted", `{"_errors":["top"],"action_attempt_id":{"_errors":["Required"]},"a":{"b":{"_errors":["x"]}}}`,
			[]string{"a.b: x", "action_attempt_id: Required", "top"}},
		{"fakeseam missing field", `{"_errors":[],"action_attempt_id":{"_errors":["Required"]}}`,
			[]string{"action_attempt_id: Required"}},
		{"several messages on one field", `{"f":{"_errors":["b","a"]}}`, []string{"f: a", "f: b"}},
		{"array index keys", `{"ids":{"0":{"_errors":["Invalid uuid"]},"_errors":[]}}`, []string{"ids.0: Invalid uuid"}},
		{"unreadable parts are left out", `{"_errors":"nope","a":5,"b":{"_errors":[1,2]},"c":{"_errors":["ok"]}}`, []string{"c: ok"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var raw []byte
			if tt.raw != "" {
				raw = []byte(tt.raw)
			}
			got := flattenValidationErrors(raw)
			if len(tt.want) == 0 {
				if len(got) != 0 {
					t.Errorf("got %q, want none", got)
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// --------------------------------------------------------- sanitizeExcerpt

func TestSanitizeExcerpt(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		limit int
		want  string
	}{
		{"plain", "hello", 200, "hello"},
		{"empty", "", 200, ""},
		{"only white space", " \n\t\r ", 200, ""},
		{"newlines and tabs collapse", "  a\n\tb  \r\n c \n", 200, "a b c"},
		{"nul and bell become space", "a\x00\x07b", 200, "a b"},
		{"escape sequence loses its escape", "\x1b[31mred\x1b[0m", 200, "[31mred [0m"},
		{"c1 control", "a\u009bb", 200, "a b"},
		{"unicode line separator", "a\u2028b", 200, "a b"},
		{"invalid byte replaced", "a\xffb", 200, "a\uFFFDb"},
		{"truncated multibyte replaced per byte", "a\xe2\x82", 200, "a\uFFFD\uFFFD"},
		{"valid multibyte kept", "héllo wörld ✓", 200, "héllo wörld ✓"},
		{"truncation marker", "abcdefghij", 5, "abcde…"},
		{"exactly the limit, no marker", "abcde", 5, "abcde"},
		{"limit counts runes not bytes", "héllo wörld", 5, "héllo…"},
		{"collapsed space counts", "ab\n\n\ncd", 3, "ab…"},
		{"space at the cut is trimmed", "abcd efgh", 5, "abcd…"},
		{"leading controls skipped without counting", "\x00\x01\x02abc", 3, "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sanitizeExcerpt([]byte(tt.raw), tt.limit); got != tt.want {
				t.Errorf("sanitizeExcerpt(%q, %d) = %q, want %q", tt.raw, tt.limit, got, tt.want)
			}
		})
	}
}

// TestSanitizeExcerpt_AllBytes feeds every byte value, repeated, and checks
// the output rules hold.
func TestSanitizeExcerpt_AllBytes(t *testing.T) {
	var raw []byte
	for i := range 4 {
		for b := range 256 {
			raw = append(raw, byte(b), byte(i))
		}
	}
	got := sanitizeExcerpt(raw, 200)
	checkExcerpt(t, got, true)
	if n := utf8.RuneCountInString(strings.TrimSuffix(got, "…")); n < 150 {
		t.Errorf("excerpt has only %d runes, want close to 200", n)
	}
}
