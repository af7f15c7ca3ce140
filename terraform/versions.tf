# The google provider is the only one. `terraform init` downloads it from the registry, so init, validate and
# plan run where the network is; the repository's build checks this module offline (README.md, "Checks").
terraform {
  required_version = ">= 1.5.0"

  required_providers {
    google = {
      source = "hashicorp/google"
      # 5.x and 6.x: `replication { auto {} }` on Secret Manager secrets is the 5.0 spelling.
      version = ">= 5.0, < 7.0"
    }
  }
}

provider "google" {
  project = var.project
  region  = local.region
  zone    = var.zone
}
