# The id comes from the Seam call that started the action, e.g. unlocking a
# door returns an action attempt.
variable "unlock_action_attempt_id" {
  type = string
}

# A single read: the attempt as it is now (it may still be pending).
data "seam_action_attempt" "unlock" {
  action_attempt_id = var.unlock_action_attempt_id
}

output "unlock_status" {
  # pending, success or error
  value = data.seam_action_attempt.unlock.status
}

output "unlock_error" {
  # null unless the attempt failed; otherwise { type, message }
  value = data.seam_action_attempt.unlock.error
}

output "unlock_confirmed_by_device" {
  # result is sensitive because some actions return PIN codes or card data.
  # This field is not secret, so it is released deliberately with
  # nonsensitive(); try() gives null while the attempt has no result yet.
  value = try(nonsensitive(data.seam_action_attempt.unlock.result.was_confirmed_by_device), null)
}

# Waiting: poll until the attempt is no longer pending (at most 10 minutes
# here), then fail the run with a clear message unless it succeeded. A failed
# attempt is not an error by itself: the postcondition decides.
variable "encode_action_attempt_id" {
  type = string
}

data "seam_action_attempt" "encode" {
  action_attempt_id   = var.encode_action_attempt_id
  wait_for_completion = true

  timeouts = {
    read = "10m"
  }

  lifecycle {
    postcondition {
      condition     = self.status == "success"
      error_message = "Encoding the card failed: ${try(self.error.type, "unknown")}: ${try(self.error.message, "")}"
    }
  }
}

# result_json is the same result as JSON text, for jsondecode().
output "encoded_card_format" {
  value = try(nonsensitive(jsondecode(data.seam_action_attempt.encode.result_json).card_format), null)
}
