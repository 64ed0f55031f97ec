#!/usr/bin/env bash
# `make test`: every test, the acceptance tests included, against real
# Terraform and the in-process fake Seam API. Extra arguments go to go test
# (e.g. `scripts/test.sh -run TestActionAttempt_404`).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# terraform-plugin-testing runs this CLI; without one it would try to
# download Terraform, which cannot work offline.
TF_ACC_TERRAFORM_PATH=$("$root/scripts/terraform-path.sh")
export TF_ACC_TERRAFORM_PATH
export TF_ACC=1
export CHECKPOINT_DISABLE=1
# A CLI config of the project's own, so that a developer's ~/.terraformrc
# (dev_overrides, mirrors, credentials) cannot change what the tests see.
export TF_CLI_CONFIG_FILE="$root/scripts/test.terraformrc"
# The tests give the provider its environment explicitly; a real credential
# in the shell must not leak into them.
unset SEAM_API_KEY SEAM_PERSONAL_ACCESS_TOKEN SEAM_CLIENT_SESSION_TOKEN SEAM_WORKSPACE_ID SEAM_ENDPOINT SEAM_API_URL

echo "Using $("$TF_ACC_TERRAFORM_PATH" version | head -n 1) at $TF_ACC_TERRAFORM_PATH"
# Acceptance tests mostly wait on Terraform processes, so more of them than
# cores can run at once.
go test -count=1 -parallel 4 -timeout 20m "${@:-./...}"
