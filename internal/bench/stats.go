package bench

import (
	"slices"
	"time"
)

// Summary is the median and range of some measurements.
type Summary struct {
	Median, Min, Max float64
	N                int
}

// Summarize describes xs; the median of an even count is the mean of the
// middle two.
func Summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	median := s[mid]
	if len(s)%2 == 0 {
		median = (s[mid-1] + s[mid]) / 2
	}
	return Summary{Median: median, Min: s[0], Max: s[len(s)-1], N: len(s)}
}

// Of summarizes f over samples.
func Of(samples []Sample, f func(Sample) float64) Summary {
	xs := make([]float64, len(samples))
	for i, s := range samples {
		xs[i] = f(s)
	}
	return Summarize(xs)
}

// Seconds is a sample's wall time in seconds.
func Seconds(s Sample) float64 { return s.Wall.Seconds() }

// PairedRatios divides each of a's wall times by b's from the same round,
// so that a drift of the machine between rounds cancels out.
func PairedRatios(a, b []Sample) []float64 {
	n := min(len(a), len(b))
	out := make([]float64, 0, n)
	for i := range n {
		if b[i].Wall > 0 {
			out = append(out, float64(a[i].Wall)/float64(b[i].Wall))
		}
	}
	return out
}

// Slope is the added time per extra data source between two points, from
// the medians.
func Slope(n1 int, t1 float64, n2 int, t2 float64) time.Duration {
	if n2 == n1 {
		return 0
	}
	return time.Duration((t2 - t1) / float64(n2-n1) * float64(time.Second))
}
