// Command seambench times `terraform plan` over many data sources for this
// provider, hashicorp/http v1.2.0 and two plugin-free baselines, and writes
// the results into BENCHMARKS.md. scripts/bench.sh (make bench) builds what
// it needs and runs it; see BENCHMARKS.md for the method.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/seamapi/terraform-provider-seam/internal/bench"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "seambench:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		terraform    = flag.String("terraform", "terraform", "the Terraform `CLI`")
		seamProvider = flag.String("provider", "bin/terraform-provider-seam", "this provider's `binary`")
		httpProvider = flag.String("http-provider", "tools/bin/terraform-provider-http", "hashicorp/http v1.2.0's `binary`")
		shim         = flag.String("shim", "", "cmd/benchshim's `binary` (required)")
		ns           = flag.String("n", "1,50,200,1000", "data source counts, ascending")
		variants     = flag.String("variants", "seam,http,remote_state,locals", "what to time")
		runs         = flag.Int("runs", 7, "timed runs per point")
		warmup       = flag.Int("warmup", 1, "untimed runs per point, first")
		parallelism  = flag.Int("parallelism", 10, "terraform plan -parallelism")
		latency      = flag.Duration("latency", 20*time.Millisecond, "server latency of the latency point (0 skips it)")
		latencyN     = flag.Int("latency-n", 200, "N of the latency point")
		logN         = flag.Int("log-n", 200, "N of the TF_LOG=debug point (0 skips it)")
		quietBudget  = flag.Duration("quiet-budget", 5*time.Minute, "how long in all to wait for an idle machine before plans (0: never)")
		goBench      = flag.String("gobench", "", "a `file` of go test -bench output to include")
		update       = flag.String("update", "", "write the results into this Markdown `file`, between its seambench markers")
		seamVersion  = flag.String("seam-version", "dev", "this provider's version, for the report")
		httpVersion  = flag.String("http-version", "v1.2.0", "hashicorp/http's version, for the report")
		command      = flag.String("command", "", "the command to name in the report (default: this one)")
	)
	flag.Parse()
	if *shim == "" {
		return fmt.Errorf("-shim is required")
	}
	nList, err := parseInts(*ns)
	if err != nil {
		return err
	}
	vList, err := bench.ParseVariants(*variants)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "seambench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	opts := bench.Options{
		Terraform: *terraform, SeamProvider: *seamProvider, HTTPProvider: *httpProvider, Shim: *shim,
		Ns: nList, Variants: vList, Runs: *runs, Warmup: *warmup, Parallelism: *parallelism,
		Latency: *latency, LatencyN: *latencyN, LatencyVariants: only(vList, bench.Seam, bench.HTTP, bench.RemoteState),
		LogN: *logN, LogVariants: only(vList, bench.Seam, bench.HTTP),
		QuietBudget: *quietBudget, WorkDir: work, Progress: os.Stderr,
	}
	res, err := bench.Run(ctx, opts)
	if err != nil {
		return err
	}

	meta := bench.Meta{
		Command:          *command,
		Machine:          bench.Machine(),
		GoVersion:        strings.TrimPrefix(runtime.Version(), "go"),
		TerraformVersion: terraformVersion(*terraform),
		SeamVersion:      *seamVersion,
		HTTPVersion:      *httpVersion,
	}
	if meta.Command == "" {
		meta.Command = strings.Join(os.Args, " ")
	}
	if *goBench != "" {
		data, err := os.ReadFile(*goBench)
		if err != nil {
			return err
		}
		meta.GoBench = string(data)
	}
	section := bench.Render(res, meta)
	fmt.Println(section)
	if *update != "" {
		if err := bench.UpdateFile(*update, section); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "seambench: wrote the results into %s\n", *update)
	}
	return nil
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad N %q", f)
		}
		if len(out) > 0 && n <= out[len(out)-1] {
			return nil, fmt.Errorf("the N values must ascend: %s", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// only keeps the wanted variants of vs, in vs's order.
func only(vs []bench.Variant, wanted ...bench.Variant) []bench.Variant {
	var out []bench.Variant
	for _, v := range vs {
		for _, w := range wanted {
			if v == w {
				out = append(out, v)
			}
		}
	}
	return out
}

func terraformVersion(path string) string {
	out, err := exec.Command(path, "version").Output()
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimPrefix(strings.TrimSpace(line), "Terraform ")
}
