# The flexTemplates:launch request that the daily schedule (schedule.tf) sends, built from the
# same parameter map as the one-off job (parameters.tf). Only variables and locals live here, so
# that TerraformModuleTest can evaluate them with `terraform console` without the Google provider.

locals {
  # Whether the module schedules daily launches (schedule.tf) instead of launching one run (main.tf).
  scheduled = var.schedule != null

  # A schedule sends the same request every day, so its day must be relative: yesterday unless the
  # runDate variable says today (a fixed date is refused by a precondition in schedule.tf).
  scheduled_run_date = coalesce(var.runDate, "yesterday")

  # Every template parameter the one-off job gets, with the schedule's day.
  scheduled_parameters = merge(local.template_parameters, { runDate = local.scheduled_run_date })

  # The job's settings under the names of the REST API's FlexTemplateRuntimeEnvironment; the
  # one-off job in main.tf passes the same variables as the resource's arguments.
  launch_environment = {
    serviceAccountEmail  = var.service_account_email
    tempLocation         = var.temp_location
    stagingLocation      = var.staging_location
    network              = var.network
    subnetwork           = var.subnetwork
    maxWorkers           = var.max_workers
    machineType          = var.machine_type
    additionalUserLabels = var.labels
  }

  # The request body (LaunchFlexTemplateRequest); unset parameters and settings are left out, as
  # for the one-off job, so the template's and Dataflow's defaults apply.
  launch_request = {
    launchParameter = {
      jobName              = var.name
      containerSpecGcsPath = var.container_spec_gcs_path
      parameters = {
        for name, value in local.scheduled_parameters : name => value if value != null
      }
      environment = {
        for name, value in local.launch_environment : name => value if value != null
      }
    }
  }

  # Cloud Scheduler takes the body base64-encoded.
  launch_request_body = base64encode(jsonencode(local.launch_request))

  # The bucket of the template spec, which the scheduler's account reads to launch.
  template_bucket = regex("^gs://([^/]+)/", var.container_spec_gcs_path)[0]
}
