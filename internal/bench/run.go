package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Options says what to run.
type Options struct {
	Terraform    string // the CLI
	SeamProvider string // this provider's binary
	HTTPProvider string // terraform-provider-http v1.2.0
	Shim         string // cmd/benchshim's binary

	Ns          []int
	Variants    []Variant
	Runs        int // timed rounds per case
	Warmup      int // untimed rounds per case, first
	Parallelism int

	// The latency point: LatencyVariants at N = LatencyN with every answer
	// delayed by Latency. Skipped when Latency is 0.
	Latency         time.Duration
	LatencyN        int
	LatencyVariants []Variant

	// The logging-on point: LogVariants at N = LogN with TF_LOG=debug
	// (written to a file). Skipped when LogN is 0.
	LogN        int
	LogVariants []Variant

	// QuietBudget is how long, in all, the harness may wait for the
	// machine to be quiet before plans (0: never wait).
	QuietBudget time.Duration

	WorkDir  string    // scratch space; the caller removes it
	Progress io.Writer // one line per plan
}

// ShimRecord is one provider process, as cmd/benchshim records it.
type ShimRecord struct {
	Provider    string `json:"provider"`
	MaxRSSKiB   int64  `json:"maxrss_kib"`
	CPUMS       int64  `json:"cpu_ms"`
	StderrLines int64  `json:"stderr_lines"`
	StderrBytes int64  `json:"stderr_bytes"`
	WallMS      int64  `json:"wall_ms"`
	ExitCode    int    `json:"exit_code"`
}

// Sample is one timed plan.
type Sample struct {
	Wall time.Duration
	// TreeCPU is the CPU time of terraform and every process it waited
	// for (its providers included), from wait4.
	TreeCPU time.Duration
	Counts
	Providers []ShimRecord // one per provider process Terraform started
	// SeamLogLines counts "Seam API request" lines in the plan's
	// TF_LOG_PATH file, for the cases that set one.
	SeamLogLines int
}

// PeakRSSKiB is the largest peak RSS of the plan's provider processes.
func (s Sample) PeakRSSKiB() int64 {
	var peak int64
	for _, p := range s.Providers {
		peak = max(peak, p.MaxRSSKiB)
	}
	return peak
}

// CPU is the CPU time (user and system) of all the plan's provider
// processes.
func (s Sample) CPU() time.Duration {
	var ms int64
	for _, p := range s.Providers {
		ms += p.CPUMS
	}
	return time.Duration(ms) * time.Millisecond
}

// TerraformCPU is the CPU time of Terraform itself: the process tree's
// less the providers'.
func (s Sample) TerraformCPU() time.Duration { return s.TreeCPU - s.CPU() }

// StderrLines is how many lines the plan's provider processes wrote to
// stderr, all together.
func (s Sample) StderrLines() int64 {
	var n int64
	for _, p := range s.Providers {
		n += p.StderrLines
	}
	return n
}

// StderrBytes is how many bytes they wrote.
func (s Sample) StderrBytes() int64 {
	var n int64
	for _, p := range s.Providers {
		n += p.StderrBytes
	}
	return n
}

// Case is one point of the benchmark: some variants at one N, in one
// setting, each timed Runs times in alternating order.
type Case struct {
	Title    string // "" for the plain cases
	N        int
	Latency  time.Duration
	Env      []string // on top of the base environment
	Variants []Variant
	Samples  map[Variant][]Sample // by round; the same round index is one pass over all variants
}

// Results is a whole run.
type Results struct {
	Options  Options
	Cases    []*Case
	Started  time.Time
	Finished time.Time
	// LoadBefore and LoadAfter are /proc/loadavg before and after, to show
	// whether something else was using the machine.
	LoadBefore, LoadAfter string
	// Plans is how many plans ran (warm-ups included); BusyPlans how many
	// of them started while other work used the CPUs, after the quiet
	// budget ran out; QuietWaited the time spent waiting for quiet.
	Plans, BusyPlans int
	QuietWaited      time.Duration
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	fields := strings.Fields(string(data))
	return strings.Join(fields[:min(3, len(fields))], " ")
}

// Cases lists what Run will time, in order.
func (o Options) Cases() []*Case {
	var cases []*Case
	for _, n := range o.Ns {
		cases = append(cases, &Case{N: n, Variants: o.Variants})
	}
	if o.Latency > 0 && o.LatencyN > 0 {
		cases = append(cases, &Case{
			Title: fmt.Sprintf("server latency %s", o.Latency), N: o.LatencyN, Latency: o.Latency,
			Variants: o.LatencyVariants,
		})
	}
	if o.LogN > 0 {
		cases = append(cases, &Case{
			Title: "TF_LOG=debug", N: o.LogN, Env: []string{"TF_LOG=debug", "TF_LOG_PATH=terraform.log"},
			Variants: o.LogVariants,
		})
	}
	return cases
}

// Order is the order of the variants in round r: rotated by one each round,
// so that each variant runs in each position and a slow drift of the machine
// is shared out.
func Order(variants []Variant, round int) []Variant {
	out := make([]Variant, len(variants))
	for i := range variants {
		out[i] = variants[(i+round)%len(variants)]
	}
	return out
}

