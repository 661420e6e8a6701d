output "job_id" {
  description = "The Dataflow job's id."
  value       = google_dataflow_flex_template_job.traffic_analytics.job_id
}

output "state" {
  description = "The job's state when Terraform last read it."
  value       = google_dataflow_flex_template_job.traffic_analytics.state
}

output "console_url" {
  description = "The job's page in the Cloud Console."
  value       = "https://console.cloud.google.com/dataflow/jobs/${var.region}/${google_dataflow_flex_template_job.traffic_analytics.job_id}?project=${var.project}"
}
