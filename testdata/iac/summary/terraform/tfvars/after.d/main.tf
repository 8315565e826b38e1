variable "instance_count" {
  type = number
}

variable "instance_type" {
  type = string
}

variable "allowed_cidrs" {
  type = list(string)
}

variable "tags" {
  type = map(string)
}

resource "aws_instance" "app" {
  count         = var.instance_count
  ami           = data.aws_ami.al2023.id
  instance_type = var.instance_type
  tags          = var.tags
}

resource "aws_security_group_rule" "app_https" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = var.allowed_cidrs
  security_group_id = aws_security_group.app.id
}
