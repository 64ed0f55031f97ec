package seam

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// DefaultEndpoint is Seam's production API.
const DefaultEndpoint = "https://connect.getseam.com"

// ParseEndpoint checks that raw is a URL the client may send credentials to
// and returns it without a trailing slash.
//
// Only https is accepted, except http to a loopback host (127.0.0.0/8, ::1,
// localhost) so that local fakes and tests work: anywhere else the bearer
// token would cross the network in clear text. The error text is written for
// the person who typed the URL.
func ParseEndpoint(raw string) (*url.URL, error) {
	trimmed := strings.TrimSpace(raw)
	if trimmed == "" {
		return nil, fmt.Errorf("the endpoint is empty; leave it unset to use %s", DefaultEndpoint)
	}
	// Checked before anything that quotes the input: user information
	// ("user:password@") holds a secret, and without a scheme url.Parse does
	// not even recognise it as such.
	if strings.Contains(trimmed, "@") {
		return nil, fmt.Errorf("the endpoint must not contain user information (user:password@); configure a credential attribute instead")
	}
	u, err := url.Parse(trimmed)
	if err != nil {
		// The raw text is not repeated: a malformed URL may still hold a
		// password, and the reason names the offending part anyway.
		return nil, fmt.Errorf("the endpoint is not a valid URL: %s", urlErrorReason(err))
	}
	if !u.IsAbs() || u.Hostname() == "" {
		// Not quoted: what is not a URL may be a secret put in the wrong
		// place (a key in the endpoint variable, say).
		return nil, fmt.Errorf("the endpoint is not an absolute URL (it needs a scheme and a host); write it like %s", DefaultEndpoint)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		// The query is not repeated: it may carry a token.
		return nil, fmt.Errorf("%q has a query or fragment; the endpoint must be a base URL such as %s", baseOnly(u), DefaultEndpoint)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("%q uses http, which would send the Seam credential in clear text; use https (http is allowed only for loopback hosts such as 127.0.0.1 and localhost)", redactURL(u))
		}
	default:
		return nil, fmt.Errorf("%q has scheme %q; the endpoint must use https", redactURL(u), u.Scheme)
	}
	if u.Port() != "" {
		if port, err := strconv.Atoi(u.Port()); err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("%q has an invalid port %q; a port is a number from 1 to 65535", redactURL(u), u.Port())
		}
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// isLoopbackHost reports whether host is "localhost" or a loopback IP.
// Other names are not resolved: a name that merely resolves to loopback
// today could point elsewhere tomorrow.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// urlErrorReason drops the "parse <url>:" prefix that url.Parse adds, so
// the URL is not printed twice.
func urlErrorReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// redactURL prints a URL without any user information it may carry.
func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}

// baseOnly prints a URL's scheme, host and path, without query or fragment.
func baseOnly(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = "", false, "", ""
	return c.String()
}
