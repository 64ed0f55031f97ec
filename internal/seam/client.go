package seam

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
)

const (
	// DefaultRequestTimeout bounds one HTTP request, as in Seam's SDKs.
	DefaultRequestTimeout = 30 * time.Second

	// maxResponseBytes caps how much of a response body is read, so that a
	// misbehaving server or proxy cannot exhaust memory.
	maxResponseBytes = 10 << 20

	// maxConnsPerHost matches Terraform's default parallelism of 10: all
	// of them stay idle between reads so that they are reused, and no more
	// are opened (Go would otherwise dial a spare connection whenever all
	// are busy, even if one frees up a moment later). Reads beyond ten at
	// once wait for a connection, which also keeps a large plan within
	// Seam's rate limits.
	maxConnsPerHost = 10

	requestIDHeader = "seam-request-id"
)

// Config is what a Client needs. Endpoint and Credential are required.
type Config struct {
	Endpoint   string
	Credential Credential
	// UserAgent is sent on every request.
	UserAgent string
	// RequestTimeout bounds each attempt; zero means DefaultRequestTimeout.
	RequestTimeout time.Duration
	// MaxRetries is how many times a request that failed transiently
	// (network error, 429, 500, 502, 503, 504) is tried again; 0 means never.
	MaxRetries int
	// Logger, when set, gets one line per attempt.
	Logger Logger
}

// Client talks to one Seam endpoint with one credential. It is safe for
// concurrent use, and one Client should serve every read of a provider so
// that connections are pooled and reused.
type Client struct {
	baseURL    *url.URL
	credential Credential
	userAgent  string
	logger     Logger
	// httpClient makes one attempt; retryClient wraps it with the retry
	// policy and backoff.
	httpClient  *http.Client
	retryClient *retryablehttp.Client
}

// NewClient checks cfg and builds a Client on a pooled transport.
func NewClient(cfg Config) (*Client, error) {
	base, err := ParseEndpoint(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	if cfg.Credential.Token == "" {
		return nil, errors.New("no Seam credential was given")
	}
	if cfg.Credential.Kind == KindPersonalAccessToken && cfg.Credential.WorkspaceID == "" {
		return nil, errors.New("a personal access token needs a workspace id")
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be 0 or more, not %d", cfg.MaxRetries)
	}
	timeout := cfg.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}

	// The pooled transport reads HTTPS_PROXY and NO_PROXY, and keeps
	// connections alive between reads.
	transport := cleanhttp.DefaultPooledTransport()
	transport.MaxIdleConnsPerHost = maxConnsPerHost
	transport.MaxConnsPerHost = maxConnsPerHost
	httpClient := &http.Client{
		Transport: &loggingTransport{next: transport, logger: cfg.Logger},
		Timeout:   timeout,
		// Redirects are never followed: the credential must reach only the
		// configured endpoint. A 3xx becomes an error naming its target.
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}

	retryClient := &retryablehttp.Client{
		HTTPClient:   httpClient,
		RetryMax:     cfg.MaxRetries,
		RetryWaitMin: retryWaitMin,
		RetryWaitMax: retryWaitMax,
		CheckRetry:   checkRetry,
		Backoff:      backoff,
		// The last answer comes back as it is, body unread, so that its
		// Seam error can be reported; the default would discard it.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		// No logger: the retry client's own lines would bypass tflog's
		// levels and masking. loggingTransport logs every attempt instead.
		Logger: nil,
	}

	return &Client{
		baseURL:     base,
		credential:  cfg.Credential,
		userAgent:   cfg.UserAgent,
		logger:      cfg.Logger,
		httpClient:  httpClient,
		retryClient: retryClient,
	}, nil
}

// Endpoint is the base URL requests go to.
func (c *Client) Endpoint() string { return c.baseURL.String() }

// answer is what post tells about a successful response besides its body.
type answer struct {
	statusCode int
	requestID  string
	attempts   int
}

