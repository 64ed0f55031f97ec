package bench

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	if got := Summarize([]float64{3, 1, 2}); got != (Summary{Median: 2, Min: 1, Max: 3, N: 3}) {
		t.Errorf("odd count: %+v", got)
	}
	if got := Summarize([]float64{4, 1, 3, 2}); got != (Summary{Median: 2.5, Min: 1, Max: 4, N: 4}) {
		t.Errorf("even count: %+v", got)
	}
	if got := Summarize(nil); got != (Summary{}) {
		t.Errorf("empty: %+v", got)
	}
}

func samples(walls ...time.Duration) []Sample {
	out := make([]Sample, len(walls))
	for i, w := range walls {
		out[i] = Sample{Wall: w}
	}
	return out
}

func TestPairedRatios_SameRound(t *testing.T) {
	a := samples(2*time.Second, 3*time.Second, 10*time.Second)
	b := samples(1*time.Second, 3*time.Second, 5*time.Second)
	got := PairedRatios(a, b)
	want := []float64{2, 1, 2}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("round %d: %v, want %v", i, got[i], want[i])
		}
	}
}

func TestOrder_RotatesEveryPosition(t *testing.T) {
	vs := []Variant{Seam, HTTP, RemoteState, Locals}
	first := map[Variant]bool{}
	for round := range len(vs) {
		order := Order(vs, round)
		if len(order) != len(vs) {
			t.Fatalf("round %d: %v", round, order)
		}
		first[order[0]] = true
	}
	if len(first) != len(vs) {
		t.Errorf("over %d rounds, only %v ran first", len(vs), first)
	}
}

func TestConfig_OneBlockPerRead(t *testing.T) {
	for v, block := range map[Variant]string{
		Seam: `data "seam_action_attempt"`, HTTP: `data "http"`, RemoteState: `data "terraform_remote_state"`, Locals: "  l0",
	} {
		config := Config(v, 7, "http://127.0.0.1:1")
		if n := strings.Count(config, block); n != 7 {
			t.Errorf("%s: %d blocks, want 7:\n%s", v, n, config)
		}
	}
	if !strings.Contains(Config(Seam, 1, "http://127.0.0.1:1"), `endpoint = "http://127.0.0.1:1"`) {
		t.Error("the seam configuration does not point at the server")
	}
	if !strings.Contains(Config(HTTP, 1, "http://127.0.0.1:1"), `url = "http://127.0.0.1:1/http/attempt-0000"`) {
		t.Error("the http configuration does not point at the server")
	}
}

func TestParseVariants(t *testing.T) {
	got, err := ParseVariants("seam, http")
	if err != nil || len(got) != 2 || got[0] != Seam || got[1] != HTTP {
		t.Errorf("got %v, %v", got, err)
	}
	if _, err := ParseVariants("seam,aws"); err == nil {
		t.Error("an unknown variant was accepted")
	}
}

func TestServer_CountsRequestsAndConnections(t *testing.T) {
	s, err := StartServer()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	get := func(c *http.Client, path string) {
		t.Helper()
		resp, err := c.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !json.Valid(body) {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
		}
	}
	pooled := &http.Client{Transport: &http.Transport{}}
	for range 3 {
		get(pooled, "/http/a")
	}
	if got := s.Take(); got != (Counts{Connections: 1, UsedConnections: 1, Requests: 3}) {
		t.Errorf("three requests over a kept-alive connection: %+v", got)
	}
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	for range 3 {
		get(fresh, "/http/a")
	}
	if got := s.Take(); got != (Counts{Connections: 3, UsedConnections: 3, Requests: 3}) {
		t.Errorf("three requests without keep-alive: %+v", got)
	}
}

