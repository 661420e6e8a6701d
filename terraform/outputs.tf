output "job_id" {
  description = "The one-off job's id; null with a schedule."
  value       = one(google_dataflow_flex_template_job.traffic_analytics[*].job_id)
}

output "state" {
  description = "The one-off job's state when Terraform last read it; null with a schedule."
  value       = one(google_dataflow_flex_template_job.traffic_analytics[*].state)
}

output "console_url" {
  description = "The one-off job's page in the Cloud Console; null with a schedule."
  value = one(formatlist(
    "https://console.cloud.google.com/dataflow/jobs/%s/%s?project=%s",
    var.region, google_dataflow_flex_template_job.traffic_analytics[*].job_id, var.project
  ))
}

output "schedule_id" {
  description = "The Cloud Scheduler job, as projects/PROJECT/locations/REGION/jobs/NAME; null without a schedule."
  value       = one(google_cloud_scheduler_job.daily[*].id)
}

output "scheduler_service_account_email" {
  description = "The service account the schedule launches as; null without a schedule."
  value       = one(google_service_account.scheduler[*].email)
}
