# One traffic-analytics run, launched from the Flex Template spec that
# `gcloud dataflow flex-template build` wrote (docs/deploy.md, section 3).
#
# A batch job is launched when it is created; Terraform replaces (launches again) the job when an
# apply changes any of its arguments, and `terraform destroy` stops it if it still runs. With a
# schedule (schedule.tf) there is no one-off run: the schedule launches one every day instead.
resource "google_dataflow_flex_template_job" "traffic_analytics" {
  provider = google-beta
  count    = local.scheduled ? 0 : 1

  project                 = var.project
  region                  = var.region
  name                    = var.name
  container_spec_gcs_path = var.container_spec_gcs_path
  service_account_email   = var.service_account_email
  network                 = var.network
  subnetwork              = var.subnetwork
  max_workers             = var.max_workers
  machine_type            = var.machine_type
  temp_location           = var.temp_location
  staging_location        = var.staging_location
  labels                  = var.labels

  # Only the parameters that are set: an unset one keeps the template's default.
  parameters = {
    for name, value in local.template_parameters : name => value if value != null
  }
}

# The job had no count before the schedule came: keep a job launched by an earlier version of this
# module as instance 0 instead of planning to destroy it and launch again.
moved {
  from = google_dataflow_flex_template_job.traffic_analytics
  to   = google_dataflow_flex_template_job.traffic_analytics[0]
}
