#!/usr/bin/env bash
# Checks every example under examples/ the way a user would run it:
# `terraform fmt -check`, then `terraform validate` of each example folder
# against the provider built from this tree (through dev_overrides, so no
# registry is needed). Data source examples are validated together with the
# provider example, as the docs show them.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
terraform=$("$root/scripts/terraform-path.sh")

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/bin/terraform-provider-seam" "$root"
cat >"$tmp/terraformrc" <<CONFIG
provider_installation {
  dev_overrides {
    "registry.terraform.io/seamapi/seam" = "$tmp/bin"
  }
  direct {}
}
CONFIG
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

echo "==> terraform fmt -check -recursive examples"
"$terraform" fmt -check -recursive -diff "$root/examples"

failed=0
while IFS= read -r dir; do
  rel=${dir#"$root"/}
  work="$tmp/work/$rel"
  mkdir -p "$work"
  cp "$dir"/*.tf "$work/"
  case "$rel" in
    examples/data-sources/*) cp "$root/examples/provider/provider.tf" "$work/" ;;
  esac
  if out=$(cd "$work" && "$terraform" validate -no-color 2>&1); then
    echo "ok    $rel"
  else
    echo "FAIL  $rel"
    echo "$out" | grep -v -e '^$' | sed 's/^/      /'
    failed=1
  fi
done < <(find "$root/examples" -name '*.tf' -exec dirname {} \; | sort -u)

if [ "$failed" -ne 0 ]; then
  echo "Some examples are not valid configurations." >&2
  exit 1
fi
