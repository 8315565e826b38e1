package demo

// The Terraform side of the demo: modules, environments, Terragrunt. Texts
// are constants; history.go writes them and edits them commit by commit.

const readme = `# platform-infra

Infrastructure for the Acme platform: AWS networking and EKS with Terraform,
the api service on Kubernetes (Kustomize overlays and a Helm chart), and the
bastion host configured with Ansible.

This repository was made by ` + "`reef demo`" + ` to show what reef can do.
Nothing here talks to a real cloud account.
`

const gitignore = `.terraform/
*.tfstate
*.tfstate.*
crash.log
.terragrunt-cache/
*.retry
`

const vpcMain = `resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_hostnames = true
  enable_dns_support   = true

  tags = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "private" {
  count             = length(var.azs)
  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(var.cidr_block, 4, count.index)
  availability_zone = var.azs[count.index]

  tags = merge(var.tags, { Name = "${var.name}-private-${count.index}" })
}

resource "aws_subnet" "public" {
  count                   = length(var.azs)
  vpc_id                  = aws_vpc.this.id
  cidr_block              = cidrsubnet(var.cidr_block, 4, count.index + 8)
  availability_zone       = var.azs[count.index]
  map_public_ip_on_launch = false

  tags = merge(var.tags, { Name = "${var.name}-public-${count.index}" })
}
`

const vpcVariables = `variable "name" {
  type = string
}

variable "cidr_block" {
  type    = string
  default = "10.0.0.0/16"
}

variable "azs" {
  type = list(string)
}

variable "tags" {
  type    = map(string)
  default = {}
}
`

const vpcOutputs = `output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}
`

const flowLogs = `
resource "aws_flow_log" "this" {
  count                = var.flow_logs ? 1 : 0
  vpc_id               = aws_vpc.this.id
  traffic_type         = "ALL"
  log_destination_type = "s3"
  log_destination      = var.flow_logs_bucket_arn
}
`

const bastionSG = `resource "aws_security_group" "bastion" {
  name        = "${var.name}-bastion"
  description = "SSH to the bastion host"
  vpc_id      = aws_vpc.this.id

  ingress {
    description = "SSH from the office VPN"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.admin_cidrs
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = var.tags
}
`

const eksMain = `resource "aws_eks_cluster" "this" {
  name     = var.cluster_name
  role_arn = aws_iam_role.cluster.arn
  version  = var.kubernetes_version

  vpc_config {
    subnet_ids              = var.subnet_ids
    endpoint_public_access  = false
    endpoint_private_access = true
  }

  enabled_cluster_log_types = ["api", "audit", "authenticator"]
}

resource "aws_iam_role" "cluster" {
  name               = "${var.cluster_name}-cluster"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "default"
  node_role_arn   = aws_iam_role.cluster.arn
  subnet_ids      = var.subnet_ids
  instance_types  = [var.instance_type]

  scaling_config {
    desired_size = var.node_count
    min_size     = 1
    max_size     = var.node_count * 2
  }
}
`

const eksVariables = `variable "cluster_name" {
  type = string
}

variable "kubernetes_version" {
  type    = string
  default = "1.28"
}

variable "subnet_ids" {
  type = list(string)
}

variable "instance_type" {
  type    = string
  default = "t3.large"
}

variable "node_count" {
  type    = number
  default = 2
}
`

const eksOutputs = `output "cluster_endpoint" {
  value = aws_eks_cluster.this.endpoint
}

output "cluster_name" {
  value = aws_eks_cluster.this.name
}
`

// envMain is an environment's root module; NAME and CIDR are filled in per
// environment.
const envMain = `terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }

  backend "s3" {}
}

provider "aws" {
  region = var.region
}

module "vpc" {
  source     = "../../modules/vpc"
  name       = "NAME"
  cidr_block = "CIDR"
  azs        = var.azs
  tags       = local.tags
}

locals {
  tags = {
    environment = "NAME"
    owner       = "platform"
    managed_by  = "terraform"
  }
}
`

const envVariables = `variable "region" {
  type = string
}

variable "azs" {
  type = list(string)
}

variable "node_count" {
  type    = number
  default = 2
}
`

// envTfvars is an environment's terraform.tfvars; NODES is filled in.
const envTfvars = `region     = "eu-west-1"
azs        = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
node_count = NODES
`

const envEKS = `
module "eks" {
  source             = "../../modules/eks"
  cluster_name       = "acme-NAME"
  kubernetes_version = "1.28"
  subnet_ids         = module.vpc.private_subnet_ids
  node_count         = var.node_count
}
`

const terragrunt = `# Shared settings for every environment under envs/.
remote_state {
  backend = "s3"
  config = {
    bucket         = "acme-terraform-state"
    key            = "${path_relative_to_include()}/terraform.tfstate"
    region         = "eu-west-1"
    encrypt        = true
    dynamodb_table = "terraform-locks"
  }
}

inputs = {
  region = "eu-west-1"
}
`

const artifactsBucket = `resource "aws_s3_bucket" "artifacts" {
  bucket = "acme-prod-build-artifacts"
  tags   = local.tags
}

resource "aws_s3_bucket_server_side_encryption_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "artifacts" {
  bucket                  = aws_s3_bucket.artifacts.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
`

const artifactsLifecycle = `
resource "aws_s3_bucket_lifecycle_configuration" "artifacts" {
  bucket = aws_s3_bucket.artifacts.id

  rule {
    id     = "expire-old-builds"
    status = "Enabled"

    expiration {
      days = 90
    }
  }
}
`

// publicBucketPolicy is the risky branch's addition: anyone may read.
const publicBucketPolicy = `
resource "aws_s3_bucket_policy" "artifacts_public" {
  bucket = aws_s3_bucket.artifacts.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PublicRead"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.artifacts.arn}/*"
    }]
  })
}
`
