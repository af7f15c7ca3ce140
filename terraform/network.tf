# The burst nodes' network: one custom-mode VPC, one subnet, and a firewall that admits the on-premises
# cluster and nothing else.
#
# Pod traffic: the firewall assumes an overlay CNI (VXLAN by default, var.cni_ports), so that pods on a burst
# node reach pods and services on-premises inside node-to-node packets, and the only ports the nodes need
# between them are the overlay's, the kubelet's and the API server's. A CNI that routes pod addresses natively
# would need the pod ranges routed over the VPN and opened here as well; this module does not do that.

locals {
  # europe-west1-b -> europe-west1
  region = regex("^(.*)-[a-z]$", var.zone)[0]

  # the network tag every burst node carries; firewall rules target it
  node_tag = "${var.name_prefix}-node"

  api_server_port = split(":", var.api_server_endpoint)[1]
}

resource "google_compute_network" "burst" {
  name                    = "${var.name_prefix}-vpc"
  auto_create_subnetworks = false
  routing_mode            = "REGIONAL"
}

resource "google_compute_subnetwork" "nodes" {
  name          = "${var.name_prefix}-nodes"
  region        = local.region
  network       = google_compute_network.burst.id
  ip_cidr_range = var.subnet_cidr

  # Secret Manager and Cloud Logging without external addresses
  private_ip_google_access = true
}

# --- ingress: from the on-premises cluster, and among burst nodes --------------------------------------------

# The API server (and metrics-server) to the kubelet: logs, exec, port-forward, metrics.
resource "google_compute_firewall" "kubelet_from_onprem" {
  name          = "${var.name_prefix}-kubelet-from-onprem"
  network       = google_compute_network.burst.id
  direction     = "INGRESS"
  source_ranges = var.onprem_cidrs
  target_tags   = [local.node_tag]

  allow {
    protocol = "tcp"
    ports    = ["10250"]
  }
}

# The CNI's node-to-node traffic from on-premises nodes (the overlay carrying pod traffic).
resource "google_compute_firewall" "cni_from_onprem" {
  name          = "${var.name_prefix}-cni-from-onprem"
  network       = google_compute_network.burst.id
  direction     = "INGRESS"
  source_ranges = var.onprem_cidrs
  target_tags   = [local.node_tag]

  dynamic "allow" {
    for_each = var.cni_ports
    content {
      protocol = allow.value.protocol
      ports    = allow.value.ports
    }
  }
}

# Burst node to burst node: the same kubelet and overlay ports.
resource "google_compute_firewall" "between_nodes" {
  name        = "${var.name_prefix}-between-nodes"
  network     = google_compute_network.burst.id
  direction   = "INGRESS"
  source_tags = [local.node_tag]
  target_tags = [local.node_tag]

  allow {
    protocol = "tcp"
    ports    = ["10250"]
  }

  dynamic "allow" {
    for_each = var.cni_ports
    content {
      protocol = allow.value.protocol
      ports    = allow.value.ports
    }
  }
}

# Optional: SSH through Identity-Aware Proxy only (its documented source range), never from the internet.
resource "google_compute_firewall" "ssh_from_iap" {
  count = var.allow_iap_ssh ? 1 : 0

  name          = "${var.name_prefix}-ssh-from-iap"
  network       = google_compute_network.burst.id
  direction     = "INGRESS"
  source_ranges = ["35.235.240.0/20"]
  target_tags   = [local.node_tag]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

# Everything else that arrives is refused by the VPC's implied deny-ingress rule.

# --- egress: to the API server and the on-premises nodes, Google APIs, and (optionally) the internet ---------

resource "google_compute_firewall" "api_server" {
  name               = "${var.name_prefix}-to-api-server"
  network            = google_compute_network.burst.id
  direction          = "EGRESS"
  priority           = 1000
  destination_ranges = var.onprem_cidrs
  target_tags        = [local.node_tag]

  allow {
    protocol = "tcp"
    ports    = [local.api_server_port]
  }
}

resource "google_compute_firewall" "to_onprem_nodes" {
  name               = "${var.name_prefix}-to-onprem-nodes"
  network            = google_compute_network.burst.id
  direction          = "EGRESS"
  priority           = 1000
  destination_ranges = var.onprem_cidrs
  target_tags        = [local.node_tag]

  allow {
    protocol = "tcp"
    ports    = ["10250"]
  }

  dynamic "allow" {
    for_each = var.cni_ports
    content {
      protocol = allow.value.protocol
      ports    = allow.value.ports
    }
  }
}

resource "google_compute_firewall" "between_nodes_out" {
  name               = "${var.name_prefix}-between-nodes-out"
  network            = google_compute_network.burst.id
  direction          = "EGRESS"
  priority           = 1000
  destination_ranges = [var.subnet_cidr]
  target_tags        = [local.node_tag]

  allow {
    protocol = "tcp"
    ports    = ["10250"]
  }

  dynamic "allow" {
    for_each = var.cni_ports
    content {
      protocol = allow.value.protocol
      ports    = allow.value.ports
    }
  }
}

# Google APIs (Secret Manager at boot, Cloud Logging) over Private Google Access: the default domains resolve
# to public Google addresses, so this admits tcp/443 to any address; with internet_egress off and no NAT,
# only Google's APIs are reachable that way.
resource "google_compute_firewall" "https_out" {
  name               = "${var.name_prefix}-https-out"
  network            = google_compute_network.burst.id
  direction          = "EGRESS"
  priority           = 1000
  destination_ranges = ["0.0.0.0/0"]
  target_tags        = [local.node_tag]

  allow {
    protocol = "tcp"
    ports    = var.internet_egress ? ["80", "443"] : ["443"]
  }
}

# Nothing else leaves a burst node. (The metadata server, 169.254.169.254, which also answers DNS and NTP, is
# always reachable: firewall rules do not apply to it.)
resource "google_compute_firewall" "deny_other_egress" {
  name               = "${var.name_prefix}-deny-other-egress"
  network            = google_compute_network.burst.id
  direction          = "EGRESS"
  priority           = 65000
  destination_ranges = ["0.0.0.0/0"]
  target_tags        = [local.node_tag]

  deny {
    protocol = "all"
  }
}

# --- Cloud NAT, for packages and images from the internet -----------------------------------------------------

resource "google_compute_router" "nat" {
  count = var.internet_egress ? 1 : 0

  name    = "${var.name_prefix}-nat"
  region  = local.region
  network = google_compute_network.burst.id
}

resource "google_compute_router_nat" "nat" {
  count = var.internet_egress ? 1 : 0

  name                               = "${var.name_prefix}-nat"
  region                             = local.region
  router                             = google_compute_router.nat[0].name
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "LIST_OF_SUBNETWORKS"

  subnetwork {
    name                    = google_compute_subnetwork.nodes.id
    source_ip_ranges_to_nat = ["ALL_IP_RANGES"]
  }

  log_config {
    enable = true
    filter = "ERRORS_ONLY"
  }
}
