variable "cluster_identifier" {
  type = string
}

variable "instance_count" {
  type    = number
  default = 2
}

variable "publicly_accessible" {
  description = "Whether the reporting replicas get a public endpoint"
  type        = bool
  default     = true
}
