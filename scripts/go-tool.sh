#!/usr/bin/env bash
# Prints the path of a pinned development tool, building it first if needed.
#
#   scripts/go-tool.sh golangci-lint|goreleaser|terraform
#
# Each tool is built with `go install <package>@<version>`, which runs outside
# this module, so the tool's dependencies stay out of go.mod. Binaries are
# kept by version in a cache outside the clone ($SEAM_TOOLS_CACHE, default
# ~/.cache/terraform-provider-seam/tools), because CI clones afresh each time,
# and linked into the git-ignored tools/bin. Progress goes to stderr.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: scripts/go-tool.sh golangci-lint|goreleaser|terraform}

case "$name" in
  golangci-lint) pkg=github.com/golangci/golangci-lint/v2/cmd/golangci-lint version=v2.15.0 ;;
  # Newer goreleaser releases need a newer Go than this project's.
  goreleaser) pkg=github.com/goreleaser/goreleaser/v2 version=v2.17.0 ;;
  # The oldest Terraform the provider supports; CI runs the acceptance tests on it.
  terraform) pkg=github.com/hashicorp/terraform version=v1.5.7 ;;
  *) echo "go-tool.sh: unknown tool $name" >&2; exit 2 ;;
esac

cache=${SEAM_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-seam/tools}
binary="$cache/$name-$version"
if [ ! -x "$binary" ]; then
  echo "Building $name $version (once; it is cached in $cache)..." >&2
  mkdir -p "$cache"
  build=$(mktemp -d)
  trap 'rm -rf "$build"' EXIT
  # GOFLAGS from the environment (e.g. -mod=vendor) must not leak into a
  # build that is not this module's.
  (cd "$build" && GOFLAGS=-buildvcs=false GOBIN="$build" go install "$pkg@$version" >&2)
  mv "$build/$name" "$binary"
fi

mkdir -p "$root/tools/bin"
ln -sf "$binary" "$root/tools/bin/$name"
echo "$root/tools/bin/$name"
