package gitops

import (
	"reef/gitops/iac"
	"reef/gitops/iac/manifests"
	"reef/gitops/iac/terraform"
)

// Analyzers are the analyzers a review uses by default, in claiming
// order: Terraform first (it claims .tf, .tfvars and Terragrunt .hcl),
// then the YAML family (Kubernetes, Kustomize, Helm, CloudFormation,
// Compose, GitHub Actions, Ansible, Argo CD, Flux). They are assembled
// here rather than in package iac, which they import.
func Analyzers() []iac.Analyzer {
	return []iac.Analyzer{terraform.New(), manifests.New()}
}
