#!/usr/bin/env bash
# `make release-check`: checks .goreleaser.yml and builds a snapshot release
# of the provider for this platform with the pinned goreleaser (built outside
# this module by scripts/go-tool.sh, so its dependencies stay out of go.mod).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

goreleaser=$("$root/scripts/go-tool.sh" goreleaser)

echo "==> goreleaser check"
"$goreleaser" check

echo "==> goreleaser build --snapshot --single-target"
"$goreleaser" build --snapshot --clean --single-target

binary=$(find dist -type f -name 'terraform-provider-seam_v*' | head -n 1)
if [ -z "$binary" ]; then
  echo "goreleaser produced no provider binary under dist/" >&2
  exit 1
fi
echo "==> built $binary"
# The binary is a Terraform plugin: run directly, it must say so and exit.
if out=$("$binary" 2>&1); then
  echo "the built binary did not refuse to run outside Terraform" >&2
  exit 1
fi
echo "$out" | grep -q "This binary is a plugin" || { echo "unexpected output from the built binary: $out" >&2; exit 1; }
echo "Snapshot build OK."
