package bench

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes this computer in one line: CPU, cores, memory, kernel.
func Machine() string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
				break
			}
		}
	}
	parts := []string{fmt.Sprintf("%s, %d cores", cpu, runtime.NumCPU())}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
				if err == nil {
					parts = append(parts, fmt.Sprintf("%.1f GiB RAM", float64(kb)/(1<<20)))
				}
				break
			}
		}
	}
	kernel := runtime.GOOS + "/" + runtime.GOARCH
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		kernel = fmt.Sprintf("Linux %s %s", strings.TrimSpace(string(data)), runtime.GOARCH)
	}
	return strings.Join(append(parts, kernel), ", ")
}
