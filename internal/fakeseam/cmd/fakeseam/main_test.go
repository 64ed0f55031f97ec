package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoopbackAddr_AcceptsLoopback(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:0":    "127.0.0.1:0",
		"127.0.0.2:8080": "127.0.0.2:8080",
		"localhost:0":    "127.0.0.1:0", // never resolved: pinned to IPv4 loopback
		"[::1]:0":        "[::1]:0",
	} {
		got, err := loopbackAddr(in)
		if err != nil || got != want {
			t.Errorf("loopbackAddr(%q) = %q, %v; want %q, nil", in, got, err, want)
		}
	}
}

func TestLoopbackAddr_RefusesOthers(t *testing.T) {
	for _, in := range []string{":0", "0.0.0.0:0", "[::]:0", "192.168.1.10:0", "example.com:0", "127.0.0.1", ""} {
		if got, err := loopbackAddr(in); err == nil {
			t.Errorf("loopbackAddr(%q) = %q, nil; want an error", in, got)
		}
	}
}

func TestWriteFileAtomic_WritesContentAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "url")
	if err := os.WriteFile(path, []byte("stale"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(path, "http://127.0.0.1:1234\n"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil || string(b) != "http://127.0.0.1:1234\n" {
		t.Fatalf("content = %q, %v", b, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("directory holds %d entries, want only the url file", len(entries))
	}
}
