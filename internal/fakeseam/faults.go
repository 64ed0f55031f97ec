package fakeseam

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Response is a canned answer, for tests that need Seam (or something in
// front of it) to answer in a way the normal handling never would: a rate
// limit, an outage page, a redirect, a slow or broken response.
type Response struct {
	Status int
	Header http.Header
	Body   string

	// Delay holds the answer back this long, or until the client gives up
	// (its request context ends), whichever comes first.
	Delay time.Duration

	// ResetAfter, when above zero, announces the whole Body in
	// Content-Length but sends only its first ResetAfter bytes, then drops
	// the connection: a connection reset mid-response.
	ResetAfter int
}

// FaultFunc decides whether a request gets a canned answer instead of the
// normal handling. attempt counts the requests with the same path and body
// so far, this one included (1 for the first), so that a test can fail the
// first try of a read and let its retry through.
type FaultFunc func(r Request, attempt int) (Response, bool)

// QueueResponses makes the next len(rs) requests get rs, in order, before
// any FaultFunc or the normal handling. The requests are still recorded and
// get a seam-request-id (a Header in the Response can override it).
func (f *Fake) QueueResponses(rs ...Response) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queued = append(f.queued, rs...)
}

// SetFault installs fn (nil removes it). It is asked about every request
// that no queued response answered.
func (f *Fake) SetFault(fn FaultFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fault = fn
}

// faultFor picks the canned answer for a request, if any: the queue first,
// then the FaultFunc.
func (f *Fake) faultFor(r *http.Request, body []byte) (Response, bool) {
	f.mu.Lock()
	key := r.URL.Path + "\x00" + string(body)
	f.seen[key]++
	attempt := f.seen[key]
	if len(f.queued) > 0 {
		next := f.queued[0]
		f.queued = f.queued[1:]
		f.mu.Unlock()
		return next, true
	}
	fault := f.fault
	f.mu.Unlock()

	if fault == nil {
		return Response{}, false
	}
	req := Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
	return fault(req, attempt)
}

// serveCanned writes a canned Response, with its delay or reset.
func serveCanned(w http.ResponseWriter, r *http.Request, c Response) {
	if c.Delay > 0 {
		timer := time.NewTimer(c.Delay)
		select {
		case <-timer.C:
		case <-r.Context().Done():
			timer.Stop()
			return
		}
	}
	for name, values := range c.Header {
		w.Header()[name] = values
	}
	if c.ResetAfter > 0 {
		resetMidBody(w, c)
		return
	}
	status := c.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, c.Body)
}

// resetMidBody sends the status line and headers with the full length, part
// of the body, and then closes the connection.
func resetMidBody(w http.ResponseWriter, c Response) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("fakeseam: ResetAfter needs a server whose connections can be hijacked (HTTP/1.1)")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(fmt.Sprintf("fakeseam: hijack: %v", err))
	}
	defer conn.Close()
	status := c.Status
	if status == 0 {
		status = http.StatusOK
	}
	writeRaw(buf, status, w.Header(), len(c.Body))
	part := c.Body
	if c.ResetAfter < len(part) {
		part = part[:c.ResetAfter]
	}
	_, _ = buf.WriteString(part)
	_ = buf.Flush()
}

func writeRaw(buf *bufio.ReadWriter, status int, header http.Header, length int) {
	// Errors writing to the hijacked connection show up to the client as a
	// broken response, which is what this fault is for.
	_, _ = fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	header.Set("Content-Length", fmt.Sprint(length))
	for name, values := range header {
		for _, v := range values {
			_, _ = fmt.Fprintf(buf, "%s: %s\r\n", name, strings.ReplaceAll(v, "\r\n", " "))
		}
	}
	_, _ = buf.WriteString("\r\n")
}
