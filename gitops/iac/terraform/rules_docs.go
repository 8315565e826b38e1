package terraform

import "reef/gitops/iac"

// ruleDocs documents the rules (docs/rules.md is generated from them).
func ruleDocs() []iac.RuleDoc {
	const silence = "Terraform has no inline suppression that reef reads: disable the rule or lower its severity for the path in `.reef/review.yaml` when the exposure is intended."
	return []iac.RuleDoc{
		{
			ID: ruleOpenIngress, Severity: iac.Critical, Applies: "Terraform (AWS, Azure, Google)",
			Matches: "Inbound rules open to 0.0.0.0/0 or ::/0: `aws_security_group` inline `ingress`, " +
				"`aws_security_group_rule` with `type = \"ingress\"`, `aws_vpc_security_group_ingress_rule`, " +
				"`azurerm_network_security_rule` and `azurerm_network_security_group` inline `security_rule` " +
				"(Inbound, Allow, source `*`, `0.0.0.0/0`, `Internet` or `Any`), `google_compute_firewall` " +
				"(INGRESS, not disabled, `source_ranges` with 0.0.0.0/0). Critical when the ports include 22 or 3389 " +
				"or are every port (protocol `-1`/`all`/`*`, 0-65535, a Google `allow` without ports); medium for ICMP; " +
				"high otherwise. Values come from literals, variable defaults, auto-loaded tfvars and locals; " +
				"a source that is not known statically does not match.",
			Why:     "A port open to the whole internet is scanned within minutes; SSH and RDP are the most attacked services there are.",
			Silence: "Restrict the source to known ranges (a VPN, a load balancer's security group). " + silence,
		},
		{
			ID: rulePublicBucket, Severity: iac.High, Applies: "Terraform (AWS S3, Google Cloud Storage, Azure Storage)",
			Matches: "`aws_s3_bucket`/`aws_s3_bucket_acl` with a `public-read` (high), `public-read-write` (critical) or " +
				"`authenticated-read` (medium) ACL or an AllUsers grant; bucket policies (`aws_s3_bucket_policy`, " +
				"inline `policy`, also through `jsonencode`, heredoc JSON and `aws_iam_policy_document`) with an Allow " +
				"statement for Principal `*` or `{\"AWS\": \"*\"}` and no Condition (critical); " +
				"`aws_s3_bucket_public_access_block` settings set to false or the block removed while its bucket stays (medium); " +
				"Google storage IAM members, ACLs and access controls for `allUsers`/`allAuthenticatedUsers` (high); " +
				"`azurerm_storage_container` with `container_access_type` `blob` or `container` (high).",
			Why:     "Public buckets are the most common source of cloud data leaks; a write ACL also lets anyone plant content.",
			Silence: "For a deliberate public website, serve it through a CDN with origin access instead. " + silence,
		},
		{
			ID: ruleIAMWildcard, Severity: iac.Critical, Applies: "Terraform (AWS IAM)",
			Matches: "Allow statements of `aws_iam_policy`, `aws_iam_role_policy`, `aws_iam_user_policy`, " +
				"`aws_iam_group_policy`, `aws_iam_role` `inline_policy`, `aws_ssoadmin_permission_set_inline_policy` " +
				"(as `jsonencode`, JSON strings and heredocs) and `aws_iam_policy_document` data sources: Action `*` " +
				"with Resource `*` is critical, Action `*` on named resources high, a service-wide action such as " +
				"`s3:*` medium. Narrower wildcards (`s3:Get*`) and NotAction are not matched. A policy taken from a " +
				"policy document is reported once, on the document.",
			Why:     "Wildcard permissions turn any compromise of the principal into a compromise of the account (or of the whole service).",
			Silence: "List the actions the workload uses (IAM Access Analyzer can generate them from CloudTrail). " + silence,
		},
		{
			ID: rulePublicDatabase, Severity: iac.High, Applies: "Terraform (AWS, Azure, Google)",
			Matches: "`publicly_accessible = true` on `aws_db_instance`, `aws_rds_cluster_instance`, `aws_redshift_cluster`, " +
				"`aws_dms_replication_instance`, `aws_neptune_cluster_instance` (high); `public_network_access_enabled = true` " +
				"on Azure SQL, PostgreSQL, MySQL, MariaDB and Cosmos DB servers (medium); Azure database firewall rules " +
				"from 0.0.0.0 to 255.255.255.255 (critical); `google_sql_database_instance` authorized networks with " +
				"0.0.0.0/0 (critical).",
			Why:     "A database endpoint reachable from the internet is exposed to credential stuffing and to every unpatched vulnerability of its engine.",
			Silence: "Reach the database through private networking, a bastion or a proxy. " + silence,
		},
		{
			ID: ruleEncryptionDisabled, Severity: iac.High, Applies: "Terraform (AWS, Azure, Google)",
			Matches: "Encryption switches set to false (high): `storage_encrypted` (RDS, Aurora, DocumentDB, Neptune), " +
				"`encrypted` (EBS volumes and block devices of instances, launch configurations and templates, EFS, Redshift), " +
				"`aws_ebs_encryption_by_default.enabled`, ElastiCache at-rest and transit encryption, OpenSearch " +
				"encryption at rest and node-to-node, DAX and Firehose server-side encryption, Azure storage " +
				"HTTPS-only, SQL transparent data encryption, PostgreSQL/MySQL SSL enforcement, Cloud SQL " +
				"`require_ssl`; plaintext modes (Kinesis `encryption_type = \"NONE\"`, MSK `client_broker = \"PLAINTEXT\"`, " +
				"Cloud SQL `ssl_mode = \"ALLOW_UNENCRYPTED_AND_ENCRYPTED\"`); an HTTP load balancer listener that " +
				"forwards instead of redirecting (medium). On change only (medium): a customer-managed key attribute " +
				"(`kms_key_id`, `kms_master_key_id`, `kms_key_name`...) removed, an S3 bucket's inline " +
				"`server_side_encryption_configuration` or its `aws_s3_bucket_server_side_encryption_configuration` " +
				"removed with no replacement for the bucket.",
			Why:     "Unencrypted data at rest or in transit is readable by anyone who gets the disk, the snapshot or the network path; dropping a customer-managed key loses the audit trail and revocation it gives.",
			Silence: "Keep encryption on; a test fixture that needs it off belongs in a path where the rule is disabled. " + silence,
		},
		{
			ID: ruleDeletionProtection, Severity: iac.High, Applies: "Terraform (AWS, Azure, Google)",
			Matches: "`deletion_protection`, `deletion_protection_enabled`, `enable_deletion_protection` or " +
				"`purge_protection_enabled` set to false (or INACTIVE/UNPROTECTED), or removed where the provider's " +
				"default is off; `lifecycle { prevent_destroy = true }` removed or set to false. High on stateful " +
				"resources (databases, buckets, volumes, clusters, keys...), medium otherwise. The CloudFormation " +
				"`DeletionPolicy` part of the rule is reported by the YAML analyzers.",
			Why:     "Deletion protection is the last guard against a mistaken destroy, a wrong workspace or a bad refactor of a stateful resource.",
			Silence: "Turn protection off in the same change that deliberately deletes the resource, and say so in the review. " + silence,
		},
		{
			ID: ruleResourceDestroyed, Severity: iac.Critical, Applies: "Terraform",
			Matches: "A resource or module block removed without a `moved` block taking it elsewhere or a `removed` block " +
				"covering it; an address renamed without a `moved` block (reported on the old address); a switch between " +
				"count and for_each (or between none and for_each) without moved blocks mapping the instances; a " +
				"for_each key expression that changes. Critical for stateful types (databases, buckets, volumes, " +
				"file systems, tables, keys, queues, clusters...), high otherwise. Data sources are not matched. " +
				"With a plan (`--plan`), also a stateful resource the plan replaces, or destroys without the " +
				"configuration diff removing it (critical).",
			Why:     "Terraform destroys what disappears from the configuration: a rename or a refactor without moved blocks deletes and recreates real infrastructure and loses its data.",
			Silence: "Add a `moved` block for a rename, or a `removed` block (with `lifecycle { destroy = false }` to keep the object) for a deliberate removal.",
		},
	}
}
