# pitapat's own identity in GCP: a service account holding one custom role with exactly the permissions of
# the four Compute calls the bot makes on the burst group (bot/src/main/java/dev/pitapat/burst/InstanceGroup):
#
#   call                                         IAM permission it requires (Compute API reference, v1)
#   instanceGroupManagers.get                    compute.instanceGroupManagers.get     (the target size)
#   instanceGroupManagers.listManagedInstances   compute.instanceGroupManagers.get
#   instanceGroupManagers.resize                 compute.instanceGroupManagers.update
#   instanceGroupManagers.deleteInstances        compute.instanceGroupManagers.update
#   zoneOperations.get (waiting until DONE)      compute.zoneOperations.get
#
# Sources, each method's "Authorization requires the following IAM permission" line:
#   https://cloud.google.com/compute/docs/reference/rest/v1/instanceGroupManagers/get
#   https://cloud.google.com/compute/docs/reference/rest/v1/instanceGroupManagers/listManagedInstances
#   https://cloud.google.com/compute/docs/reference/rest/v1/instanceGroupManagers/resize
#   https://cloud.google.com/compute/docs/reference/rest/v1/instanceGroupManagers/deleteInstances
#   https://cloud.google.com/compute/docs/reference/rest/v1/zoneOperations/get
#
# No compute.instances.* permission: the caller of resize and deleteInstances only changes the group; the
# group itself creates and deletes its VMs, acting as the project's Google APIs service agent
# (PROJECT_NUMBER@cloudservices.gserviceaccount.com). No compute.instanceGroupManagers.list either: the bot
# names its group, it never lists groups. And no iam.serviceAccountUser on the node account: that is needed
# to make a template or group that uses the account (you, at apply time), not to resize the group.

resource "google_service_account" "bot" {
  account_id   = "${var.name_prefix}-bot"
  display_name = "pitapat bot (burst group)"
  description  = "pitapat: resizes the burst managed instance group and deletes drained nodes from it, nothing else."
}

resource "google_project_iam_custom_role" "burst" {
  # role ids allow letters, digits, underscores and dots only
  role_id     = "${replace(var.name_prefix, "-", "_")}_group"
  title       = "pitapat burst group"
  description = "Resize the pitapat burst managed instance group, list its instances, delete one of them, and read the zone operations that track those changes."
  stage       = "GA"

  permissions = [
    "compute.instanceGroupManagers.get",
    "compute.instanceGroupManagers.update",
    "compute.zoneOperations.get",
  ]
}

# Granted on the project (Compute has no IAM policy on a managed instance group that Terraform can set), and
# narrowed by an IAM Condition to the one group: the instanceGroupManagers permissions hold for the resource
# named below and for no other group.
#
# Limits of the condition, honestly (https://cloud.google.com/iam/docs/conditions-resource-attributes):
#   - compute.zoneOperations.get is not narrowed: an operation's name is made up when it starts, so the
#     condition lets every resource that is not an instance group manager through, and the only such
#     permission in the role is reading zone operations (status of changes, no data, no power to change).
#     Everything else in the project stays out of reach because the role does not hold it.
#   - the condition keys on resource.type and resource.name as Compute reports them; a Compute method that
#     did not report them would see the condition as false and refuse, which fails closed, not open.
#   - "endsWith" matches the group whatever way the project appears in the name (ID or number); the binding
#     itself is on this project only.
resource "google_project_iam_member" "bot_burst_group" {
  project = var.project
  role    = google_project_iam_custom_role.burst.id
  member  = "serviceAccount:${google_service_account.bot.email}"

  condition {
    title       = "only-the-burst-group"
    description = "Only the pitapat burst managed instance group; zone operations are readable."
    expression  = "resource.type != \"compute.googleapis.com/InstanceGroupManager\" || resource.name.endsWith(\"/zones/${var.zone}/instanceGroupManagers/${google_compute_instance_group_manager.burst.name}\")"
  }
}
