#!/usr/bin/env bash
# `make bench`: whole-process `terraform plan` timings of this provider
# against hashicorp/http v1.2.0 and two plugin-free baselines, plus the Go
# benchmarks, written into BENCHMARKS.md (between its seambench markers).
#
# It builds the provider, the harness (internal/bench/cmd/seambench) and the
# shim that measures provider processes (internal/bench/cmd/benchshim) into a
# temporary directory, and hashicorp/http v1.2.0 from the Go module proxy into
# the git-ignored tools/bin (once; reused afterwards). Everything listens on
# 127.0.0.1 only, and every process it starts is stopped on exit.
#
# Arguments go to seambench, e.g. `scripts/bench.sh -runs 3 -n 1,200`;
# `scripts/bench.sh -h` lists them. Takes about 3 minutes on 2 cores, plus up
# to 5 minutes of waiting for a quiet machine when it is shared.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

http_version=v1.2.0
http_bin="$root/tools/bin/terraform-provider-http_$http_version"

terraform=$("$root/scripts/terraform-path.sh")
export CHECKPOINT_DISABLE=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/seam-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -x "$http_bin" ]; then
  echo "==> Building hashicorp/http $http_version from the Go module proxy (once, about a minute)" >&2
  mkdir -p "$root/tools/bin" "$tmp/gobin"
  # Outside this module, so that its dependencies stay out of go.mod.
  (cd "$tmp" && GOWORK=off GOFLAGS=-mod=mod GOBIN="$tmp/gobin" \
    go install "github.com/terraform-providers/terraform-provider-http@$http_version")
  mv "$tmp/gobin/terraform-provider-http" "$http_bin"
fi

seam_version=$(git -C "$root" describe --always --dirty 2>/dev/null || echo dev)
echo "==> Building the provider ($seam_version), the harness and the shim" >&2
go build -ldflags "-X main.version=$seam_version" -o "$tmp/terraform-provider-seam" .
go build -o "$tmp/seambench" ./internal/bench/cmd/seambench
go build -o "$tmp/benchshim" ./internal/bench/cmd/benchshim

echo "==> Go benchmarks" >&2
go test -run '^$' -bench 'JSONToDynamic|GetActionAttempt|ReadDataSource' -benchmem -count 1 \
  ./internal/provider/ ./internal/seam/ | tee "$tmp/gobench.txt" >&2

echo "==> terraform plan timings ($("$terraform" version | head -n 1))" >&2
args=(-terraform "$terraform" -provider "$tmp/terraform-provider-seam" -http-provider "$http_bin"
  -shim "$tmp/benchshim" -seam-version "$seam_version" -http-version "$http_version"
  -gobench "$tmp/gobench.txt" -update "$root/BENCHMARKS.md" "$@")
"$tmp/seambench" -command "make bench (scripts/bench.sh$(printf ' %q' "$@")), which runs: seambench$(printf ' %q' "${args[@]}" | sed "s|$tmp|\$TMP|g; s|$root/||g")" "${args[@]}"
