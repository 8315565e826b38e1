variable "ssh_cidrs" {
  description = "Who may SSH to the build hosts"
  type        = list(string)
}

resource "aws_security_group" "build" {
  name   = "build-hosts"
  vpc_id = var.vpc_id

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = var.ssh_cidrs
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
