# result is sensitive: credential and access-code actions return PIN codes
# and card data. Release a field that is not secret deliberately with
# nonsensitive(); try() gives the fallback while there is no result yet
# (pending or failed attempts).
output "unlock_confirmed_by_device" {
  value = try(nonsensitive(data.seam_action_attempt.unlock.result.was_confirmed_by_device), null)
}

# result_json is the same result as JSON text, for jsondecode() or for
# passing on to another system unchanged.
output "encoded_card_format" {
  value = try(nonsensitive(jsondecode(data.seam_action_attempt.encode.result_json).card_format), null)
}

# A whole result stays sensitive unless you say otherwise.
output "encode_result" {
  value     = data.seam_action_attempt.encode.result
  sensitive = true
}
