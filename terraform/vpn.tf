# HA VPN to the on-premises network: Google's two-interface gateway, the on-premises device as an external
# gateway, a Cloud Router speaking BGP, and two tunnels (one per Google interface) each with its own BGP
# session, which is what Google's 99.99% HA VPN SLA asks for. The on-premises device must be configured to
# match: both tunnels, the shared secret, onprem_asn, and the second host of each bgp_inside_cidrs block.

locals {
  # one on-premises address: both tunnels go to it; two: one tunnel to each
  peer_interface_of_tunnel = [0, length(var.onprem_peer_ips) == 2 ? 1 : 0]
}

resource "google_compute_ha_vpn_gateway" "burst" {
  name    = "${var.name_prefix}-vpn"
  region  = local.region
  network = google_compute_network.burst.id
}

resource "google_compute_external_vpn_gateway" "onprem" {
  name            = "${var.name_prefix}-onprem"
  redundancy_type = length(var.onprem_peer_ips) == 2 ? "TWO_IPS_REDUNDANCY" : "SINGLE_IP_INTERNALLY_REDUNDANT"
  description     = "The on-premises VPN device"

  dynamic "interface" {
    for_each = var.onprem_peer_ips
    content {
      id         = interface.key
      ip_address = interface.value
    }
  }
}

resource "google_compute_router" "vpn" {
  name    = "${var.name_prefix}-vpn"
  region  = local.region
  network = google_compute_network.burst.id

  bgp {
    asn = var.cloud_router_asn
    # the subnet of the burst nodes, so that the on-premises cluster routes to them over the tunnels
    advertise_mode = "DEFAULT"
  }
}

resource "google_compute_vpn_tunnel" "tunnel0" {
  name                            = "${var.name_prefix}-tunnel0"
  region                          = local.region
  vpn_gateway                     = google_compute_ha_vpn_gateway.burst.id
  vpn_gateway_interface           = 0
  peer_external_gateway           = google_compute_external_vpn_gateway.onprem.id
  peer_external_gateway_interface = local.peer_interface_of_tunnel[0]
  shared_secret                   = var.vpn_shared_secret
  router                          = google_compute_router.vpn.id
  ike_version                     = 2
}

resource "google_compute_vpn_tunnel" "tunnel1" {
  name                            = "${var.name_prefix}-tunnel1"
  region                          = local.region
  vpn_gateway                     = google_compute_ha_vpn_gateway.burst.id
  vpn_gateway_interface           = 1
  peer_external_gateway           = google_compute_external_vpn_gateway.onprem.id
  peer_external_gateway_interface = local.peer_interface_of_tunnel[1]
  shared_secret                   = var.vpn_shared_secret
  router                          = google_compute_router.vpn.id
  ike_version                     = 2
}

resource "google_compute_router_interface" "tunnel0" {
  name       = "${var.name_prefix}-if-tunnel0"
  region     = local.region
  router     = google_compute_router.vpn.name
  ip_range   = "${cidrhost(var.bgp_inside_cidrs[0], 1)}/30"
  vpn_tunnel = google_compute_vpn_tunnel.tunnel0.name
}

resource "google_compute_router_interface" "tunnel1" {
  name       = "${var.name_prefix}-if-tunnel1"
  region     = local.region
  router     = google_compute_router.vpn.name
  ip_range   = "${cidrhost(var.bgp_inside_cidrs[1], 1)}/30"
  vpn_tunnel = google_compute_vpn_tunnel.tunnel1.name
}

resource "google_compute_router_peer" "tunnel0" {
  name            = "${var.name_prefix}-peer-tunnel0"
  region          = local.region
  router          = google_compute_router.vpn.name
  interface       = google_compute_router_interface.tunnel0.name
  peer_ip_address = cidrhost(var.bgp_inside_cidrs[0], 2)
  peer_asn        = var.onprem_asn
}

resource "google_compute_router_peer" "tunnel1" {
  name            = "${var.name_prefix}-peer-tunnel1"
  region          = local.region
  router          = google_compute_router.vpn.name
  interface       = google_compute_router_interface.tunnel1.name
  peer_ip_address = cidrhost(var.bgp_inside_cidrs[1], 2)
  peer_asn        = var.onprem_asn
}
