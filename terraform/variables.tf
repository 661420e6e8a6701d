# The job's own settings. The template's parameters are the variables in parameters.tf.

variable "project" {
  description = "Project that runs the job."
  type        = string
}

variable "region" {
  description = "Region of the job (and of its launcher VM), e.g. us-central1."
  type        = string
}

variable "name" {
  description = "Job name: lower-case letters, digits and dashes, unique among the project's running jobs."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([-a-z0-9]*[a-z0-9])?$", var.name))
    error_message = "The job name must start with a letter and hold only lower-case letters, digits and dashes."
  }
}

variable "container_spec_gcs_path" {
  description = "The template spec in Cloud Storage, as written by gcloud dataflow flex-template build, e.g. gs://my-project-dataflow/templates/traffic-analytics.json."
  type        = string

  validation {
    condition     = can(regex("^gs://[^/]+/.+$", var.container_spec_gcs_path))
    error_message = "The template spec path must be a gs://BUCKET/PATH of a Cloud Storage object."
  }
}

variable "service_account_email" {
  description = "Service account of the launcher VM and the workers (docs/deploy.md, IAM roles); null: the Compute Engine default service account."
  type        = string
  default     = null
}

variable "network" {
  description = "VPC network of the workers; null: the network named default."
  type        = string
  default     = null
}

variable "subnetwork" {
  description = "Subnetwork of the workers, as regions/REGION/subnetworks/SUBNETWORK or its full URL; null: chosen by Dataflow."
  type        = string
  default     = null
}

variable "max_workers" {
  description = "Most workers the job may scale to; null: Dataflow's default."
  type        = number
  default     = null
}

variable "machine_type" {
  description = "Machine type of the workers, e.g. n2-standard-4; null: Dataflow's default."
  type        = string
  default     = null
}

variable "temp_location" {
  description = "Cloud Storage folder for temporary files (BigQuery load files among them), e.g. gs://my-bucket/temp."
  type        = string
  default     = null
}

variable "staging_location" {
  description = "Cloud Storage folder for staged files, e.g. gs://my-bucket/staging."
  type        = string
  default     = null
}

variable "labels" {
  description = "Labels of the job; the template adds app = traffic-analytics."
  type        = map(string)
  default     = {}
}

# The daily schedule (schedule.tf). Off while `schedule` is null.

variable "schedule" {
  description = "Cron schedule of a daily launch, e.g. \"0 6 * * *\" (Cloud Scheduler's unix-cron format); null: no schedule, and the module launches one run instead. With a schedule, runDate is yesterday unless set to today, and service_account_email is required."
  type        = string
  default     = null
}

variable "schedule_time_zone" {
  description = "Time zone of the schedule, a tz database name, e.g. Europe/Berlin. runDate's yesterday and today are UTC days whatever this is."
  type        = string
  default     = "Etc/UTC"
}

variable "scheduler_account_id" {
  description = "Account id (the part before @) of the service account the schedule launches as; created by the module, 6 to 30 characters."
  type        = string
  default     = "traffic-analytics-scheduler"

  validation {
    condition     = can(regex("^[a-z][-a-z0-9]{4,28}[a-z0-9]$", var.scheduler_account_id))
    error_message = "The scheduler account id must be 6 to 30 lower-case letters, digits and dashes, starting with a letter."
  }
}
