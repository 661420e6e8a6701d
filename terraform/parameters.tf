# Generated from the @TemplateParameter annotations of TrafficAnalyticsOptions.
# Do not edit: change the options, then run
#   ./mvnw -B -q process-test-classes -Dtemplate.files.update=true

variable "mode" {
  description = "Which analysis to run: user_traffic (one row per user), minute_traffic (one row per event-time window) or both (one pass over the input for the two). Example: both. Default: both."
  type        = string
  default     = null

  validation {
    condition     = var.mode == null || can(regex("^(both|user_traffic|minute_traffic)$", var.mode))
    error_message = "Parameter mode must match ^(both|user_traffic|minute_traffic)$, for example both."
  }
}

variable "inputPath" {
  description = "Newline-delimited JSON events to read: a file pattern, local or gs:// (on Dataflow, gs://). Files ending in .gz, .bz2, .deflate or .zip are decompressed. {date} is reserved: it becomes the day of --runDate (gs://my-bucket/logs/{date}/*.json.gz). Example: gs://my-bucket/logs/2026-03-05/*.json.gz."
  type        = string

  validation {
    condition     = can(regex("^gs://[^/\\n\\r]+/[^\\n\\r]+$", var.inputPath))
    error_message = "Parameter inputPath must match ^gs://[^/\\n\\r]+/[^\\n\\r]+$, for example gs://my-bucket/logs/2026-03-05/*.json.gz."
  }
}

variable "userTrafficTable" {
  description = "BigQuery table for the user_traffic rows, as PROJECT:DATASET.TABLE, PROJECT.DATASET.TABLE or DATASET.TABLE (in the job's project, --project); created if needed, clustered by user_id. Without it the rows go to files under the output folder. Example: my-project:logs.user_traffic. Used when mode is user_traffic or both."
  type        = string
  default     = null

  validation {
    condition     = var.userTrafficTable == null || can(regex("^(?:((?:[a-z0-9][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9])[:.])?([A-Za-z0-9_]+)\\.([\\p{L}\\p{M}\\p{N}_-](?:[\\p{L}\\p{M}\\p{N}_ -]*[\\p{L}\\p{M}\\p{N}_-])?)$", var.userTrafficTable))
    error_message = "Parameter userTrafficTable must match ^(?:((?:[a-z0-9][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9])[:.])?([A-Za-z0-9_]+)\\.([\\p{L}\\p{M}\\p{N}_-](?:[\\p{L}\\p{M}\\p{N}_ -]*[\\p{L}\\p{M}\\p{N}_-])?)$, for example my-project:logs.user_traffic."
  }
}

variable "minuteTrafficTable" {
  description = "BigQuery table for the minute_traffic rows (same forms as the per-user table); created if needed, partitioned by day on timestamp. Without it the rows go to files under the output folder. Example: my-project:logs.minute_traffic. Used when mode is minute_traffic or both."
  type        = string
  default     = null

  validation {
    condition     = var.minuteTrafficTable == null || can(regex("^(?:((?:[a-z0-9][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9])[:.])?([A-Za-z0-9_]+)\\.([\\p{L}\\p{M}\\p{N}_-](?:[\\p{L}\\p{M}\\p{N}_ -]*[\\p{L}\\p{M}\\p{N}_-])?)$", var.minuteTrafficTable))
    error_message = "Parameter minuteTrafficTable must match ^(?:((?:[a-z0-9][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9])[:.])?([A-Za-z0-9_]+)\\.([\\p{L}\\p{M}\\p{N}_-](?:[\\p{L}\\p{M}\\p{N}_ -]*[\\p{L}\\p{M}\\p{N}_-])?)$, for example my-project:logs.minute_traffic."
  }
}

