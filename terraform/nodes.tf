# The burst nodes: their service account, the two secrets they join the cluster with, the instance template
# whose start-up script joins, and the zonal managed instance group pitapat resizes.
#
# The join token and the CA cert hash are never in this module, its state, the template or its metadata: the
# module makes two empty Secret Manager secrets, you add their values (README.md, "Join token and CA hash"),
# and each node reads them at boot with its own service account.

# --- the nodes' identity: read two secrets, write logs, nothing else ------------------------------------------

resource "google_service_account" "node" {
  account_id   = "${var.name_prefix}-node"
  display_name = "pitapat burst node"
  description  = "Burst worker nodes: reads the cluster join token and CA hash, writes logs."
}

resource "google_project_iam_member" "node_logs" {
  project = var.project
  role    = "roles/logging.logWriter"
  member  = "serviceAccount:${google_service_account.node.email}"
}

resource "google_secret_manager_secret" "join_token" {
  secret_id = var.join_token_secret_id

  replication {
    auto {}
  }

  labels = {
    pitapat = "burst"
  }
}

resource "google_secret_manager_secret" "ca_cert_hash" {
  secret_id = var.ca_cert_hash_secret_id

  replication {
    auto {}
  }

  labels = {
    pitapat = "burst"
  }
}

# secretAccessor on these two secrets only, not on the project
resource "google_secret_manager_secret_iam_member" "node_join_token" {
  secret_id = google_secret_manager_secret.join_token.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.node.email}"
}

resource "google_secret_manager_secret_iam_member" "node_ca_cert_hash" {
  secret_id = google_secret_manager_secret.ca_cert_hash.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.node.email}"
}

# --- the instance template -----------------------------------------------------------------------------------

resource "google_compute_instance_template" "node" {
  name_prefix  = "${var.name_prefix}-"
  description  = "pitapat burst worker: joins the on-premises cluster at boot"
  machine_type = var.machine_type
  tags         = [local.node_tag]

  labels = {
    pitapat = "burst"
  }

  disk {
    source_image = var.node_image
    disk_size_gb = var.disk_size_gb
    disk_type    = "pd-balanced"
    boot         = true
    auto_delete  = true
  }

  # no access_config: no external address; out through Cloud NAT when internet_egress is on
  network_interface {
    subnetwork = google_compute_subnetwork.nodes.id
  }

  service_account {
    email = google_service_account.node.email
    # what the account may do is decided by its IAM grants above, not by scopes
    scopes = ["cloud-platform"]
  }

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }

  metadata = {
    # only names and addresses go in: the script fetches the token and the hash itself
    startup-script = templatefile("${path.module}/startup.sh.tftpl", {
      project             = var.project
      join_token_secret   = google_secret_manager_secret.join_token.secret_id
      ca_cert_hash_secret = google_secret_manager_secret.ca_cert_hash.secret_id
      api_server_endpoint = var.api_server_endpoint
      node_label          = var.node_label
      kubernetes_version  = var.kubernetes_version
    })
    enable-oslogin         = "TRUE"
    block-project-ssh-keys = "TRUE"
  }

  scheduling {
    automatic_restart   = true
    on_host_maintenance = "MIGRATE"
  }

  lifecycle {
    # a changed template is a new one (name_prefix), made before the group lets go of the old
    create_before_destroy = true
  }

  depends_on = [
    google_secret_manager_secret_iam_member.node_join_token,
    google_secret_manager_secret_iam_member.node_ca_cert_hash,
  ]
}

# --- the managed instance group pitapat resizes --------------------------------------------------------------

resource "google_compute_instance_group_manager" "burst" {
  name               = "${var.name_prefix}-nodes"
  zone               = var.zone
  base_instance_name = "${var.name_prefix}-node"
  description        = "Burst worker nodes; pitapat sets the size (resize, deleteInstances)"

  version {
    instance_template = google_compute_instance_template.node.self_link
  }

  # starts empty; from then on the size is pitapat's
  target_size = 0

  # A new template applies to nodes made after it: a running node is never replaced under its pods (pitapat
  # drains and deletes burst nodes one at a time itself).
  update_policy {
    type           = "OPPORTUNISTIC"
    minimal_action = "REPLACE"
  }

  wait_for_instances = false

  lifecycle {
    # pitapat resizes the group; an apply must not undo that
    ignore_changes = [target_size]
  }
}
