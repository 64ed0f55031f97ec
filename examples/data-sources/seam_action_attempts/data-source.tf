variable "unlock_action_attempt_ids" {
  type = list(string)
}

# Several attempts in one read, in the order given.
data "seam_action_attempts" "unlocks" {
  action_attempt_ids = var.unlock_action_attempt_ids

  lifecycle {
    # Ids Seam does not know are left out of action_attempts and listed here.
    postcondition {
      condition     = length(self.missing_action_attempt_ids) == 0
      error_message = "Unknown action attempts: ${join(", ", self.missing_action_attempt_ids)}"
    }
  }
}

output "unlock_statuses" {
  value = { for a in data.seam_action_attempts.unlocks.action_attempts : a.action_attempt_id => a.status }
}

# Every attempt of one device (a lock, a thermostat, an encoder).
variable "front_door_device_id" {
  type = string
}

data "seam_action_attempts" "front_door" {
  device_id = var.front_door_device_id
}

output "front_door_failures" {
  value = [for a in data.seam_action_attempts.front_door.action_attempts : a.error if a.status == "error"]
}
