# The `make demo` configuration: reads three action attempts, one in each
# status, and prints a summary.
#
# scripts/demo.sh runs it against the local fake Seam API (with a demo API key
# in SEAM_API_KEY and the fake's URL in TF_VAR_seam_endpoint). To run it
# against the real API instead, set SEAM_API_KEY to your own key, leave
# seam_endpoint at its default, and pass ids of attempts from your workspace:
#
#   terraform apply -var unlocked_action_attempt_id=<uuid> ...

terraform {
  required_providers {
    seam = {
      source = "seamapi/seam"
    }
  }
}

variable "seam_endpoint" {
  type        = string
  default     = "https://connect.getseam.com"
  description = "Base URL of the Seam API. Keep the default for the real API; scripts/demo.sh sets TF_VAR_seam_endpoint to the local fake's URL."
}

variable "unlocked_action_attempt_id" {
  type        = string
  default     = "11111111-1111-4111-8111-111111111111"
  description = "An UNLOCK_DOOR attempt that succeeded (demo seed)."
}

variable "encoding_action_attempt_id" {
  type        = string
  default     = "22222222-2222-4222-8222-222222222222"
  description = "An ENCODE_CREDENTIAL attempt still pending (demo seed)."
}

variable "failed_action_attempt_id" {
  type        = string
  default     = "33333333-3333-4333-8333-333333333333"
  description = "A LOCK_DOOR attempt that failed (demo seed)."
}

# The credential comes from SEAM_API_KEY, so it never appears in this file.
provider "seam" {
  endpoint = var.seam_endpoint
}

data "seam_action_attempt" "unlocked" {
  action_attempt_id = var.unlocked_action_attempt_id
}

data "seam_action_attempt" "encoding" {
  action_attempt_id = var.encoding_action_attempt_id
}

data "seam_action_attempt" "failed" {
  action_attempt_id = var.failed_action_attempt_id
}

locals {
  # A list, not a map, so the summary keeps this order (a map would sort by
  # name). Outputs below read only non-sensitive attributes: result and
  # result_json may hold secrets (PIN codes, card data) and stay out of them.
  attempts = [
    { name = "unlocked", attempt = data.seam_action_attempt.unlocked },
    { name = "encoding", attempt = data.seam_action_attempt.encoding },
    { name = "failed", attempt = data.seam_action_attempt.failed },
  ]
}

output "statuses" {
  description = "Status of each attempt: pending, success or error."
  value       = { for a in local.attempts : a.name => a.attempt.status }
}

output "failed_error" {
  description = "Why the failed attempt failed (null for attempts that did not fail)."
  value       = data.seam_action_attempt.failed.error
}

output "summary" {
  description = "One line per attempt: name, action type, status, and the error when there is one."
  value = join("\n", [
    for a in local.attempts : trimspace(format("%-9s %-18s %-8s %s",
      a.name,
      a.attempt.action_type,
      a.attempt.status,
      a.attempt.error == null ? "" : format("%s: %s", a.attempt.error.type, a.attempt.error.message),
    ))
  ])
}
