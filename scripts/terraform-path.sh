#!/usr/bin/env bash
# Prints the path of a Terraform CLI for the tests and the demo.
#
# Order: $TF_ACC_TERRAFORM_PATH when it names an executable, then `terraform`
# on PATH, else Terraform 1.5.7 (the oldest supported) built from the Go
# module proxy by scripts/go-tool.sh into the git-ignored tools/ folder (built
# once, reused afterwards). Progress goes to stderr so that callers can
# capture stdout.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)

if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ] && [ -x "${TF_ACC_TERRAFORM_PATH}" ]; then
  echo "${TF_ACC_TERRAFORM_PATH}"
  exit 0
fi

if command -v terraform >/dev/null 2>&1; then
  command -v terraform
  exit 0
fi

echo "No terraform on PATH: using Terraform 1.5.7 from the Go module proxy (built once, a few minutes)." >&2
exec "$root/scripts/go-tool.sh" terraform
