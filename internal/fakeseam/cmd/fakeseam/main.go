// Command fakeseam serves the fake Seam API (package fakeseam) on a loopback
// address, for `make demo` and for trying the provider by hand.
//
//	fakeseam -addr 127.0.0.1:0 -url-file /tmp/x/url -seed demo
//
// It only ever listens on loopback: the fake accepts well-known demo
// credentials, so it must not be reachable from other machines. The base URL
// is printed and, with -url-file, written atomically so that a script polling
// for the file never reads half a URL.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/seamapi/terraform-provider-seam/internal/fakeseam"
)

func main() {
	os.Exit(run())
}

// run returns the exit code: 0 after a clean shutdown, 1 on a runtime
// failure, 2 on bad usage (including a non-loopback address).
func run() int {
	addr := flag.String("addr", "127.0.0.1:0", "loopback `host:port` to listen on (port 0 picks a free port)")
	urlFile := flag.String("url-file", "", "if set, write the base URL to this `file` once listening")
	seed := flag.String("seed", "", `seed data: "" (empty fake) or "demo"`)
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "fakeseam: unexpected arguments: %v\n", flag.Args())
		return 2
	}

	listenAddr, err := loopbackAddr(*addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "fakeseam: %v\n", err)
		return 2
	}

	fake := fakeseam.New()
	switch *seed {
	case "":
	case "demo":
		fakeseam.SeedDemo(fake)
	default:
		fmt.Fprintf(os.Stderr, "fakeseam: unknown -seed %q (want \"demo\" or nothing)\n", *seed)
		return 2
	}

	ln, err := net.Listen("tcp", listenAddr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "fakeseam: listen: %v\n", err)
		return 1
	}
	// Belt and braces: check what we actually bound, not only what we asked.
	tcpAddr, ok := ln.Addr().(*net.TCPAddr)
	if !ok || !tcpAddr.IP.IsLoopback() {
		ln.Close()
		fmt.Fprintf(os.Stderr, "fakeseam: bound %v, which is not a loopback address; refusing to serve\n", ln.Addr())
		return 1
	}
	baseURL := "http://" + tcpAddr.String()

	if *urlFile != "" {
		if err := writeFileAtomic(*urlFile, baseURL+"\n"); err != nil {
			ln.Close()
			fmt.Fprintf(os.Stderr, "fakeseam: write -url-file: %v\n", err)
			return 1
		}
		// A URL file left behind would point the next reader at a dead port.
		defer os.Remove(*urlFile)
	}
	fmt.Println(baseURL)

	srv := &http.Server{
		Handler:           fake,
		ReadHeaderTimeout: 10 * time.Second,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	select {
	case err := <-serveErr:
		fmt.Fprintf(os.Stderr, "fakeseam: serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}

	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		fmt.Fprintf(os.Stderr, "fakeseam: shutdown: %v\n", err)
		return 1
	}
	if err := <-serveErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(os.Stderr, "fakeseam: serve: %v\n", err)
		return 1
	}
	return 0
}

// loopbackAddr checks that addr names a loopback host and returns the
// address to listen on. "localhost" becomes 127.0.0.1 rather than going
// through the resolver, which could map it to a non-loopback address or to
// ::1 (and then a URL different from the one documented).
func loopbackAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("invalid -addr %q: %v", addr, err)
	}
	if host == "localhost" {
		return net.JoinHostPort("127.0.0.1", port), nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return "", fmt.Errorf("refusing -addr %q: the host must be a loopback IP (such as 127.0.0.1) or localhost", addr)
	}
	return net.JoinHostPort(ip.String(), port), nil
}

// writeFileAtomic writes content to path through a temporary file in the
// same directory and a rename, so readers see either nothing or all of it.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".fakeseam-url-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
