# The id comes from the Seam call that started the action: unlocking a door,
# encoding a card or setting a thermostat returns an action attempt.
variable "unlock_action_attempt_id" {
  type = string
}

# One read: the attempt as it is now (it may still be pending).
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
