package k8s

import "reef/gitops/iac"

const workloads = "Kubernetes workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Argo Rollout) and Helm values"

// Rules documents the k8s-* and gitops-* rules.
func Rules() []iac.RuleDoc {
	return []iac.RuleDoc{
		{
			ID: "k8s-privileged", Severity: iac.High, Applies: workloads,
			Matches: "A container (init and ephemeral ones too) with securityContext.privileged: true; in Helm values, any " +
				"securityContext, podSecurityContext or containerSecurityContext map with privileged: true.",
			Why: "A privileged container sees every device of the node and can load kernel modules: escaping to the node " +
				"is one command away, and with it every other pod's secrets.",
			Silence: "Keep it to node agents that need it (CNI, storage drivers) in their own namespace; otherwise disable the " +
				"rule for that path in .reef/review.yaml.",
		},
		{
			ID: "k8s-host-namespace", Severity: iac.High, Applies: workloads,
			Matches: "A pod spec with hostNetwork, hostPID or hostIPC set to true (one finding per field).",
			Why: "Sharing the node's network, process or IPC namespace lets the pod sniff or bind the node's ports, see and " +
				"signal every process on the node, or read other pods' shared memory.",
			Silence: "Node-level agents (monitoring exporters, CNI) need it; disable the rule for their path in .reef/review.yaml.",
		},
		{
			ID: "k8s-run-as-root", Severity: iac.Medium, Applies: workloads,
			Matches: "A container whose effective runAsUser (its own securityContext, else the pod's) is 0; runAsNonRoot: false " +
				"with no non-root runAsUser; or, as a change, runAsNonRoot: true removed without a non-root runAsUser in its place.",
			Why: "Root in a container is root on the node's kernel: any escape or writable host mount is a full compromise, " +
				"and runAsNonRoot is the check that stops an image that silently switched to root.",
			Silence: "Set runAsNonRoot: true and a non-zero runAsUser; when root is needed (some init containers), disable the " +
				"rule for the path in .reef/review.yaml.",
		},
		{
			ID: "k8s-privilege-escalation", Severity: iac.Medium, Applies: workloads,
			Matches: "allowPrivilegeEscalation: true, or capabilities.add naming a dangerous capability: ALL, SYS_ADMIN, " +
				"SYS_MODULE, SYS_PTRACE, SYS_RAWIO, DAC_READ_SEARCH, BPF, SYS_BOOT (high); NET_ADMIN, SYS_TIME, MAC_ADMIN, " +
				"MAC_OVERRIDE, SYS_RESOURCE, PERFMON, SETFCAP, SYSLOG (medium). A CAP_ prefix is ignored.",
			Why: "Escalation lets setuid binaries become root inside the container; SYS_ADMIN and friends turn a container " +
				"into most of a root shell on the node.",
			Silence: "Add only the capability the program needs (NET_BIND_SERVICE rarely needs more), or disable the rule for " +
				"the path in .reef/review.yaml.",
		},
		{
			ID: "k8s-image-unpinned", Severity: iac.Medium, Applies: workloads + ", kustomization.yaml images",
			Matches: "An image tagged :latest or with no tag and no digest (medium); an image that was pinned by digest and " +
				"now uses a tag (low). Images filled in later (${IMAGE}, {{ }}) and images whose tag a kustomization.yaml in the " +
				"same directory sets are left alone. Helm values: image.tag: latest or image: repo:latest.",
			Why: "A moving tag deploys whatever was pushed last: two nodes can run different code, a rollback can roll " +
				"forward, and a compromised registry push goes live without a commit.",
			Silence: "Pin a version tag, or better a digest (image@sha256:...); use kustomize's images or Helm's image.tag to " +
				"set it per environment.",
		},
		{
			ID: "k8s-limits-removed", Severity: iac.Medium, Applies: workloads,
			Matches: "A change that removes or empties resources.limits entries (cpu, memory) of a container that had them; " +
				"Helm values resources.limits likewise.",
			Why: "Without a memory limit one leaking pod can push the node into OOM kills of its neighbours; without a cpu " +
				"limit it can starve them.",
			Silence: "Keep a memory limit at least; when removing cpu limits on purpose (a common choice to avoid throttling), " +
				"lower the rule's severity for the path in .reef/review.yaml.",
		},
		{
			ID: "k8s-replicas-reduced", Severity: iac.Medium, Applies: "Deployment, StatefulSet, ReplicaSet, ReplicationController, Argo Rollout; Helm values replicaCount; kustomization.yaml replicas",
			Matches: "spec.replicas going to 0 from anything (high), or from two or more to 1 (medium); one level higher when " +
				"the file's environment is production (prod, production, prd, live, from the path as the review's environment " +
				"patterns read it). A missing spec.replicas before counts as 1; removing the field (handing over to an " +
				"autoscaler) is not reported.",
			Why: "Zero replicas is an outage; one replica has no redundancy, so every rollout, node drain or crash is " +
				"downtime.",
			Silence: "Scaling down on purpose (a decommission, a cost cut in a test environment) is fine: disable the rule for " +
				"those paths in .reef/review.yaml.",
		},
		{
			ID: "k8s-immutable-field", Severity: iac.High, Applies: "Deployment, ReplicaSet, DaemonSet, StatefulSet, Job, Service, PersistentVolumeClaim, immutable ConfigMap and Secret",
			Matches: "A change to spec.selector (Deployment, ReplicaSet, DaemonSet, StatefulSet, Job), spec.volumeClaimTemplates, " +
				"serviceName or podManagementPolicy (StatefulSet), spec.template (Job), a new or different spec.clusterIP " +
				"(Service), storageClassName, accessModes, volumeName, volumeMode, selector or dataSource (PVC), or the data " +
				"of a ConfigMap or Secret that was immutable: true.",
			Why: "The API server refuses these changes, so the apply (or the GitOps sync) fails until someone deletes and " +
				"recreates the object, which means downtime and, for volume claims, possibly lost data.",
			Silence: "Create the object under a new name and remove the old one, or plan the delete-and-recreate; for Jobs " +
				"that are deleted after they finish (ttlSecondsAfterFinished), disable the rule for the path.",
		},
		{
			ID: "k8s-plaintext-secret", Severity: iac.High, Applies: "Kubernetes Secrets; kustomization.yaml secretGenerator literals",
			Matches: "A Secret with stringData values or data values (base64 is not encryption), one finding per key, and a " +
				"new value for a key that was already there. Secrets encrypted with SOPS (a sops: section or ENC[...] values), " +
				"annotated by Sealed Secrets, External Secrets or argocd-vault-plugin, and placeholder values (${VAR}, {{ }}, " +
				"<path:...>) are left alone. Kustomize secretGenerator literals (key=value) count too.",
			Why: "Anything committed stays in the repository's history and every clone of it; rotating the secret is the " +
				"only fix once it is pushed.",
			Silence: "Use Sealed Secrets, SOPS or External Secrets; for test fixtures with fake values, disable the rule for " +
				"the path in .reef/review.yaml.",
		},
		{
			ID: "gitops-prune-enabled", Severity: iac.Medium, Applies: "Argo CD Application and ApplicationSet, Flux Kustomization",
			Matches: "syncPolicy.automated.prune: true in an Argo CD Application or ApplicationSet template (automated not " +
				"switched off with enabled: false), or spec.prune: true in a Flux Kustomization.",
			Why: "With pruning on, a manifest that disappears from git (a bad merge, a moved directory, a typo in a path) " +
				"deletes the live objects, including volumes and namespaces, with no one approving the deletion.",
			Silence: "Protect stateful objects with argocd.argoproj.io/sync-options: Prune=false or " +
				"kustomize.toolkit.fluxcd.io/prune: disabled, or disable the rule for the path in .reef/review.yaml.",
		},
		{
			ID: "gitops-unpinned-revision", Severity: iac.Medium, Applies: "Argo CD Application and ApplicationSet, Flux GitRepository and HelmRelease",
			Matches: "Argo CD sources whose targetRevision is empty, HEAD or a branch (anything not a commit SHA, a version-like " +
				"tag or refs/tags/...), or for Helm chart sources a version range (*, >=, ^, ~, 1.x); Flux GitRepository " +
				"with ref.branch, a refs/heads name or no ref (master); Flux HelmRelease with no chart version or a range. " +
				"Templated revisions ({{ }}) are left alone.",
			Why: "A moving revision deploys every push to the branch or every new chart release without a reviewed change " +
				"in this repository, which is also how a compromised upstream reaches the cluster.",
			Silence: "Pin a tag or commit (or an exact chart version) and let a bot propose bumps; for development " +
				"environments that track a branch on purpose, disable the rule for their paths in .reef/review.yaml.",
		},
	}
}