func TestServer_SeamRoute(t *testing.T) {
	s, err := StartServer()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	post := func(key string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/action_attempts/get", strings.NewReader(`{"action_attempt_id":"attempt-0001"}`))
		if key != "" {
			req.Header.Set("Authorization", "Bearer "+key)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if status, body := post(APIKey); status != http.StatusOK || !strings.Contains(body, `"action_attempt_id":"attempt-0001"`) {
		t.Errorf("with the key: %d %s", status, body)
	}
	if status, _ := post("seam_wrong"); status != http.StatusUnauthorized {
		t.Errorf("with a wrong key: %d", status)
	}
}

func TestReadRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.jsonl")
	lines := `{"provider":"terraform-provider-seam","maxrss_kib":20480,"cpu_ms":150,"stderr_lines":2,"stderr_bytes":200,"wall_ms":300,"exit_code":0}
{"provider":"terraform-provider-seam","maxrss_kib":25600,"cpu_ms":250,"stderr_lines":2,"stderr_bytes":200,"wall_ms":900,"exit_code":0}
`
	if err := os.WriteFile(path, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	recs, err := readRecords(path)
	if err != nil {
		t.Fatal(err)
	}
	s := Sample{Providers: recs}
	if s.PeakRSSKiB() != 25600 || s.CPU() != 400*time.Millisecond || s.StderrLines() != 4 || s.StderrBytes() != 400 {
		t.Errorf("peak %d, cpu %s, lines %d, bytes %d", s.PeakRSSKiB(), s.CPU(), s.StderrLines(), s.StderrBytes())
	}
	if recs, err := readRecords(filepath.Join(t.TempDir(), "none")); err != nil || recs != nil {
		t.Errorf("a missing file: %v, %v", recs, err)
	}
}

func TestSplice_KeepsTheProse(t *testing.T) {
	doc := "# Title\n\nprose\n\n" + BeginMarker + "\nold\n" + EndMarker + "\n\nmore prose\n"
	got, err := Splice(doc, "new\n")
	if err != nil {
		t.Fatal(err)
	}
	want := "# Title\n\nprose\n\n" + BeginMarker + "\nnew\n" + EndMarker + "\n\nmore prose\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if _, err := Splice("no markers", "x"); err == nil {
		t.Error("a document without markers was accepted")
	}
}

// results builds Results for the goals: seam and the baseline at two Ns.
func results(seamWall, baseWall time.Duration, conns int64, rssKiB int64) *Results {
	mk := func(n int, wall time.Duration, rss int64) []Sample {
		return []Sample{{Wall: wall, Counts: Counts{Connections: conns, Requests: int64(n)},
			Providers: []ShimRecord{{MaxRSSKiB: rss, StderrLines: 2}}}}
	}
	return &Results{
		Options: Options{Ns: []int{1, 200, 1000}, Parallelism: 10},
		Cases: []*Case{
			{N: 1, Samples: map[Variant][]Sample{Seam: mk(1, time.Second, 18<<10), RemoteState: mk(1, time.Second/10, 0)}},
			{N: 200, Samples: map[Variant][]Sample{Seam: mk(200, seamWall/4, 20<<10), RemoteState: mk(200, baseWall/4, 0)}},
			{N: 1000, Samples: map[Variant][]Sample{Seam: mk(1000, seamWall, rssKiB), RemoteState: mk(1000, baseWall, 0)}},
		},
	}
}

func goal(t *testing.T, r *Results, prefix string) Goal {
	t.Helper()
	for _, g := range r.Goals() {
		if strings.HasPrefix(g.Name, prefix) {
			return g
		}
	}
	t.Fatalf("no goal %q in %+v", prefix, r.Goals())
	return Goal{}
}

func TestGoals(t *testing.T) {
	good := results(1400*time.Millisecond, time.Second, 10, 21<<10)
	if g := goal(t, good, "wall"); !g.Met {
		t.Errorf("1.4× counted as missing ≤ 1.5: %+v", g)
	}
	if g := goal(t, good, "TCP"); !g.Met {
		t.Errorf("10 connections counted as more than 10: %+v", g)
	}
	if g := goal(t, good, "provider peak RSS"); !g.Met {
		t.Errorf("21 MiB at N=1000 from 20 at N=200 counted as not flat: %+v", g)
	}
	if g := goal(t, good, "no per-read log lines"); !g.Met {
		t.Errorf("the same stderr lines at both Ns counted as per-read lines: %+v", g)
	}
	bad := results(1600*time.Millisecond, time.Second, 11, 40<<10)
	for _, prefix := range []string{"wall", "TCP", "provider peak RSS"} {
		if g := goal(t, bad, prefix); g.Met {
			t.Errorf("%s: counted as met: %+v", prefix, g)
		}
	}
}

func TestBusyShare(t *testing.T) {
	if _, _, ok := cpuTimes(); !ok {
		t.Skip("no /proc/stat")
	}
	if share := busyShare(t.Context()); share < 0 || share > 1 {
		t.Errorf("busy share %v, want 0…1", share)
	}
}
