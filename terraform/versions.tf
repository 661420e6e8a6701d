terraform {
  required_version = ">= 1.3"

  required_providers {
    # google_dataflow_flex_template_job is a beta resource: it is in google-beta only.
    google-beta = {
      source  = "hashicorp/google-beta"
      version = ">= 6.0, < 8.0"
    }
  }
}
