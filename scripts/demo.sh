#!/usr/bin/env bash
# `make demo`: builds the provider and the fake Seam API, serves the fake on
# 127.0.0.1 with the demo seed, and runs examples/demo against it with
# Terraform, then prints a summary.
#
# Nothing is written to the repository except bin/ (git-ignored): Terraform
# runs in a temporary copy of examples/demo with a CLI config of its own, and
# the fake and the temporary directory are cleaned up on every exit path.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
demo_api_key=seam_demoapikey_0123456789 # fakeseam.DemoAPIKey

terraform=$("$root/scripts/terraform-path.sh")

echo "==> Building the provider and the fake Seam API into bin/"
(cd "$root" && go build -o "$root/bin/terraform-provider-seam" .)
(cd "$root" && go build -o "$root/bin/fakeseam" ./internal/fakeseam/cmd/fakeseam)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/seam-demo.XXXXXX")
fake_pid=""
cleanup() {
  if [ -n "$fake_pid" ]; then
    kill "$fake_pid" 2>/dev/null || true
    wait "$fake_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# On Ctrl-C or TERM, exit (which runs the EXIT trap) with the usual status.
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> Starting the fake Seam API on 127.0.0.1"
"$root/bin/fakeseam" -addr 127.0.0.1:0 -url-file "$tmp/fake-url" -seed demo >"$tmp/fake.log" 2>&1 &
fake_pid=$!

# The fake writes the file atomically once it listens; give it 10 seconds.
for _ in $(seq 100); do
  [ -s "$tmp/fake-url" ] && break
  if ! kill -0 "$fake_pid" 2>/dev/null; then
    echo "The fake Seam API exited early:" >&2
    cat "$tmp/fake.log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ ! -s "$tmp/fake-url" ]; then
  echo "The fake Seam API did not report its URL within 10 seconds:" >&2
  cat "$tmp/fake.log" >&2
  exit 1
fi
fake_url=$(cat "$tmp/fake-url")
echo "    listening at $fake_url"

# dev_overrides makes Terraform use bin/terraform-provider-seam directly, so
# no `terraform init` (and no registry access) is needed.
cat >"$tmp/terraformrc" <<CONFIG
provider_installation {
  dev_overrides {
    "registry.terraform.io/seamapi/seam" = "$root/bin"
  }
  direct {}
}
CONFIG

mkdir "$tmp/work"
cp "$root"/examples/demo/*.tf "$tmp/work/"

export TF_CLI_CONFIG_FILE="$tmp/terraformrc"
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1
export TF_VAR_seam_endpoint="$fake_url"
export SEAM_API_KEY="$demo_api_key"

# Colours help on a terminal and are noise in a log file.
color_flag=""
[ -t 1 ] || color_flag="-no-color"

echo "==> terraform apply (examples/demo, in a temporary directory)"
(cd "$tmp/work" && "$terraform" apply -auto-approve -input=false $color_flag)

echo
echo "==> Summary"
(cd "$tmp/work" && "$terraform" output -raw summary)
echo
