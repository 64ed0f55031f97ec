#!/usr/bin/env bash
# `make lint`: golangci-lint with .golangci.yml, at the pinned version.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lint=$("$root/scripts/go-tool.sh" golangci-lint)
cd "$root"
"$lint" run ./...