variable "outputDirectory" {
  description = "Folder for results written as files (local path or gs://): user_traffic/, minute_traffic/ and dead_letter/ below it, each holding newline-delimited JSON; a run replaces what an earlier run left there. Defaults to 'output' on the DirectRunner; required on Dataflow when an analysis that runs has no table. Example: gs://my-bucket/traffic."
  type        = string
  default     = null

  validation {
    condition     = var.outputDirectory == null || can(regex("^gs://[^/\\n\\r]+(/[^\\n\\r]*)?$", var.outputDirectory))
    error_message = "Parameter outputDirectory must match ^gs://[^/\\n\\r]+(/[^\\n\\r]*)?$, for example gs://my-bucket/traffic."
  }
}

variable "windowSeconds" {
  description = "Width of the minute_traffic event-time windows, in seconds. Example: 300. Default: 60. Used when mode is minute_traffic or both."
  type        = number
  default     = null

  validation {
    condition     = var.windowSeconds == null || can(regex("^[1-9][0-9]{0,8}$", tostring(var.windowSeconds)))
    error_message = "Parameter windowSeconds must match ^[1-9][0-9]{0,8}$, for example 300."
  }
}

variable "writeDisposition" {
  description = "What a BigQuery write does to a table that already has rows: WRITE_TRUNCATE replaces them (a rerun gives the same table), WRITE_APPEND adds to them, WRITE_EMPTY fails the run. With --runDate it acts on that day's partition only: WRITE_TRUNCATE replaces the day's rows and keeps every other day, WRITE_APPEND adds to the day, WRITE_EMPTY fails if the day has rows. Example: WRITE_APPEND. Default: WRITE_TRUNCATE."
  type        = string
  default     = null

  validation {
    condition     = var.writeDisposition == null || can(regex("^(WRITE_TRUNCATE|WRITE_APPEND|WRITE_EMPTY)$", var.writeDisposition))
    error_message = "Parameter writeDisposition must match ^(WRITE_TRUNCATE|WRITE_APPEND|WRITE_EMPTY)$, for example WRITE_APPEND."
  }
}

variable "deadLetterTable" {
  description = "BigQuery table for rejected lines (same forms as the per-user table), with columns line, error and source. When neither this nor a dead-letter folder is given, rejected lines go to dead_letter/ under the output folder, or to a dead_letter table beside the first output table when all results go to BigQuery. Example: my-project:logs.dead_letter."
  type        = string
  default     = null

  validation {
    condition     = var.deadLetterTable == null || can(regex("^(?:((?:[a-z0-9][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9])[:.])?([A-Za-z0-9_]+)\\.([\\p{L}\\p{M}\\p{N}_-](?:[\\p{L}\\p{M}\\p{N}_ -]*[\\p{L}\\p{M}\\p{N}_-])?)$", var.deadLetterTable))
    error_message = "Parameter deadLetterTable must match ^(?:((?:[a-z0-9][-a-z0-9.]*[a-z0-9]:)?[a-z][-a-z0-9]{4,28}[a-z0-9])[:.])?([A-Za-z0-9_]+)\\.([\\p{L}\\p{M}\\p{N}_-](?:[\\p{L}\\p{M}\\p{N}_ -]*[\\p{L}\\p{M}\\p{N}_-])?)$, for example my-project:logs.dead_letter."
  }
}

variable "deadLetterDirectory" {
  description = "Folder for rejected lines as newline-delimited JSON files (local path or gs://), each record {\"line\", \"error\", \"source\"}. Example: gs://my-bucket/traffic/rejected."
  type        = string
  default     = null

  validation {
    condition     = var.deadLetterDirectory == null || can(regex("^gs://[^/\\n\\r]+(/[^\\n\\r]*)?$", var.deadLetterDirectory))
    error_message = "Parameter deadLetterDirectory must match ^gs://[^/\\n\\r]+(/[^\\n\\r]*)?$, for example gs://my-bucket/traffic/rejected."
  }
}

