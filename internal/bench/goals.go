package bench

import (
	"fmt"
	"time"
)

// The goals for this provider.
const (
	goalRatio        = 1.5
	goalRatioStretch = 1.3
	goalRSSMiB       = 30.0
	// flatRSSMiB is how much the provider's peak RSS may grow between the
	// two largest N and still count as flat: about the noise between runs.
	flatRSSMiB = 2.0
	// linearTolerance is how far above the straight line through the two
	// middle points the largest N may land and still count as linear.
	linearTolerance = 0.10
)

// Goal is one line of the goals table.
type Goal struct {
	Name     string
	Target   string
	Measured string
	Met      bool
}

// plainSamples finds the samples of v in the plain case with n reads.
func (r *Results) plainSamples(n int, v Variant) []Sample {
	for _, c := range r.Cases {
		if c.Title == "" && c.N == n {
			return c.Samples[v]
		}
	}
	return nil
}

func (r *Results) caseTitled(title string) *Case {
	for _, c := range r.Cases {
		if c.Title == title {
			return c
		}
	}
	return nil
}

// Goals checks the results against the goals. A goal whose data is
// missing (a variant or N not run) is left out.
func (r *Results) Goals() []Goal {
	var goals []Goal
	ns := r.Options.Ns
	if len(ns) == 0 {
		return nil
	}
	nMax, nMin := ns[len(ns)-1], ns[0]

	// Wall time against the baseline, at the largest N.
	seamMax, baseMax, httpMax := r.plainSamples(nMax, Seam), r.plainSamples(nMax, RemoteState), r.plainSamples(nMax, HTTP)
	if len(seamMax) > 0 && len(baseMax) > 0 {
		ratio := Summarize(PairedRatios(seamMax, baseMax))
		measured := fmt.Sprintf("%.2f× (%.2f–%.2f)", ratio.Median, ratio.Min, ratio.Max)
		met := ratio.Median <= goalRatio
		if len(httpMax) > 0 {
			peer := Summarize(PairedRatios(httpMax, baseMax)).Median
			measured += fmt.Sprintf("; http v1.2.0 %.2f×", peer)
			met = met && ratio.Median < peer
		}
		stretch := "stretch ≤ 1.3 met"
		if ratio.Median > goalRatioStretch {
			stretch = "stretch ≤ 1.3 not met"
		}
		goals = append(goals, Goal{
			Name:     fmt.Sprintf("wall ÷ terraform_remote_state at N=%d", nMax),
			Target:   fmt.Sprintf("≤ %.1f and below both peers (v3.6.0: 5.2×, v1.2.0: measured)", goalRatio),
			Measured: measured + "; " + stretch,
			Met:      met,
		})
	}

	// Linear growth: the largest N against the line through the two
	// points before it.
	if len(ns) >= 3 {
		n1, n2, n3 := ns[len(ns)-3], ns[len(ns)-2], nMax
		s1, s2, s3 := r.plainSamples(n1, Seam), r.plainSamples(n2, Seam), r.plainSamples(n3, Seam)
		if len(s1) > 0 && len(s2) > 0 && len(s3) > 0 {
			t1, t2, t3 := Of(s1, Seconds).Median, Of(s2, Seconds).Median, Of(s3, Seconds).Median
			low, high := Slope(n1, t1, n2, t2), Slope(n2, t2, n3, t3)
			predicted := t2 + (t2-t1)/float64(n2-n1)*float64(n3-n2)
			goals = append(goals, Goal{
				Name:   "time grows linearly in N",
				Target: fmt.Sprintf("N=%d within %.0f%% of the line through N=%d and N=%d", n3, linearTolerance*100, n1, n2),
				Measured: fmt.Sprintf("%.2fs measured, %.2fs on the line; %s per data source for N=%d→%d, %s for N=%d→%d",
					t3, predicted, roundMs(low), n1, n2, roundMs(high), n2, n3),
				Met: t3 <= predicted*(1+linearTolerance),
			})
		}
	}

	// Connections.
	var worst int64
	var seen bool
	for _, n := range ns {
		for _, s := range r.plainSamples(n, Seam) {
			worst = max(worst, s.Connections)
			seen = true
		}
	}
	if seen {
		p := r.Options.Parallelism
		goals = append(goals, Goal{
			Name:     "TCP connections per plan",
			Target:   fmt.Sprintf("≤ %d (the parallelism), whatever N", p),
			Measured: fmt.Sprintf("at most %d in any plan, N=%d…%d", worst, nMin, nMax),
			Met:      worst <= int64(p),
		})
	}

	// Peak RSS. A process that made one read has not grown its heap to
	// its working size yet, so flatness is judged between the two largest
	// N: a provider that kept something per read would grow there.
	seamMin := r.plainSamples(nMin, Seam)
	if len(ns) >= 2 && len(seamMax) > 0 && len(seamMin) > 0 {
		nPrev := ns[len(ns)-2]
		if seamPrev := r.plainSamples(nPrev, Seam); len(seamPrev) > 0 {
			rssMax, rssPrev, rssMin := Of(seamMax, peakMiB), Of(seamPrev, peakMiB), Of(seamMin, peakMiB)
			growth := rssMax.Median - rssPrev.Median
			goals = append(goals, Goal{
				Name: fmt.Sprintf("provider peak RSS at N=%d, flat in N", nMax),
				Target: fmt.Sprintf("≤ %.0f MiB; flat: ≤ %.0f MiB more at N=%d than at N=%d (%.1f KiB per data source)",
					goalRSSMiB, flatRSSMiB, nMax, nPrev, flatRSSMiB*1024/float64(nMax-nPrev)),
				Measured: fmt.Sprintf("%.1f MiB (max %.1f); %.1f MiB at N=%d, so %+.1f MiB (%.2f KiB per data source); %.1f MiB at N=%d",
					rssMax.Median, rssMax.Max, rssPrev.Median, nPrev, growth, growth*1024/float64(nMax-nPrev), rssMin.Median, nMin),
				Met: rssMax.Max <= goalRSSMiB && growth <= flatRSSMiB,
			})
		}
	}

	// Logs.
	if len(seamMax) > 0 && len(seamMin) > 0 && nMax > nMin {
		lMax, lMin := Of(seamMax, stderrLines).Median, Of(seamMin, stderrLines).Median
		perRead := (lMax - lMin) / float64(nMax-nMin)
		measured := fmt.Sprintf("logging off: %.0f stderr lines per plan at N=%d, %.0f at N=%d (%.2f per read)", lMin, nMin, lMax, nMax, perRead)
		met := perRead < 0.01
		if c := r.caseTitled("TF_LOG=debug"); c != nil && len(c.Samples[Seam]) > 0 {
			logged := Of(c.Samples[Seam], func(s Sample) float64 { return float64(s.SeamLogLines) })
			measured += fmt.Sprintf("; TF_LOG=debug: %.0f \"Seam API request\" lines per plan at N=%d", logged.Min, c.N)
			met = met && logged.Min >= float64(c.N)
		}
		goals = append(goals, Goal{
			Name:     "no per-read log lines with logging off; all there with TF_LOG",
			Target:   "0 per read off; ≥ 1 \"Seam API request\" line per read with TF_LOG=debug (TF_LOG_PROVIDER: e2e test)",
			Measured: measured,
			Met:      met,
		})
	}

	// Start-up: N=1 against the SDKv1 peer.
	if s, h := r.plainSamples(nMin, Seam), r.plainSamples(nMin, HTTP); nMin == 1 && len(s) > 0 && len(h) > 0 {
		ratio := Summarize(PairedRatios(s, h))
		goals = append(goals, Goal{
			Name:   "N=1 plan no slower than http v1.2.0",
			Target: "seam ÷ http v1.2.0 ≤ 1.00",
			Measured: fmt.Sprintf("%.3f× (%.3f–%.3f); %.3fs vs %.3fs", ratio.Median, ratio.Min, ratio.Max,
				Of(s, Seconds).Median, Of(h, Seconds).Median),
			Met: ratio.Median <= 1.0,
		})
	}
	return goals
}

func peakMiB(s Sample) float64     { return float64(s.PeakRSSKiB()) / 1024 }
func stderrLines(s Sample) float64 { return float64(s.StderrLines()) }

func roundMs(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}
