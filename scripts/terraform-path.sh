#!/usr/bin/env bash
# Prints the path of a Terraform CLI for the tests and the demo.
#
# Order: $TF_ACC_TERRAFORM_PATH when it names an executable, then `terraform`
# on PATH, else a Terraform 1.5.7 built from the Go module proxy into the
# git-ignored tools/ folder (built once, reused afterwards). Progress goes to
# stderr so that callers can capture stdout.
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

built="$root/tools/bin/terraform"
if [ ! -x "$built" ]; then
  echo "No terraform on PATH: building Terraform v1.5.7 into tools/bin (about 2 minutes, once)..." >&2
  GOBIN="$root/tools/bin" go install github.com/hashicorp/terraform@v1.5.7 >&2
fi
echo "$built"
