// Command benchshim stands in for a provider binary under dev_overrides
// during `make bench`, to measure the provider process from outside:
// Terraform starts the shim, the shim starts the real provider (whose path
// is in the file shim-target next to the shim) with the same arguments,
// environment, stdin and stdout, and when the provider exits it appends one
// JSON line to the file named by $SEAMBENCH_RECORD:
//
//	{"provider":"terraform-provider-seam","maxrss_kib":18244,"cpu_ms":640,"stderr_lines":3,"stderr_bytes":402,"wall_ms":812,"exit_code":0}
//
// maxrss_kib is the provider's peak resident set size as the kernel counts
// it (wait4's ru_maxrss: exact, no sampling); cpu_ms its user plus system
// CPU time. stderr_lines and stderr_bytes
// count what the provider wrote to stderr, which is forwarded unchanged to
// Terraform (its log pipe) while being counted.
//
// The shim costs one extra fork and exec of a small binary per provider
// start, the same for every provider measured.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

func main() {
	os.Exit(run())
}

func run() int {
	targetFile := filepath.Join(filepath.Dir(os.Args[0]), "shim-target")
	raw, err := os.ReadFile(targetFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchshim: %v\n", err)
		return 1
	}
	target := strings.TrimSpace(string(raw))
	stderr := &countingWriter{w: os.Stderr}
	res, err := runChild(target, os.Args[1:], stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchshim: running %s: %v\n", target, err)
		return 1
	}
	if path := os.Getenv("SEAMBENCH_RECORD"); path != "" {
		line := fmt.Sprintf(`{"provider":%q,"maxrss_kib":%d,"cpu_ms":%d,"stderr_lines":%d,"stderr_bytes":%d,"wall_ms":%d,"exit_code":%d}`+"\n",
			filepath.Base(target), res.maxRSSKiB, res.cpu.Milliseconds(), stderr.lines, stderr.bytes, res.wall.Milliseconds(), res.exitCode)
		// One write with O_APPEND: lines from providers running at the
		// same time do not interleave.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err == nil {
			_, err = io.WriteString(f, line)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "benchshim: recording: %v\n", err)
		}
	}
	return res.exitCode
}

// countingWriter forwards writes and counts bytes and newlines.
type countingWriter struct {
	mu    sync.Mutex
	w     io.Writer
	lines int64
	bytes int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.lines += int64(bytes.Count(p, []byte{'\n'}))
	c.bytes += int64(len(p))
	c.mu.Unlock()
	return c.w.Write(p)
}
