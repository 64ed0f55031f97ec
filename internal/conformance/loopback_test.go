package conformance

// The bound-address check itself, on made-up socket tables: these run
// without the fake (in make test too), so that a check that passed
// everything would be caught.

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A /proc/net/tcp excerpt: 127.0.0.1:40067 and 0.0.0.0:2024 listening, and
// an established connection.
const procNetTCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:9C83 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 300174 1 0000000000000000 100 0 0 10 0
   1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1186 1 0000000000000000 100 0 0 10 0
   2: 0100007F:9C83 0100007F:D2A4 01 00000000:00000000 00:00000000 00000000     0        0 300999 1 0000000000000000 20 4 30 10 -1
`

// A /proc/net/tcp6 excerpt: [::]:8080 and [::1]:8081 listening.
const procNetTCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5001 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5002 1 0000000000000000 100 0 0 10 0
`

func writeTable(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "tcp")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoopbackCheck_ReadsListeningSocketsOfTheProcessOnly(t *testing.T) {
	got, err := listeningInTable(writeTable(t, procNetTCP), map[string]bool{"300174": true, "300999": true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].String() != "127.0.0.1:40067" {
		t.Errorf("listeners = %v, want only 127.0.0.1:40067 (the established socket is not listening)", got)
	}
	got, err = listeningInTable(writeTable(t, procNetTCP6), map[string]bool{"5001": true, "5002": true})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].String() != "[::]:8080" || got[1].String() != "[::1]:8081" {
		t.Errorf("listeners = %v, want [::]:8080 and [::1]:8081", got)
	}
}

func TestLoopbackCheck_AcceptsOnly127001(t *testing.T) {
	addr := func(ip string, port int) *net.TCPAddr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: port} }
	tests := []struct {
		name      string
		listeners []*net.TCPAddr
		wantErr   string // "" for accepted
	}{
		{"127.0.0.1 on the port", []*net.TCPAddr{addr("127.0.0.1", 40067)}, ""},
		{"IPv4-mapped 127.0.0.1", []*net.TCPAddr{addr("::ffff:127.0.0.1", 40067)}, ""},
		{"every IPv4 interface", []*net.TCPAddr{addr("0.0.0.0", 40067)}, "listens on 0.0.0.0:40067, which is not 127.0.0.1"},
		{"every interface", []*net.TCPAddr{addr("::", 40067)}, "listens on [::]:40067, which is not 127.0.0.1"},
		{"IPv6 loopback", []*net.TCPAddr{addr("::1", 40067)}, "listens on [::1]:40067, which is not 127.0.0.1"},
		{"a second, public listener", []*net.TCPAddr{addr("127.0.0.1", 40067), addr("0.0.0.0", 2024)}, "listens on 0.0.0.0:2024"},
		{"another port only", []*net.TCPAddr{addr("127.0.0.1", 1234)}, "does not listen on port 40067"},
		{"nothing", nil, "listens on no TCP socket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := loopbackOnly(tt.listeners, 40067)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoopbackCheck_RefusesURLsOtherThan127001(t *testing.T) {
	for _, raw := range []string{"http://localhost:4000", "http://0.0.0.0:4000", "https://127.0.0.1:4000", "http://127.0.0.1", "http://127.0.0.1:4000/api", "http://[::1]:4000"} {
		if _, err := checkFakeAddress(raw, "1"); err == nil || !strings.Contains(err.Error(), "is not an http://127.0.0.1:PORT URL") {
			t.Errorf("checkFakeAddress(%q) = %v, want it refused", raw, err)
		}
	}
	if _, err := checkFakeAddress("http://127.0.0.1:4000", "x"); err == nil || !strings.Contains(err.Error(), "is not a process id") {
		t.Errorf("checkFakeAddress without a pid = %v, want it refused", err)
	}
}
