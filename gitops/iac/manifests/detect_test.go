package manifests

import "testing"

func TestDetect(t *testing.T) {
	const k8s = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
	for _, tc := range []struct {
		path, content string
		want          kind
	}{
		{"clusters/prod/web.yaml", k8s, kubernetes},
		{"clusters/prod/web.yml", "# comment\n---\n" + k8s, kubernetes},
		{"base/kustomization.yaml", "resources: [a.yaml]\n", kustomization},
		{"base/Kustomization", "resources: [a.yaml]\n", kustomization},
		{"charts/api/Chart.yaml", "apiVersion: v2\nname: api\n", helmChart},
		{"charts/api/values.yaml", "image:\n  tag: 1.0\n", helmValues},
		{"charts/api/values-prod.yaml", "replicaCount: 3\n", helmValues},
		{"envs/prod/api.values.yaml", "replicaCount: 3\n", helmValues},
		{"charts/api/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n", unknown},
		{"docker-compose.override.yml", "services:\n  web:\n    image: a\n", composeFile},
		{"deploy/compose.prod.yaml", "services:\n  web:\n    image: a\n", composeFile},
		{"dev/stack.yml", "services:\n  web:\n    build: .\n", composeFile},
		{".gitlab-ci.yml", "services:\n  - docker:dind\nbuild:\n  image: golang\n", unknown},
		{".github/workflows/ci.yml", "on: push\njobs: {}\n", actions},
		{".github/workflows/ci.yaml", "on: push\njobs: {}\n", actions},
		{"roles/web/tasks/main.yml", "- name: Install\n  apt: {name: nginx}\n", ansibleFile},
		{"roles/web/handlers/main.yml", "---\n- name: Restart\n  service: {name: nginx, state: restarted}\n", ansibleFile},
		{"roles/web/defaults/main.yml", "nginx_port: 80\n", unknown},
		{"site.yml", "- hosts: all\n  roles: [common]\n", ansibleFile},
		{"playbooks/db.yml", "- name: Databases\n  hosts: db\n  tasks: []\n", ansibleFile},
		{"src/app/tasks/cleanup.yml", "- name: not ansible\n  every: day\n", unknown},
		{"cloudformation/db.yaml", "AWSTemplateFormatVersion: \"2010-09-09\"\nResources: {}\n", cloudFormation},
		{"sam/template.yaml", "Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n", cloudFormation},
		{"cloudformation/db.json", "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {}}", cloudFormation},
		{"cloudformation/db.template", "{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}", cloudFormation},
		{"package.json", "{\"name\": \"x\", \"version\": \"1.0.0\"}", unknown},
		{"k8s/deploy.json", "{\"apiVersion\": \"v1\", \"kind\": \"Service\"}", unknown},
		{"mkdocs.yml", "site_name: reef\nnav:\n  - Home: index.md\n", unknown},
		{"openapi.yaml", "openapi: 3.0.0\ninfo:\n  title: api\n", unknown},
		{"README.md", k8s, unknown},
	} {
		if got := detect(tc.path, []byte(tc.content)); got != tc.want {
			t.Errorf("detect(%q) = %v, want %v", tc.path, got, tc.want)
		}
	}
}
