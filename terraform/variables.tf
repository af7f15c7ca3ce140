# Inputs. Those without a default must be given (terraform.tfvars, -var, TF_VAR_...); the on-premises side of the
# VPN and the cluster's address are among them on purpose: no value here could be right for anyone.

# --- where ---------------------------------------------------------------------------------------------------

variable "project" {
  description = "GCP project ID that holds everything this module makes (pitapat.burst.project)."
  type        = string
}

variable "zone" {
  description = "Zone of the burst nodes' managed instance group (pitapat.burst.zone); the VPN, router and subnet live in its region."
  type        = string
  default     = "europe-west1-b"

  validation {
    condition     = can(regex("^[a-z]+-[a-z]+[0-9]+-[a-z]$", var.zone))
    error_message = "zone must be a zone name such as europe-west1-b."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name (network, VPN, template, group, service accounts)."
  type        = string
  default     = "pitapat-burst"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name_prefix))
    error_message = "name_prefix must be 3 to 20 characters: lower-case letters, digits and hyphens, starting with a letter."
  }
}

# --- network -------------------------------------------------------------------------------------------------

variable "subnet_cidr" {
  description = "Primary range of the burst nodes' subnet. It must not overlap the on-premises networks, nor the cluster's pod or service ranges."
  type        = string
  default     = "10.200.0.0/24"

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 0))
    error_message = "subnet_cidr must be an IPv4 CIDR block such as 10.200.0.0/24."
  }
}

variable "onprem_cidrs" {
  description = "On-premises networks the burst nodes talk to: the existing nodes and the API server. They are the only sources the firewall admits."
  type        = list(string)

  validation {
    condition     = length(var.onprem_cidrs) > 0 && alltrue([for c in var.onprem_cidrs : can(cidrhost(c, 0)) && c != "0.0.0.0/0"])
    error_message = "onprem_cidrs must list at least one IPv4 CIDR block, and 0.0.0.0/0 is not one of the on-premises networks."
  }
}

variable "cni_ports" {
  description = "Node-to-node ports the cluster's CNI needs, opened between the on-premises networks and the burst nodes in both directions and among the burst nodes. The default fits Calico in VXLAN mode (VXLAN udp/4789, Typha tcp/5473); Flannel or Cilium VXLAN use udp/8472 (Cilium also tcp/4240 for health)."
  type = list(object({
    protocol = string
    ports    = list(string)
  }))
  default = [
    { protocol = "udp", ports = ["4789"] },
    { protocol = "tcp", ports = ["5473"] },
  ]
}

variable "allow_iap_ssh" {
  description = "Admit SSH (tcp/22) to the burst nodes from Identity-Aware Proxy's range 35.235.240.0/20 only, for `gcloud compute ssh --tunnel-through-iap`. Off by default: nothing reaches port 22."
  type        = bool
  default     = false
}

variable "internet_egress" {
  description = "Give the burst nodes a Cloud NAT and let them out to tcp/80 and tcp/443 (packages, container images). Off, they reach only the on-premises networks and Google APIs (Private Google Access): the node image and every image they run must then come from there."
  type        = bool
  default     = true
}

# --- HA VPN to the on-premises network -----------------------------------------------------------------------

variable "onprem_peer_ips" {
  description = "Public IPv4 address(es) of the on-premises VPN device: one (an internally redundant device) or two (two devices or interfaces). Both Google tunnels go to it or them."
  type        = list(string)

  validation {
    condition     = length(var.onprem_peer_ips) >= 1 && length(var.onprem_peer_ips) <= 2 && alltrue([for ip in var.onprem_peer_ips : can(cidrhost("${ip}/32", 0))])
    error_message = "onprem_peer_ips must hold one or two IPv4 addresses."
  }
}

variable "onprem_asn" {
  description = "BGP ASN of the on-premises router."
  type        = number

  validation {
    condition     = var.onprem_asn >= 1 && var.onprem_asn <= 4294967295
    error_message = "onprem_asn must be a 16- or 32-bit ASN."
  }
}

variable "vpn_shared_secret" {
  description = "IKE pre-shared key of both tunnels, as configured on the on-premises device. Never defaulted, never printed; it does land in the Terraform state, so keep the state in an encrypted, access-controlled backend."
  type        = string
  sensitive   = true

  validation {
    condition     = length(var.vpn_shared_secret) >= 20
    error_message = "vpn_shared_secret must be at least 20 characters (generate one: openssl rand -base64 24)."
  }
}

variable "cloud_router_asn" {
  description = "BGP ASN of the Cloud Router (a private ASN, different from onprem_asn)."
  type        = number
  default     = 64514
}

variable "bgp_inside_cidrs" {
  description = "Two link-local /30 blocks, one per tunnel, for the BGP sessions: the Cloud Router takes the first host of each, the on-premises router the second."
  type        = list(string)
  default     = ["169.254.10.0/30", "169.254.11.0/30"]

  validation {
    condition     = length(var.bgp_inside_cidrs) == 2 && alltrue([for c in var.bgp_inside_cidrs : can(regex("^169\\.254\\.[0-9]+\\.[0-9]+/30$", c))])
    error_message = "bgp_inside_cidrs must be two /30 blocks inside 169.254.0.0/16."
  }
}

# --- the nodes -----------------------------------------------------------------------------------------------

variable "api_server_endpoint" {
  description = "The cluster's API server as the burst nodes reach it over the VPN, host:port (the control-plane endpoint kubeadm join uses), e.g. 10.0.0.10:6443."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9.-]+:[0-9]+$", var.api_server_endpoint))
    error_message = "api_server_endpoint must be host:port, such as 10.0.0.10:6443."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the cluster (kubelet and kubeadm are installed from pkgs.k8s.io at this minor when the image lacks them). 1.31 or later: the join uses kubeadm's v1beta4 configuration."
  type        = string
  default     = "1.32"

  validation {
    condition     = can(regex("^1\\.(3[1-9]|[4-9][0-9])$", var.kubernetes_version))
    error_message = "kubernetes_version must be a minor version, 1.31 or later, such as 1.32."
  }
}

variable "node_label" {
  description = "Label every burst node registers with, key=value: how pitapat tells burst nodes apart (pitapat.burst.node-label)."
  type        = string
  default     = "pitapat.dev/burst=true"

  validation {
    condition     = can(regex("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?=([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", var.node_label))
    error_message = "node_label must be one Kubernetes label, key=value, such as pitapat.dev/burst=true."
  }
}

variable "machine_type" {
  description = "Machine type of the burst nodes."
  type        = string
  default     = "e2-standard-4"
}

variable "node_image" {
  description = "Boot image of the burst nodes. The start-up script expects a Debian or Ubuntu with systemd; an image with containerd, kubelet and kubeadm already installed joins faster and needs no internet_egress."
  type        = string
  default     = "ubuntu-os-cloud/ubuntu-2404-lts-amd64"
}

variable "disk_size_gb" {
  description = "Boot disk size of a burst node, in GB."
  type        = number
  default     = 50
}

variable "join_token_secret_id" {
  description = "Secret Manager secret (made here, its value added by you) holding the kubeadm bootstrap token (6 and 16 characters of a-z0-9, joined by a dot)."
  type        = string
  default     = "pitapat-burst-join-token"
}

variable "ca_cert_hash_secret_id" {
  description = "Secret Manager secret (made here, its value added by you) holding the cluster CA's public key hash, sha256:<64 hex digits>."
  type        = string
  default     = "pitapat-burst-ca-cert-hash"
}