variable "maxLineBytes" {
  description = "Longest line accepted, in bytes; a longer line becomes a dead letter with its text cut to this size, so one corrupt giant line cannot exhaust a worker's memory. Example: 1048576. Default: 1048576."
  type        = number
  default     = null

  validation {
    condition     = var.maxLineBytes == null || can(regex("^[1-9][0-9]{0,8}$", tostring(var.maxLineBytes)))
    error_message = "Parameter maxLineBytes must match ^[1-9][0-9]{0,8}$, for example 1048576."
  }
}

variable "maxDeadLetterRatio" {
  description = "Fail the run when more than this fraction (0 to 1) of the non-blank lines are rejected; a wrong input usually looks like 100% rejected. Results are written only when the run passes. Off when not set. Example: 0.01."
  type        = number
  default     = null

  validation {
    condition     = var.maxDeadLetterRatio == null || can(regex("^(0(\\.[0-9]*)?|\\.[0-9]+|1(\\.0*)?)$", tostring(var.maxDeadLetterRatio)))
    error_message = "Parameter maxDeadLetterRatio must match ^(0(\\.[0-9]*)?|\\.[0-9]+|1(\\.0*)?)$, for example 0.01."
  }
}

variable "reportPath" {
  description = "Where to write report.html, one self-contained page with charts of the run: traffic over time, the top users, how traffic spreads over users and the rejected lines (local path or gs://; {date} in it becomes the --runDate). Defaults to report.html under the output folder when results are written as files (report-YYYY-MM-DD.html with --runDate: one per day); without either, no report. Example: gs://my-bucket/reports/traffic.html."
  type        = string
  default     = null

  validation {
    condition     = var.reportPath == null || can(regex("^gs://[^/\\n\\r]+/[^\\n\\r]*[^/\\n\\r]$", var.reportPath))
    error_message = "Parameter reportPath must match ^gs://[^/\\n\\r]+/[^\\n\\r]*[^/\\n\\r]$, for example gs://my-bucket/reports/traffic.html."
  }
}

variable "reportUserIds" {
  description = "Whether report.html shows user ids (the top users) and the text of rejected lines, which can hold user ids; false for reports that are shared widely. Example: false. Default: true."
  type        = string
  default     = null

  validation {
    condition     = var.reportUserIds == null || can(regex("^(true|false)$", var.reportUserIds))
    error_message = "Parameter reportUserIds must match ^(true|false)$, for example false."
  }
}

variable "runDate" {
  description = "The day this run is for: YYYY-MM-DD, or yesterday or today (UTC, when the job starts). With it, every output row gains a run_date column, the outputs are partitioned by it and the run replaces its own day's partition and nothing else; {date} in --inputPath becomes this day. Without it, each run replaces the whole outputs. Example: yesterday."
  type        = string
  default     = null

  validation {
    condition     = var.runDate == null || can(regex("^([0-9]{4}-[0-9]{2}-[0-9]{2}|today|yesterday)$", var.runDate))
    error_message = "Parameter runDate must match ^([0-9]{4}-[0-9]{2}-[0-9]{2}|today|yesterday)$, for example yesterday."
  }
}

locals {
  # Every template parameter by name, as the job's string parameters; main.tf
  # leaves out the null ones, so an unset parameter keeps the template's default.
  template_parameters = {
    mode                = var.mode
    inputPath           = var.inputPath
    userTrafficTable    = var.userTrafficTable
    minuteTrafficTable  = var.minuteTrafficTable
    outputDirectory     = var.outputDirectory
    windowSeconds       = tostring(var.windowSeconds)
    writeDisposition    = var.writeDisposition
    deadLetterTable     = var.deadLetterTable
    deadLetterDirectory = var.deadLetterDirectory
    maxLineBytes        = tostring(var.maxLineBytes)
    maxDeadLetterRatio  = tostring(var.maxDeadLetterRatio)
    reportPath          = var.reportPath
    reportUserIds       = var.reportUserIds
    runDate             = var.runDate
  }
}
