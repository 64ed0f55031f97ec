package main

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

type result struct {
	maxRSSKiB int64
	cpu       time.Duration // user + system
	wall      time.Duration
	exitCode  int
}

// runChild runs the provider and waits for it. The provider is killed if the
// shim dies first (Pdeathsig), and SIGTERM is passed on. SIGINT is ignored
// here: a Ctrl-C reaches the provider directly, through the process group.
func runChild(path string, args []string, stderr io.Writer) (result, error) {
	cmd := exec.Command(path, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	signal.Ignore(syscall.SIGINT)
	terms := make(chan os.Signal, 1)
	signal.Notify(terms, syscall.SIGTERM)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	go func() {
		for sig := range terms {
			_ = cmd.Process.Signal(sig)
		}
	}()
	err := cmd.Wait()
	res := result{wall: time.Since(start), exitCode: cmd.ProcessState.ExitCode()}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		return res, err
	}
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		res.maxRSSKiB = usage.Maxrss // KiB on Linux
		res.cpu = time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
	}
	if res.exitCode < 0 {
		res.exitCode = 1 // killed by a signal
	}
	return res, nil
}