// post sends body as JSON to path and decodes a successful response into
// out. Failures come back as *APIError (Seam answered) or *RequestError (no
// usable answer).
func (c *Client) post(ctx context.Context, path string, body any, out any) (answer, error) {
	endpoint := c.baseURL.JoinPath(path).String()
	var attempts *attemptCounter
	fail := func(status int, requestID string, tries int, err error) *RequestError {
		e := &RequestError{
			Method: http.MethodPost, URL: endpoint, StatusCode: status,
			RequestID: requestID, Attempts: tries, Err: c.describe(ctx, err),
		}
		if attempts != nil {
			if last := attempts.last.Load(); last != nil && status == 0 {
				e.LastStatus, e.LastRequestID = last.status, last.requestID
			}
		}
		return e
	}

	payload, err := json.Marshal(body)
	if err != nil {
		return answer{}, fail(0, "", 0, fmt.Errorf("encoding the request: %w", err))
	}
	ctx, attempts = withAttemptCounter(ctx)
	req, err := retryablehttp.NewRequestWithContext(ctx, http.MethodPost, endpoint, payload)
	if err != nil {
		return answer{}, fail(0, "", 0, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	c.credential.setHeaders(req.Header)

	// The body is read inside the retry loop, so that a connection dropped
	// mid-body is retried like any other network error. The retry client
	// calls this only for answers it will not retry.
	var raw []byte
	bodyRead := false
	req.SetResponseHandler(func(resp *http.Response) error {
		var err error
		raw, err = readCapped(resp.Body)
		bodyRead = err == nil
		if err != nil && c.logger != nil {
			// The transport logged this attempt's status already; say that
			// its body then failed, since it may be retried.
			c.logger.Debug(ctx, "Seam API response could not be read", map[string]any{
				"path": path, "status": resp.StatusCode, "attempt": attempts.n.Load(), "error": c.redact(err.Error()),
			})
		}
		return err
	})

	resp, err := c.retryClient.Do(req)
	tries := int(attempts.n.Load())
	if err != nil {
		if resp == nil {
			return answer{}, fail(0, "", tries, err)
		}
		resp.Body.Close()
		return answer{}, fail(resp.StatusCode, resp.Header.Get(requestIDHeader), tries, err)
	}
	defer resp.Body.Close()
	requestID := resp.Header.Get(requestIDHeader)
	if !bodyRead {
		// A retryable answer whose retries ran out: its body is still here.
		if raw, err = readCapped(resp.Body); err != nil {
			return answer{}, fail(resp.StatusCode, requestID, tries, err)
		}
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := c.apiError(resp, raw)
		apiErr.Attempts = tries
		if c.logger != nil {
			c.logger.Trace(ctx, "Seam API error response", map[string]any{
				"status": resp.StatusCode, "body_excerpt": c.excerpt(raw),
			})
		}
		return answer{}, apiErr
	}
	if err := json.Unmarshal(raw, out); err != nil {
		apiErr := &APIError{
			StatusCode: resp.StatusCode,
			RequestID:  requestID,
			Attempts:   tries,
			Problem:    describeDecodeError(err),
		}
		// A success body may be an attempt whose result holds PIN codes,
		// so only a body that is not JSON at all (a captive portal's
		// page, say) is quoted.
		if trimmed := bytes.TrimSpace(raw); len(trimmed) > 0 && trimmed[0] != '{' && trimmed[0] != '[' {
			apiErr.BodyExcerpt = c.excerpt(raw)
		}
		return answer{}, apiErr
	}
	return answer{statusCode: resp.StatusCode, requestID: requestID, attempts: tries}, nil
}

// describeDecodeError says why a success body could not be decoded,
// naming the field when one has the wrong type, without quoting values.
func describeDecodeError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return fmt.Sprintf("the response is not the JSON Seam documents: %s is a JSON %s where %s was expected",
			typeErr.Field, typeErr.Value, jsonKindOf(typeErr.Type.Kind()))
	}
	return "the response is not the JSON Seam documents (it is not valid JSON, or not an object)"
}

