package demo

import "strings"

// history is the demo's story, oldest first: a platform team builds up its
// infrastructure through pull requests over about four weeks. Authors and
// order are chosen so the graph has crossing lanes (main moves on while a
// branch is open), a rename, two releases and one branch nobody should
// merge.
func history(s *script) {
	maya := person{"Maya Okafor", "maya.okafor@example.com", "+0100"}
	jonas := person{"Jonas Weber", "jonas.weber@example.com", "+0100"}
	priya := person{"Priya Raman", "priya.raman@example.com", "+0530"}
	sam := person{"Sam Carter", "sam.carter@example.com", "-0500"}
	bot := person{"dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", "+0000"}

	s.write("README.md", readme)
	s.write(".gitignore", gitignore)
	s.commit(maya, "Bootstrap platform-infra repository")

	s.write("modules/vpc/main.tf", vpcMain)
	s.write("modules/vpc/variables.tf", vpcVariables)
	s.write("modules/vpc/outputs.tf", vpcOutputs)
	s.commit(maya, "Add VPC module with private and public subnets")

	env(s, "dev", "10.10.0.0/16", "2")
	s.commit(jonas, "Add dev environment on the VPC module")

	env(s, "staging", "10.20.0.0/16", "2")
	env(s, "prod", "10.30.0.0/16", "3")
	s.commit(jonas, "Add staging and prod environments")

	s.write("envs/terragrunt.hcl", terragrunt)
	s.commit(maya, "Keep remote state in S3 with Terragrunt",
		"One bucket and lock table for every environment; the key follows the directory.")
	s.tag(maya, "v0.1.0", "v0.1.0: networking for dev, staging and prod")

	s.branch("feature/eks-cluster")
	s.write("modules/eks/main.tf", eksMain)
	s.write("modules/eks/variables.tf", eksVariables)
	s.write("modules/eks/outputs.tf", eksOutputs)
	s.commit(priya, "Add EKS module")
	s.switchTo("main")
	s.edit("README.md", "\nThis repository", "\nPlan and apply from an environment's directory:\n\n~~~sh\ncd envs/dev && terragrunt plan\n~~~\n\nThis repository")
	s.commit(sam, "Document how to plan an environment")
	s.switchTo("feature/eks-cluster")
	for _, e := range []string{"dev", "staging"} {
		s.edit("envs/"+e+"/main.tf", "\nlocals {", strings.ReplaceAll(envEKS, "NAME", e)+"\nlocals {")
	}
	s.commit(priya, "Run EKS in dev and staging")
	s.edit("modules/eks/main.tf", "endpoint_private_access = true\n", "endpoint_private_access = true\n    security_group_ids      = var.security_group_ids\n")
	s.edit("modules/eks/variables.tf", "variable \"instance_type\"", "variable \"security_group_ids\" {\n  type    = list(string)\n  default = []\n}\n\nvariable \"instance_type\"")
	s.commit(priya, "Let callers attach extra security groups to the EKS API")
	s.switchTo("main")
	s.merge(maya, 1, "feature/eks-cluster", "EKS module for dev and staging", false)

	s.branch("feature/k8s-base")
	s.write("k8s/base/kustomization.yaml", k8sKustomization)
	s.write("k8s/base/deployment.yaml", k8sDeployment)
	s.write("k8s/base/svc.yaml", k8sService)
	s.commit(jonas, "Add Kubernetes base manifests for the api")
	for _, o := range []struct{ env, replicas string }{{"dev", "1"}, {"staging", "2"}, {"prod", "3"}} {
		s.write("k8s/overlays/"+o.env+"/kustomization.yaml", strings.ReplaceAll(overlayKustomization, "NAME", o.env))
		s.write("k8s/overlays/"+o.env+"/replicas.yaml", strings.ReplaceAll(overlayReplicas, "COUNT", o.replicas))
	}
	s.commit(jonas, "Add Kustomize overlays for dev, staging and prod")
	s.switchTo("main")
	s.merge(priya, 2, "feature/k8s-base", "Kubernetes manifests for the api", false)

	s.branch("feature/helm-chart")
	s.write("charts/api/Chart.yaml", chartYAML)
	s.write("charts/api/values.yaml", chartValues)
	s.write("charts/api/templates/deployment.yaml", chartDeployment)
	s.write("charts/api/templates/service.yaml", chartService)
	s.write("charts/api/templates/_helpers.tpl", chartHelpers)
	s.commit(sam, "Add Helm chart for the api service")
	s.switchTo("main")
	s.appendTo("modules/vpc/main.tf", flowLogs)
	s.edit("modules/vpc/variables.tf", "variable \"tags\"", "variable \"flow_logs\" {\n  type    = bool\n  default = true\n}\n\nvariable \"flow_logs_bucket_arn\" {\n  type    = string\n  default = null\n}\n\nvariable \"tags\"")
	s.commit(maya, "Enable VPC flow logs by default", "Audit asked for flow logs in every account; they go to the central logging bucket.")
	s.switchTo("feature/helm-chart")
	s.edit("charts/api/templates/deployment.yaml", "              containerPort: 8080\n", "              containerPort: 8080\n"+chartProbes)
	s.edit("charts/api/values.yaml", "service:", "resources:\n  requests:\n    cpu: 250m\n    memory: 256Mi\n  limits:\n    memory: 512Mi\n\nservice:")
	s.commit(sam, "Add probes and resource limits to the chart")
	s.switchTo("main")
	s.merge(jonas, 3, "feature/helm-chart", "Helm chart for the api", false)

	s.git("mv", "k8s/base/svc.yaml", "k8s/base/service.yaml")
	s.edit("k8s/base/kustomization.yaml", "  - svc.yaml", "  - service.yaml")
	s.commit(jonas, "Rename svc.yaml to service.yaml")

	s.branch("feature/ansible-bastion")
	s.write("ansible/site.yml", ansibleSite)
	s.write("ansible/inventory/prod.ini", ansibleInventory)
	s.write("ansible/roles/bastion/tasks/main.yml", ansibleTasks)
	s.write("ansible/roles/bastion/handlers/main.yml", ansibleHandlers)
	s.write("ansible/roles/bastion/defaults/main.yml", ansibleDefaults)
	s.write("ansible/roles/bastion/templates/sshd_config.j2", sshdConfig)
	s.write("modules/vpc/bastion.tf", bastionSG)
	s.edit("modules/vpc/variables.tf", "variable \"tags\"", "variable \"admin_cidrs\" {\n  description = \"Networks allowed to reach the bastion over SSH\"\n  type        = list(string)\n  default     = [\"10.100.0.0/16\"]\n}\n\nvariable \"tags\"")
	s.commit(priya, "Add bastion host: security group and Ansible role")
	s.edit("ansible/roles/bastion/templates/sshd_config.j2", "X11Forwarding no\n", "X11Forwarding no\nPermitRootLogin no\nPasswordAuthentication no\nMaxAuthTries 3\n")
	s.commit(priya, "Harden sshd: no root login, keys only")
	s.switchTo("main")
	s.merge(maya, 4, "feature/ansible-bastion", "Bastion host", false)

	s.branch("ci/terraform-plan")
	s.write(".github/workflows/terraform.yml", workflow)
	s.commit(sam, "Plan every environment on pull requests")
	s.edit(".github/workflows/terraform.yml", "      - name: Plan\n", workflowLint+"      - name: Plan\n")
	s.commit(sam, "Run tflint and checkov before the plan")
	s.switchTo("main")
	s.merge(priya, 5, "ci/terraform-plan", "Terraform plan in CI", false)

	s.branch("dependabot/github_actions/actions/checkout-4.2.2")
	s.edit(".github/workflows/terraform.yml", "actions/checkout@v4.1.1", "actions/checkout@v4.2.2")
	s.commit(bot, "Bump actions/checkout from 4.1.1 to 4.2.2",
		"Bumps [actions/checkout](https://github.com/actions/checkout) from 4.1.1 to 4.2.2.",
		"Signed-off-by: dependabot[bot] <support@github.com>")
	s.switchTo("main")
	s.merge(sam, 6, "dependabot/github_actions/actions/checkout-4.2.2", "Bump actions/checkout from 4.1.1 to 4.2.2", false)

	s.write("Dockerfile", dockerfile)
	s.commit(jonas, "Add toolbox image with pinned terraform")
	s.edit("envs/prod/terraform.tfvars", "node_count = 3", "node_count = 6")
	s.edit("envs/prod/main.tf", "\nlocals {", strings.ReplaceAll(envEKS, "NAME", "prod")+"\nlocals {")
	s.commit(maya, "Run EKS in prod with six nodes")
	s.tag(maya, "v0.2.0", "v0.2.0: EKS everywhere, Helm chart, CI")

	// Left in place after its merge, as people do.
	s.branch("fix/prod-replicas")
	s.edit("k8s/overlays/prod/replicas.yaml", "replicas: 3", "replicas: 4")
	s.commit(priya, "Raise api replicas in prod to 4", "p99 latency doubled at peak with 3 replicas.")
	s.switchTo("main")
	s.merge(jonas, 7, "fix/prod-replicas", "Four api replicas in prod", true)

	s.branch("feature/s3-artifacts")
	s.write("envs/prod/storage.tf", artifactsBucket)
	s.commit(sam, "Add encrypted artifacts bucket with public access blocked")
	s.switchTo("main")
	s.edit("charts/api/Chart.yaml", "version: 0.3.0\nappVersion: \"1.4.2\"", "version: 0.3.1\nappVersion: \"1.5.0\"")
	s.edit("charts/api/values.yaml", "tag: \"1.4.2\"", "tag: \"1.5.0\"")
	s.commit(jonas, "Release api 1.5.0 in the chart")
	s.switchTo("feature/s3-artifacts")
	s.appendTo("envs/prod/storage.tf", artifactsLifecycle)
	s.commit(sam, "Expire build artifacts after 90 days")
	s.switchTo("main")
	s.merge(priya, 8, "feature/s3-artifacts", "Artifacts bucket for prod", false)

	// The branch the review screens should light up: SSH from anywhere and
	// a public bucket, never merged.
	s.branch("feature/open-ssh-to-world")
	s.edit("modules/vpc/bastion.tf", "    description = \"SSH from the office VPN\"\n", "    description = \"SSH from anywhere (vendor access)\"\n")
	s.edit("modules/vpc/bastion.tf", "    cidr_blocks = var.admin_cidrs\n", "    cidr_blocks = [\"0.0.0.0/0\"]\n")
	s.commit(sam, "Open bastion SSH for the vendor's engineers", "Temporary until they are on the VPN.")
	s.switchTo("main")
	s.edit("k8s/overlays/staging/kustomization.yaml", "newTag: 1.4.2", "newTag: 1.5.0")
	s.commit(jonas, "Deploy api 1.5.0 to staging")
	s.switchTo("feature/open-ssh-to-world")
	s.edit("envs/prod/storage.tf", "  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n",
		"  block_public_acls       = false\n  block_public_policy     = false\n  ignore_public_acls      = false\n  restrict_public_buckets = false\n")
	s.appendTo("envs/prod/storage.tf", publicBucketPolicy)
	s.commit(sam, "Let the vendor download build artifacts")
	s.switchTo("main")
	s.edit("envs/dev/main.tf", "kubernetes_version = \"1.28\"", "kubernetes_version = \"1.29\"")
	s.commit(maya, "Upgrade dev EKS to Kubernetes 1.29")
}

// env writes an environment's root module, variables and tfvars.
func env(s *script, name, cidr, nodes string) {
	dir := "envs/" + name + "/"
	s.write(dir+"main.tf", strings.NewReplacer("NAME", name, "CIDR", cidr).Replace(envMain))
	s.write(dir+"variables.tf", envVariables)
	s.write(dir+"terraform.tfvars", strings.ReplaceAll(envTfvars, "NODES", nodes))
}

// uncommitted leaves work in progress for the Status screen: a staged
// chart bump, a modified tfvars and a new, untracked overlay file.
func uncommitted(s *script) {
	s.edit("charts/api/Chart.yaml", "version: 0.3.1", "version: 0.3.2")
	s.git("add", "charts/api/Chart.yaml")
	s.edit("envs/dev/terraform.tfvars", "node_count = 2", "node_count = 4 # load test this week")
	s.write("k8s/overlays/dev/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-flags\ndata:\n  FEATURE_NEW_BILLING: \"true\"\n")
}
