package main

import (
	"io"
	"testing"
)

func TestRunChild_RecordsExitRSSAndStderr(t *testing.T) {
	stderr := &countingWriter{w: io.Discard}
	res, err := runChild("/bin/sh", []string{"-c", "echo one >&2; echo two >&2; exit 3"}, stderr)
	if err != nil {
		t.Fatal(err)
	}
	if res.exitCode != 3 {
		t.Errorf("exit code %d, want 3", res.exitCode)
	}
	if stderr.lines != 2 || stderr.bytes != int64(len("one\ntwo\n")) {
		t.Errorf("counted %d lines, %d bytes; want 2 lines, 8 bytes", stderr.lines, stderr.bytes)
	}
	if res.maxRSSKiB <= 0 {
		t.Errorf("peak RSS %d KiB, want more than 0", res.maxRSSKiB)
	}
}
