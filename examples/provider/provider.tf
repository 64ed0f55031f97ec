terraform {
  required_providers {
    seam = {
      source = "seamapi/seam"
    }
  }
}

# With no arguments, the provider reads its credential from the environment:
# SEAM_API_KEY, or SEAM_PERSONAL_ACCESS_TOKEN with SEAM_WORKSPACE_ID, or
# SEAM_CLIENT_SESSION_TOKEN. This keeps secrets out of configuration files.
provider "seam" {}

# An API key from a variable (mark the variable sensitive):
#
# provider "seam" {
#   api_key = var.seam_api_key
# }
#
# A personal access token, which needs the workspace to act in:
#
# provider "seam" {
#   personal_access_token = var.seam_personal_access_token
#   workspace_id          = "00000000-0000-0000-0000-000000000000"
# }
#
# A client session token:
#
# provider "seam" {
#   client_session_token = var.seam_client_session_token
# }