// Run times every case.
func Run(ctx context.Context, opts Options) (*Results, error) {
	server, err := StartServer()
	if err != nil {
		return nil, err
	}
	defer server.Close()

	seamDir, httpDir := filepath.Join(opts.WorkDir, "providers", "seam"), filepath.Join(opts.WorkDir, "providers", "http")
	if err := installShim(opts.Shim, seamDir, "terraform-provider-seam", opts.SeamProvider); err != nil {
		return nil, err
	}
	if err := installShim(opts.Shim, httpDir, "terraform-provider-http", opts.HTTPProvider); err != nil {
		return nil, err
	}
	rc := filepath.Join(opts.WorkDir, "terraformrc")
	if err := os.WriteFile(rc, []byte(CLIConfig(seamDir, httpDir)), 0o644); err != nil {
		return nil, err
	}
	home := filepath.Join(opts.WorkDir, "home")
	if err := os.MkdirAll(home, 0o755); err != nil {
		return nil, err
	}
	records := filepath.Join(opts.WorkDir, "shim-records.jsonl")
	// A clean environment, so that the caller's TF_LOG, plugin cache or
	// CLI config cannot change what is measured.
	baseEnv := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TF_CLI_CONFIG_FILE=" + rc,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"SEAM_API_KEY=" + APIKey,
		"SEAMBENCH_RECORD=" + records,
	}

	res := &Results{Options: opts, Cases: opts.Cases(), Started: time.Now(), LoadBefore: loadAverage()}
	gate := &quietGate{budget: opts.QuietBudget}
	for ci, c := range res.Cases {
		server.SetLatency(c.Latency)
		dirs := map[Variant]string{}
		for _, v := range c.Variants {
			dir := filepath.Join(opts.WorkDir, fmt.Sprintf("case%d-n%d-%s", ci, c.N, v))
			if err := WriteWorkspace(dir, v, c.N, server.URL); err != nil {
				return nil, err
			}
			dirs[v] = dir
		}
		c.Samples = map[Variant][]Sample{}
		env := append(append([]string{}, baseEnv...), c.Env...)
		for round := -opts.Warmup; round < opts.Runs; round++ {
			for _, v := range Order(c.Variants, max(round, 0)) {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
				if opts.QuietBudget > 0 {
					gate.wait(ctx)
				}
				res.Plans++
				s, err := plan(ctx, opts, server, dirs[v], env, records)
				if err != nil {
					return nil, fmt.Errorf("%s, N=%d, %s: %w", caseName(c), c.N, v, err)
				}
				if err := check(v, c.N, s); err != nil {
					return nil, fmt.Errorf("%s, N=%d, %s: %w", caseName(c), c.N, v, err)
				}
				label := "warm-up"
				if round >= 0 {
					c.Samples[v] = append(c.Samples[v], s)
					label = fmt.Sprintf("run %d/%d", round+1, opts.Runs)
				}
				if opts.Progress != nil {
					_, _ = fmt.Fprintf(opts.Progress, "%-14s N=%-4d %-12s %-9s %7.3fs  conns=%-4d used=%-4d reqs=%-5d procs=%d peak_rss=%.1fMiB cpu=%.2fs terraform_cpu=%.2fs stderr_lines=%d\n",
						caseName(c), c.N, v, label, s.Wall.Seconds(), s.Connections, s.UsedConnections, s.Requests, len(s.Providers),
						float64(s.PeakRSSKiB())/1024, s.CPU().Seconds(), s.TerraformCPU().Seconds(), s.StderrLines())
				}
			}
		}
	}
	server.SetLatency(0)
	res.Finished = time.Now()
	res.LoadAfter = loadAverage()
	res.BusyPlans, res.QuietWaited = gate.busy, gate.waited
	return res, nil
}

func caseName(c *Case) string {
	if c.Title == "" {
		return "plain"
	}
	return c.Title
}

// check refuses a plan that did not do what it is meant to measure.
func check(v Variant, n int, s Sample) error {
	switch v {
	case Seam, HTTP:
		if s.Requests != int64(n) {
			return fmt.Errorf("the server got %d requests, want %d (one per data source)", s.Requests, n)
		}
		if len(s.Providers) == 0 {
			return errNoShimRecords
		}
		for _, p := range s.Providers {
			if p.ExitCode != 0 {
				return fmt.Errorf("%s exited with code %d", p.Provider, p.ExitCode)
			}
		}
	default:
		if s.Requests != 0 || len(s.Providers) != 0 {
			return fmt.Errorf("a plan without plugins made %d requests and started %d provider processes", s.Requests, len(s.Providers))
		}
	}
	return nil
}

// plan runs one `terraform plan` in dir and measures it.
func plan(ctx context.Context, opts Options, server *Server, dir string, env []string, records string) (Sample, error) {
	if err := os.Remove(records); err != nil && !errors.Is(err, os.ErrNotExist) {
		return Sample{}, err
	}
	server.Take()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, opts.Terraform, "plan", "-input=false", "-no-color",
		fmt.Sprintf("-parallelism=%d", opts.Parallelism))
	cmd.Dir = dir
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	counts := server.Take()
	if err != nil {
		return Sample{}, fmt.Errorf("terraform plan: %v\n%s", err, tail(out.String(), 4000))
	}
	s := Sample{Wall: wall, Counts: counts, TreeCPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if s.Providers, err = readRecords(records); err != nil {
		return Sample{}, err
	}
	logFile := filepath.Join(dir, "terraform.log")
	if data, err := os.ReadFile(logFile); err == nil {
		s.SeamLogLines = bytes.Count(data, []byte("Seam API request"))
		if err := os.Remove(logFile); err != nil {
			return Sample{}, err
		}
	}
	return s, nil
}

func readRecords(path string) ([]ShimRecord, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []ShimRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r ShimRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

// installShim puts the shim into dir under the provider's executable name,
// with shim-target naming the real binary.
func installShim(shim, dir, name, target string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	abs, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err != nil {
		return fmt.Errorf("provider binary: %w", err)
	}
	data, err := os.ReadFile(shim)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "shim-target"), []byte(abs+"\n"), 0o644)
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
