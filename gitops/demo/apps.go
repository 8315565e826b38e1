package demo

// The application side of the demo: Kubernetes with Kustomize, a Helm
// chart, an Ansible role, CI and a Dockerfile.

const k8sKustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
  - svc.yaml
commonLabels:
  app.kubernetes.io/name: api
  app.kubernetes.io/part-of: acme
`

const k8sDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports:
            - containerPort: 8080
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
`

const k8sService = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8080
`

// overlayKustomization is an overlay's kustomization.yaml; NAME is filled
// in per environment.
const overlayKustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: api-NAME
resources:
  - ../../base
patches:
  - path: replicas.yaml
images:
  - name: ghcr.io/acme/api
    newTag: 1.4.2
`

// overlayReplicas patches the replica count; COUNT is filled in.
const overlayReplicas = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: COUNT
`

const chartYAML = `apiVersion: v2
name: api
description: The Acme api service
type: application
version: 0.3.0
appVersion: "1.4.2"
`

const chartValues = `replicaCount: 2

image:
  repository: ghcr.io/acme/api
  tag: "1.4.2"
  pullPolicy: IfNotPresent

service:
  type: ClusterIP
  port: 80
`

const chartDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "api.fullname" . }}
  labels:
    {{- include "api.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "api.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "api.selectorLabels" . | nindent 8 }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
`

const chartProbes = `          livenessProbe:
            httpGet:
              path: /healthz
              port: http
          readinessProbe:
            httpGet:
              path: /readyz
              port: http
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`

const chartService = `apiVersion: v1
kind: Service
metadata:
  name: {{ include "api.fullname" . }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: http
  selector:
    {{- include "api.selectorLabels" . | nindent 4 }}
`

const chartHelpers = `{{- define "api.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "api.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "api.labels" -}}
{{ include "api.selectorLabels" . }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}
`

const ansibleSite = `- name: Configure the bastion host
  hosts: bastion
  become: true
  roles:
    - bastion
`

const ansibleInventory = `[bastion]
bastion.prod.acme.internal
`

const ansibleTasks = `- name: Install audit and time packages
  ansible.builtin.package:
    name:
      - auditd
      - chrony
    state: present

- name: Configure sshd
  ansible.builtin.template:
    src: sshd_config.j2
    dest: /etc/ssh/sshd_config
    mode: "0600"
    validate: /usr/sbin/sshd -t -f %s
  notify: Restart sshd
`

const ansibleHandlers = `- name: Restart sshd
  ansible.builtin.service:
    name: sshd
    state: restarted
`

const ansibleDefaults = `bastion_ssh_port: 22
bastion_allowed_users:
  - ops
`

const sshdConfig = `Port {{ bastion_ssh_port }}
AllowUsers {{ bastion_allowed_users | join(' ') }}
X11Forwarding no
`

const workflow = `name: terraform

on:
  pull_request:
    paths:
      - "envs/**"
      - "modules/**"

permissions:
  contents: read
  pull-requests: write

jobs:
  plan:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        env: [dev, staging, prod]
    steps:
      - uses: actions/checkout@v4.1.1
      - uses: hashicorp/setup-terraform@v3
        with:
          terraform_version: 1.7.5
      - name: Plan
        working-directory: envs/${{ matrix.env }}
        run: |
          terraform init -backend=false
          terraform plan -no-color
`

const workflowLint = `      - name: Lint
        run: |
          tflint --recursive
          checkov -d . --quiet
`

const dockerfile = `# Toolbox image for CI and local runs: pinned terraform, tflint and kubectl.
FROM alpine:3.19

ARG TERRAFORM_VERSION=1.7.5
ARG TFLINT_VERSION=0.50.3

RUN apk add --no-cache bash curl git unzip ca-certificates \
 && curl -fsSLo /tmp/tf.zip https://releases.hashicorp.com/terraform/${TERRAFORM_VERSION}/terraform_${TERRAFORM_VERSION}_linux_amd64.zip \
 && unzip /tmp/tf.zip -d /usr/local/bin \
 && rm /tmp/tf.zip

RUN adduser -D -u 10001 ops
USER ops
WORKDIR /work
ENTRYPOINT ["terraform"]
`
