package seam

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
)

const (
	// DefaultRequestTimeout bounds one HTTP request, as in Seam's SDKs.
	DefaultRequestTimeout = 30 * time.Second

	// maxResponseBytes caps how much of a response body is read, so that a
	// misbehaving server or proxy cannot exhaust memory.
	maxResponseBytes = 10 << 20

	// maxIdleConnsPerHost keeps enough idle connections for Terraform's
	// default parallelism of 10, so that parallel reads reuse connections
	// instead of opening new ones.
	maxIdleConnsPerHost = 16

	requestIDHeader = "seam-request-id"
)

// Config is what a Client needs. Endpoint and Credential are required.
type Config struct {
	Endpoint   string
	Credential Credential
	// UserAgent is sent on every request.
	UserAgent string
	// RequestTimeout bounds each request; zero means DefaultRequestTimeout.
	RequestTimeout time.Duration
}

// Client talks to one Seam endpoint with one credential. It is safe for
// concurrent use, and one Client should serve every read of a provider so
// that connections are pooled and reused.
type Client struct {
	baseURL    *url.URL
	credential Credential
	userAgent  string
	httpClient *http.Client
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
	timeout := cfg.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}

	transport := cleanhttp.DefaultPooledTransport()
	transport.MaxIdleConnsPerHost = maxIdleConnsPerHost
	httpClient := &http.Client{
		Transport: transport,
		Timeout:   timeout,
		// Redirects are never followed: the credential must reach only the
		// configured endpoint. A 3xx becomes an error naming its target.
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}

	return &Client{
		baseURL:    base,
		credential: cfg.Credential,
		userAgent:  cfg.UserAgent,
		httpClient: httpClient,
	}, nil
}

// Endpoint is the base URL requests go to.
func (c *Client) Endpoint() string { return c.baseURL.String() }

// answer is what post tells about a successful response besides its body.
type answer struct {
	statusCode int
	requestID  string
}

// post sends body as JSON to path and decodes a successful response into
// out. Failures come back as *APIError (Seam answered) or *RequestError (no
// usable answer).
func (c *Client) post(ctx context.Context, path string, body any, out any) (answer, error) {
	endpoint := c.baseURL.JoinPath(path).String()

	payload, err := json.Marshal(body)
	if err != nil {
		return answer{}, &RequestError{Method: http.MethodPost, URL: endpoint, Err: fmt.Errorf("encoding the request: %w", err)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(payload))
	if err != nil {
		return answer{}, &RequestError{Method: http.MethodPost, URL: endpoint, Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	c.credential.setHeaders(req.Header)

	resp, err := c.httpClient.Do(req)
	if err != nil {
		return answer{}, &RequestError{Method: http.MethodPost, URL: endpoint, Err: c.redactError(err)}
	}
	defer resp.Body.Close()

	raw, err := readCapped(resp.Body)
	requestID := resp.Header.Get(requestIDHeader)
	if err != nil {
		return answer{}, &RequestError{Method: http.MethodPost, URL: endpoint, StatusCode: resp.StatusCode, RequestID: requestID, Err: c.redactError(err)}
	}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return answer{}, c.apiError(resp, raw)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return answer{}, &APIError{
			StatusCode:  resp.StatusCode,
			RequestID:   requestID,
			Problem:     "the response is not the JSON Seam sends",
			BodyExcerpt: c.excerpt(raw),
		}
	}
	return answer{statusCode: resp.StatusCode, requestID: requestID}, nil
}

// readCapped reads a whole body, failing once it passes maxResponseBytes.
func readCapped(body io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(body, maxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response: %w", err)
	}
	if len(raw) > maxResponseBytes {
		return nil, fmt.Errorf("the response is larger than %d MiB, the most this provider reads", maxResponseBytes>>20)
	}
	return raw, nil
}

// apiError decodes Seam's error envelope, or describes a body that is not
// one (an HTML page from a proxy, an empty 503, a redirect).
func (c *Client) apiError(resp *http.Response, raw []byte) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		RequestID:  resp.Header.Get(requestIDHeader),
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Problem = "Seam answered with a redirect, which this provider does not follow so that the credential reaches only the configured endpoint"
		if loc, err := resp.Location(); err == nil {
			e.RedirectHost = loc.Host
		}
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
