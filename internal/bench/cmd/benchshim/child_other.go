//go:build !linux

package main

import (
	"errors"
	"io"
	"time"
)

type result struct {
	maxRSSKiB int64
	cpu       time.Duration
	wall      time.Duration
	exitCode  int
}

func runChild(string, []string, io.Writer) (result, error) {
	return result{}, errors.New("the bench shim runs on Linux only (it reads the provider's peak RSS from wait4)")
}