// jsonKindOf names a Go kind as the JSON kind it decodes from.
func jsonKindOf(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	default:
		return k.String()
	}
}

// describe makes a transport error readable: net/http's wrapper that
// repeats the method and URL is dropped (RequestError names them), a
// timeout says which timeout, and the credential is removed.
func (c *Client) describe(ctx context.Context, err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	if errors.Is(err, io.EOF) {
		err = fmt.Errorf("the server closed the connection without answering (%w)", err)
	}
	var netErr net.Error
	// When the caller's context has ended, that (not the per-attempt
	// timeout) is why the request stopped.
	if ctx.Err() == nil && errors.As(err, &netErr) && netErr.Timeout() {
		err = fmt.Errorf("no complete answer within %s, the request timeout (%w)", c.httpClient.Timeout, err)
	}
	return c.redactError(err)
}

// readCapped reads a whole body, failing once it passes maxResponseBytes.
func readCapped(body io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(body, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	if len(raw) > maxResponseBytes {
		return nil, errResponseTooLarge
	}
	return raw, nil
}

// errResponseTooLarge is not retried: the same request would get the same
// answer.
var errResponseTooLarge = fmt.Errorf("the response is larger than %d MiB, the most this provider reads", maxResponseBytes>>20)

// apiError decodes Seam's error envelope, or describes a body that is not
// one (an HTML page from a proxy, an empty 503, a redirect).
func (c *Client) apiError(resp *http.Response, raw []byte) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		RequestID:  resp.Header.Get(requestIDHeader),
	}
	if loc, err := resp.Location(); err == nil && resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Problem = "Seam answered with a redirect, which this provider does not follow so that the credential reaches only the configured endpoint"
		e.RedirectHost = loc.Host
		return e
	}

	var envelope struct {
		Error *struct {
			Type             string          `json:"type"`
			Message          string          `json:"message"`
			Data             json.RawMessage `json:"data"`
			ValidationErrors json.RawMessage `json:"validation_errors"`
		} `json:"error"`
	}
	if err := json.Unmarshal(raw, &envelope); err != nil || envelope.Error == nil {
		if len(bytes.TrimSpace(raw)) == 0 {
			e.Problem = "the response body is empty"
		} else {
			e.Problem = "the response is not Seam's JSON error format"
			e.BodyExcerpt = c.excerpt(raw)
		}
		return e
	}
	// Everything taken from the body is made one printable line and has
	// the credential removed: it ends up in diagnostics and logs.
	e.Type = c.clean(envelope.Error.Type, 100)
	e.Message = c.clean(envelope.Error.Message, 1000)
	for _, line := range flattenValidationErrors(envelope.Error.ValidationErrors) {
		e.ValidationErrors = append(e.ValidationErrors, c.clean(line, 300))
	}
	return e
}

// excerpt is a short, printable, credential-free piece of a body for a
// diagnostic.
func (c *Client) excerpt(raw []byte) string {
	return c.clean(string(raw), 200)
}

// clean makes text from a response safe to show: the credential removed
// first (so that truncation cannot leave part of it), then one printable
// line of at most limit runes.
func (c *Client) clean(text string, limit int) string {
	return sanitizeExcerpt([]byte(c.redact(text)), limit)
}

// redact removes the credential from text that came from elsewhere (a
// response body a proxy may have echoed, an error quoting a request).
func (c *Client) redact(s string) string {
	if c.credential.Token == "" {
		return s
	}
	return strings.ReplaceAll(s, c.credential.Token, "[redacted]")
}

func (c *Client) redactError(err error) error {
	msg := err.Error()
	if redacted := c.redact(msg); redacted != msg {
		return errors.New(redacted)
	}
	return err
}
