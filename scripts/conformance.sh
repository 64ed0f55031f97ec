#!/usr/bin/env bash
# `make conformance`: runs the provider, under the real Terraform CLI, against
# Seam's own fake of the Seam API (@seamapi/fake-seam-connect, pinned in
# internal/conformance/fakeseamconnect/package-lock.json).
#
# It installs the fake with `npm ci`, starts it on 127.0.0.1 (the fake itself
# would bind every interface: loopback.cjs forces the address, and the tests
# check it before use), runs ./internal/conformance, and stops the fake by its
# PID on every exit path, Ctrl-C included. Extra arguments go to go test
# (e.g. `scripts/conformance.sh -run TestUnknownID_404`).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
fake_dir="$root/internal/conformance/fakeseamconnect"

# Node.js and npm are needed; without them this fails, never skips.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "make conformance needs Node.js 18.12 or newer (20 is tested) and npm, to run Seam's fake API." >&2
  echo "Install them (on Debian or Ubuntu: apt-get install nodejs npm; elsewhere: https://nodejs.org) and run it again." >&2
  exit 1
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 12) ? 0 : 1)'; then
  echo "make conformance needs Node.js 18.12 or newer; this is $(node --version). Install a newer Node.js and run it again." >&2
  exit 1
fi

SECONDS=0
echo "==> npm ci (@seamapi/fake-seam-connect, as pinned in package-lock.json)"
(cd "$fake_dir" && npm ci --no-audit --no-fund --loglevel=error)

TF_ACC_TERRAFORM_PATH=$("$root/scripts/terraform-path.sh")
export TF_ACC_TERRAFORM_PATH
export TF_ACC=1
export CHECKPOINT_DISABLE=1
export TF_CLI_CONFIG_FILE="$root/scripts/test.terraformrc"
# The tests give the provider its credentials explicitly; a real credential
# in the shell must not reach them.
unset SEAM_API_KEY SEAM_PERSONAL_ACCESS_TOKEN SEAM_CLIENT_SESSION_TOKEN SEAM_WORKSPACE_ID SEAM_ENDPOINT SEAM_API_URL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/seam-conformance.XXXXXX")
fake_pid=""
cleanup() {
  status=$?
  if [ -n "$fake_pid" ] && kill -0 "$fake_pid" 2>/dev/null; then
    kill -TERM "$fake_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$fake_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$fake_pid" 2>/dev/null; then
      echo "The fake did not stop on TERM within 5 seconds; killing it." >&2
      kill -KILL "$fake_pid" 2>/dev/null || true
    fi
    wait "$fake_pid" 2>/dev/null || true
  fi
  if [ "$status" -ne 0 ] && [ -s "$tmp/fake.log" ]; then
    echo "--- the fake's log" >&2
    tail -n 40 "$tmp/fake.log" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# On Ctrl-C or TERM, exit (which runs the EXIT trap) with the usual status.
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> Starting Seam's fake on 127.0.0.1"
# NODE_ENV=production: otherwise every error body carries a stack trace.
(cd "$fake_dir" && exec env NODE_ENV=production node --require ./loopback.cjs launch.mjs "$tmp/fake.json") \
  >"$tmp/fake.log" 2>&1 &
fake_pid=$!

# launch.mjs writes the file atomically once it listens; give it 20 seconds.
for _ in $(seq 200); do
  [ -s "$tmp/fake.json" ] && break
  if ! kill -0 "$fake_pid" 2>/dev/null; then
    echo "Seam's fake exited before it listened." >&2
    exit 1
  fi
  sleep 0.1
done
if [ ! -s "$tmp/fake.json" ]; then
  echo "Seam's fake did not report its address within 20 seconds." >&2
  exit 1
fi
read -r fake_url reported_pid < <(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(r.url, r.pid)' "$tmp/fake.json")
if [ "$reported_pid" != "$fake_pid" ]; then
  echo "The fake reports pid $reported_pid, but the process started is $fake_pid." >&2
  exit 1
fi
echo "    listening at $fake_url (pid $fake_pid)"

export CONFORMANCE_FAKE_URL="$fake_url"
export CONFORMANCE_FAKE_PID="$fake_pid"
echo "==> go test ./internal/conformance (Terraform: $("$TF_ACC_TERRAFORM_PATH" version | head -n 1))"
# The tests mostly wait on Terraform processes, so more run at once than
# there are cores.
go test -count=1 -v -parallel 4 -timeout 10m ./internal/conformance/ "$@"

printf '==> make conformance finished in %d s\n' "$SECONDS"
