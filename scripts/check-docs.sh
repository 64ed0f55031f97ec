#!/usr/bin/env bash
# Fails when `make docs` would change docs/: the registry docs are generated
# from the schema, templates/ and examples/, never edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

go generate ./...
changes=$(git status --porcelain -- docs/)
if [ -n "$changes" ]; then
  echo "docs/ is out of date with the schema, templates/ or examples/:" >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- docs/ >&2
  echo "Run 'make docs' and commit the result." >&2
  exit 1
fi
echo "docs/ is up to date."
