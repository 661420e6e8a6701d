# An optional daily launch: a Cloud Scheduler job that POSTs the request of launch_request.tf to
# the Dataflow REST API's projects.locations.flexTemplates.launch, with an OAuth token of a
# service account of its own that may launch the template and nothing more. Every resource here
# exists only while var.schedule is set.

resource "google_service_account" "scheduler" {
  provider = google-beta
  count    = local.scheduled ? 1 : 0

  project      = var.project
  account_id   = var.scheduler_account_id
  display_name = "Launches ${var.name} every day (Cloud Scheduler)"
}

# Create Dataflow jobs (dataflow.jobs.create is in Dataflow Developer).
resource "google_project_iam_member" "scheduler_dataflow_developer" {
  provider = google-beta
  count    = local.scheduled ? 1 : 0

  project = var.project
  role    = "roles/dataflow.developer"
  member  = "serviceAccount:${google_service_account.scheduler[0].email}"
}

# Start the job as the worker service account (iam.serviceAccounts.actAs).
resource "google_service_account_iam_member" "scheduler_acts_as_worker" {
  provider = google-beta
  count    = local.scheduled ? 1 : 0

  service_account_id = "projects/${var.project}/serviceAccounts/${var.service_account_email}"
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.scheduler[0].email}"
}

# Read the template spec.
resource "google_storage_bucket_iam_member" "scheduler_reads_template" {
  provider = google-beta
  count    = local.scheduled ? 1 : 0

  bucket = local.template_bucket
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.scheduler[0].email}"
}

resource "google_cloud_scheduler_job" "daily" {
  provider = google-beta
  count    = local.scheduled ? 1 : 0

  project     = var.project
  region      = var.region
  name        = var.name
  description = "Launches the Dataflow Flex Template ${var.container_spec_gcs_path} (runDate ${local.scheduled_run_date})."
  schedule    = var.schedule
  time_zone   = var.schedule_time_zone

  # A failed launch call (an error status or no answer) is tried again. Launching one date twice
  # is safe: the job name is taken while the first job is active, and a later run replaces the
  # day (docs/deploy.md, Daily runs).
  retry_config {
    retry_count          = 3
    min_backoff_duration = "60s"
  }

  http_target {
    http_method = "POST"
    uri         = "https://dataflow.googleapis.com/v1b3/projects/${var.project}/locations/${var.region}/flexTemplates:launch"
    body        = local.launch_request_body
    headers = {
      "Content-Type" = "application/json"
    }

    oauth_token {
      service_account_email = google_service_account.scheduler[0].email
      scope                 = "https://www.googleapis.com/auth/cloud-platform"
    }
  }

  lifecycle {
    precondition {
      condition     = contains(["yesterday", "today"], local.scheduled_run_date)
      error_message = "With a schedule, runDate must be yesterday (the default) or today: every launch sends the same request, and a fixed date would process one day again and again."
    }
    precondition {
      condition     = var.service_account_email != null
      error_message = "With a schedule, set service_account_email: the scheduler's account is allowed to launch as that worker account only."
    }
  }

  depends_on = [
    google_project_iam_member.scheduler_dataflow_developer,
    google_service_account_iam_member.scheduler_acts_as_worker,
    google_storage_bucket_iam_member.scheduler_reads_template,
  ]
}
