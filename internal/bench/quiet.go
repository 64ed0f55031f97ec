package bench

import (
	"context"
	"os"
	"strconv"
	"strings"
	"time"
)

// The machine this runs on may be shared. Before each plan the harness
// waits, within a budget, until the CPUs have been nearly idle for a
// moment (nothing of its own runs between plans, so what it sees is other
// work), so that one busy spell does not land on one configuration only.

const (
	quietWindow = 250 * time.Millisecond
	// quietBusy is the largest share of all CPUs others may use for the
	// machine to count as quiet.
	quietBusy = 0.15
)

// cpuTimes reads the total and idle (idle + iowait) jiffies of all CPUs.
func cpuTimes() (total, idle uint64, ok bool) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0, false
	}
	line, _, _ := strings.Cut(string(data), "\n")
	fields := strings.Fields(line)
	if len(fields) < 6 || fields[0] != "cpu" {
		return 0, 0, false
	}
	for i, f := range fields[1:] {
		v, err := strconv.ParseUint(f, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		total += v
		if i == 3 || i == 4 { // idle, iowait
			idle += v
		}
	}
	return total, idle, true
}

// busyShare measures the share of CPU time used over one window, or -1
// when it cannot be read (not Linux).
func busyShare(ctx context.Context) float64 {
	t1, i1, ok1 := cpuTimes()
	select {
	case <-ctx.Done():
		return -1
	case <-time.After(quietWindow):
	}
	t2, i2, ok2 := cpuTimes()
	if !ok1 || !ok2 || t2 <= t1 {
		return -1
	}
	return 1 - float64(i2-i1)/float64(t2-t1)
}

// quietGate waits for quiet moments, spending at most its budget in all.
type quietGate struct {
	budget time.Duration
	waited time.Duration
	busy   int // plans started on a busy machine once the budget ran out
}

// wait returns once the machine is quiet, or at once when the budget is
// spent (counting that plan as busy).
func (g *quietGate) wait(ctx context.Context) {
	for {
		start := time.Now()
		share := busyShare(ctx)
		if share < 0 || share <= quietBusy {
			return
		}
		g.waited += time.Since(start)
		if g.waited >= g.budget {
			g.busy++
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(500 * time.Millisecond):
			g.waited += 500 * time.Millisecond
		}
	}
}
