# What pitapat's settings need (README.md, "Outputs and pitapat's settings"), named after them:
#   burst_project        -> pitapat.burst.project
#   burst_zone           -> pitapat.burst.zone
#   burst_instance_group -> pitapat.burst.instance-group
#   burst_node_label     -> pitapat.burst.node-label
#   bot_service_account  -> the identity pitapat runs as (Application Default Credentials)

output "burst_project" {
  description = "pitapat.burst.project"
  value       = var.project
}

output "burst_zone" {
  description = "pitapat.burst.zone"
  value       = google_compute_instance_group_manager.burst.zone
}

output "burst_instance_group" {
  description = "pitapat.burst.instance-group"
  value       = google_compute_instance_group_manager.burst.name
}

output "burst_node_label" {
  description = "pitapat.burst.node-label"
  value       = var.node_label
}

output "bot_service_account" {
  description = "Email of the service account pitapat must run as: Workload Identity, or a key in GOOGLE_APPLICATION_CREDENTIALS."
  value       = google_service_account.bot.email
}

output "node_service_account" {
  description = "Email of the burst nodes' service account."
  value       = google_service_account.node.email
}

output "join_token_secret" {
  description = "Secret Manager secret to add the kubeadm join token to (a name, not the token)."
  value       = google_secret_manager_secret.join_token.secret_id
}

output "ca_cert_hash_secret" {
  description = "Secret Manager secret to add the CA cert hash to (a name, not the hash)."
  value       = google_secret_manager_secret.ca_cert_hash.secret_id
}

output "vpn_gateway_addresses" {
  description = "The two public addresses of Google's HA VPN gateway, for the on-premises device's configuration."
  value       = [for i in google_compute_ha_vpn_gateway.burst.vpn_interfaces : i.ip_address]
}

output "bgp_peerings" {
  description = "Per tunnel: the Cloud Router's BGP address and the address the on-premises router must use."
  value = [
    for c in var.bgp_inside_cidrs : {
      cloud_router = cidrhost(c, 1)
      onprem       = cidrhost(c, 2)
    }
  ]
}
