// Package bench is `make bench`: whole-process `terraform plan` timings of
// this provider against a peer provider (hashicorp/http v1.2.0) and two
// baselines without a plugin (terraform_remote_state reads and plain
// locals), with the TCP connections, requests, peak RSS and stderr lines of
// every plan. cmd/seambench runs it; cmd/benchshim measures the provider
// processes. Nothing here asserts a timing: the results are a report,
// BENCHMARKS.md.
package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// APIKey is the credential the server accepts for the Seam routes.
const APIKey = "seam_benchkey_0123456789"

// Server is a loopback HTTP server that answers both providers with the
// same small JSON body, and counts requests and TCP connections. It stands
// for Seam (POST /action_attempts/get) and for any URL the http data source
// reads (GET /http/<name>).
type Server struct {
	URL string

	srv         *http.Server
	ln          net.Listener
	connections atomic.Int64
	requests    atomic.Int64
	latency     atomic.Int64 // nanoseconds added before each answer

	mu     sync.Mutex
	unused map[net.Conn]bool // accepted, no request yet
	used   int64             // connections that carried a request
}

// StartServer listens on 127.0.0.1 on a free port.
func StartServer() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr, ok := ln.Addr().(*net.TCPAddr)
	if !ok || !addr.IP.IsLoopback() {
		ln.Close()
		return nil, fmt.Errorf("bound %v, which is not a loopback address", ln.Addr())
	}
	s := &Server{URL: "http://" + addr.String(), ln: ln, unused: map[net.Conn]bool{}}
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(c net.Conn, state http.ConnState) {
			s.mu.Lock()
			defer s.mu.Unlock()
			switch state {
			case http.StateNew:
				s.connections.Add(1)
				s.unused[c] = true
			case http.StateActive:
				if s.unused[c] {
					delete(s.unused, c)
					s.used++
				}
			case http.StateClosed, http.StateHijacked:
				delete(s.unused, c)
			}
		},
	}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// Close stops the server and every connection.
func (s *Server) Close() { _ = s.srv.Close() }

// SetLatency makes every answer wait d first.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Counts are what one plan did to the server.
type Counts struct {
	// Connections is how many TCP connections were opened (ConnState
	// StateNew), UsedConnections how many of them carried a request.
	Connections     int64
	UsedConnections int64
	Requests        int64
}

// Take returns the counts since the last Take and starts again from zero.
// Connections still open from an earlier plan are not counted again: a
// provider's connections close when its process exits.
func (s *Server) Take() Counts {
	s.mu.Lock()
	used := s.used
	s.used = 0
	s.mu.Unlock()
	return Counts{Connections: s.connections.Swap(0), UsedConnections: used, Requests: s.requests.Swap(0)}
}

// attemptBody is the answer for an id, as Seam sends it. The http data
// source gets the same bytes, so both providers carry the same payload.
func attemptBody(id string) []byte {
	body, _ := json.Marshal(map[string]any{
		"action_attempt": map[string]any{
			"action_attempt_id": id,
			"action_type":       "UNLOCK_DOOR",
			"status":            "success",
			"result":            map[string]any{"was_confirmed_by_device": true},
			"error":             nil,
		},
		"ok": true,
	})
	return body
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if d := time.Duration(s.latency.Load()); d > 0 {
		time.Sleep(d)
	}
	var id string
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/action_attempts/get":
		if r.Header.Get("Authorization") != "Bearer "+APIKey {
			writeJSON(w, http.StatusUnauthorized, []byte(`{"error":{"type":"unauthorized","message":"Unauthorized"},"ok":false}`))
			return
		}
		var in struct {
			ID string `json:"action_attempt_id"`
		}
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&in); err != nil || in.ID == "" {
			writeJSON(w, http.StatusBadRequest, []byte(`{"error":{"type":"invalid_input","message":"action_attempt_id is required"},"ok":false}`))
			return
		}
		id = in.ID
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/http/"):
		id = strings.TrimPrefix(r.URL.Path, "/http/")
	default:
		http.NotFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, attemptBody(id))
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("seam-request-id", "bench")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// errNoShimRecords is returned when a plan that should start a provider
// left no shim record.
var errNoShimRecords = errors.New("no provider process was recorded (is the shim in dev_overrides?)")
