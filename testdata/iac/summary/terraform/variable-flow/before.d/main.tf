locals {
  web_size = var.instance_type
  name     = "web-${var.environment}"
}

resource "aws_launch_template" "web" {
  name_prefix   = local.name
  image_id      = data.aws_ami.al2023.id
  instance_type = local.web_size
}

resource "aws_autoscaling_group" "web" {
  name_prefix         = local.name
  min_size            = 2
  max_size            = 6
  vpc_zone_identifier = var.private_subnet_ids

  launch_template {
    id      = aws_launch_template.web.id
    version = "$Latest"
  }
}

module "alarms" {
  source        = "../../modules/alarms"
  instance_type = var.instance_type
  asg_name      = aws_autoscaling_group.web.name
}
