# The id comes from the Seam call that started the action, e.g. unlocking a
# door returns an action attempt.
variable "unlock_action_attempt_id" {
  type = string
}

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
