variable "encode_action_attempt_id" {
  type = string
}

# Poll until the attempt is no longer pending (at most 10 minutes here), then
# fail the run with a clear message unless it succeeded. A failed attempt is
# not an error by itself: the postcondition decides.
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
