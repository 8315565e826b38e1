package terraform

import (
	"fmt"
	"strings"

	"reef/gitops/iac"
)

// statefulTypes hold data that a destroy loses: databases, buckets,
// volumes, file systems, tables, keys, queues and clusters.
var statefulTypes = map[string]bool{
	"aws_db_instance": true, "aws_rds_cluster": true, "aws_rds_cluster_instance": true,
	"aws_rds_global_cluster": true, "aws_docdb_cluster": true, "aws_neptune_cluster": true,
	"aws_redshift_cluster": true, "aws_dynamodb_table": true, "aws_dynamodb_global_table": true,
	"aws_s3_bucket": true, "aws_s3_directory_bucket": true, "aws_glacier_vault": true,
	"aws_ebs_volume": true, "aws_ebs_snapshot": true, "aws_efs_file_system": true,
	"aws_fsx_lustre_file_system": true, "aws_fsx_windows_file_system": true, "aws_fsx_ontap_file_system": true,
	"aws_kms_key": true, "aws_secretsmanager_secret": true, "aws_backup_vault": true,
	"aws_elasticache_cluster": true, "aws_elasticache_replication_group": true, "aws_memorydb_cluster": true,
	"aws_opensearch_domain": true, "aws_elasticsearch_domain": true, "aws_msk_cluster": true,
	"aws_kinesis_stream": true, "aws_sqs_queue": true, "aws_ecr_repository": true,
	"aws_eks_cluster": true, "aws_ecs_cluster": true, "aws_route53_zone": true,
	"aws_cloudwatch_log_group": true, "aws_timestreamwrite_table": true, "aws_qldb_ledger": true,
	"azurerm_storage_account": true, "azurerm_storage_container": true, "azurerm_managed_disk": true,
	"azurerm_mssql_server": true, "azurerm_mssql_database": true, "azurerm_sql_database": true,
	"azurerm_postgresql_server": true, "azurerm_postgresql_flexible_server": true,
	"azurerm_postgresql_database": true, "azurerm_mysql_server": true, "azurerm_mysql_flexible_server": true,
	"azurerm_cosmosdb_account": true, "azurerm_key_vault": true, "azurerm_key_vault_key": true,
	"azurerm_kubernetes_cluster": true, "azurerm_redis_cache": true,
	"google_sql_database_instance": true, "google_sql_database": true, "google_storage_bucket": true,
	"google_compute_disk": true, "google_compute_region_disk": true, "google_bigquery_dataset": true,
	"google_bigquery_table": true, "google_spanner_instance": true, "google_spanner_database": true,
	"google_bigtable_instance": true, "google_bigtable_table": true, "google_container_cluster": true,
	"google_kms_crypto_key": true, "google_kms_key_ring": true, "google_filestore_instance": true,
	"google_redis_instance": true, "google_firestore_database": true, "google_pubsub_topic": true,
	"kubernetes_persistent_volume_claim": true, "kubernetes_persistent_volume": true,
}

// protectionAttrs are the switches that stop a provider from deleting a
// resource.
var protectionAttrs = []string{"deletion_protection", "deletion_protection_enabled",
	"enable_deletion_protection", "purge_protection_enabled"}

// protectedByDefault are types whose deletion protection is on unless
// turned off, so removing the attribute keeps it on.
var protectedByDefault = map[string]bool{
	"google_sql_database_instance": true, "google_container_cluster": true,
	"google_bigtable_instance": true, "google_bigtable_table": true, "google_spanner_database": true,
}

func protectionSeverity(typ string) iac.Severity {
	if statefulTypes[typ] {
		return iac.High
	}
	return iac.Medium
}

// protectionState reads a protection switch: on, off, or not known.
func protectionState(v any) (on, known bool) {
	if s, ok := v.(string); ok {
		switch strings.ToUpper(s) {
		case "ACTIVE", "PROTECTED":
			return true, true
		case "INACTIVE", "UNPROTECTED":
			return false, true
		}
	}
	return boolean(v)
}

// protectionOff is the state part of tf-deletion-protection-off: a
// protection switch explicitly off.
func protectionOff(b *block, v map[string]any) []hit {
	if b.kind != "resource" {
		return nil
	}
	var out []hit
	for _, attr := range protectionAttrs {
		if on, known := protectionState(v[attr]); known && !on {
			out = append(out, hit{rule: ruleDeletionProtection, sev: protectionSeverity(b.typ), key: attr,
				line: lineOf(v, attr), msg: fmt.Sprintf("%s has deletion protection turned off (%s = %s).", b.addr, attr, fmt.Sprint(v[attr]))})
		}
	}
	return out
}

// protectionRemoved is the change part: a switch that was on and is no
// longer set, and lifecycle prevent_destroy taken away.
func protectionRemoved(b *block, ov, nv map[string]any) []hit {
	var out []hit
	for _, attr := range protectionAttrs {
		on, _ := protectionState(ov[attr])
		if on && !has(nv, attr) && !protectedByDefault[b.typ] {
			out = append(out, hit{rule: ruleDeletionProtection, sev: protectionSeverity(b.typ), key: attr, line: b.line,
				msg: fmt.Sprintf("%s no longer sets %s, which is off by default.", b.addr, attr)})
		}
	}
	if preventDestroy(ov) && !preventDestroy(nv) {
		out = append(out, hit{rule: ruleDeletionProtection, sev: iac.High, key: "prevent_destroy", line: b.line,
			msg: fmt.Sprintf("%s no longer has lifecycle prevent_destroy, so Terraform may destroy it.", b.addr)})
	}
	return out
}

func preventDestroy(v map[string]any) bool {
	for _, lc := range objects(v["lifecycle"]) {
		if isTrue(lc["prevent_destroy"]) {
			return true
		}
	}
	return false
}

// goneHits are the findings of a block removed without a moved or
// removed block: tf-resource-destroyed, and the protections it took away
// (an S3 public access block, an S3 encryption configuration).
func goneHits(o *block, ov map[string]any, am *module, d *moduleDiff) []hit {
	var out []hit
	sev := iac.High
	if statefulTypes[o.typ] {
		sev = iac.Critical
	}
	msg := fmt.Sprintf("%s is removed without a moved or removed block, so Terraform destroys it.", o.addr)
	switch {
	case d.renamed[o.addr] != "":
		msg = fmt.Sprintf("%s is renamed to %s without a moved block, so Terraform destroys it and creates a new one.", o.addr, d.renamed[o.addr])
	case o.kind == "module":
		msg = fmt.Sprintf("%s is removed without a moved or removed block, so Terraform destroys every resource in it.", o.addr)
	}
	out = append(out, hit{rule: ruleResourceDestroyed, sev: sev, key: "gone", line: o.line, msg: msg})
	if d.renamed[o.addr] != "" || !bucketRemains(o, am) {
		return out
	}
	switch o.typ {
	case "aws_s3_bucket_public_access_block":
		for _, s := range publicAccessSettings {
			if isTrue(ov[s]) {
				out = append(out, hit{rule: rulePublicBucket, sev: iac.Medium, key: "pab-removed", line: o.line,
					msg: fmt.Sprintf("%s is removed, so the bucket's public ACLs and policies are no longer blocked.", o.addr)})
				break
			}
		}
	case "aws_s3_bucket_server_side_encryption_configuration":
		if bucket := bucketRef(o); bucket != "" && !hasSSEResource(am, bucket) {
			out = append(out, hit{rule: ruleEncryptionDisabled, sev: iac.Medium, key: "sse-removed", line: o.line,
				msg: fmt.Sprintf("%s is removed, so %s falls back to the default encryption.", o.addr, bucket)})
		}
	}
	return out
}

// bucketRef is the aws_s3_bucket a bucket-attached resource refers to.
func bucketRef(b *block) string {
	for _, r := range b.references() {
		if strings.HasPrefix(r, "aws_s3_bucket.") {
			return r
		}
	}
	return ""
}

// bucketRemains reports whether the bucket a removed bucket-attached
// resource belonged to is still there (when the bucket goes too, its
// protections going is not a further risk).
func bucketRemains(o *block, am *module) bool {
	bucket := bucketRef(o)
	if bucket == "" {
		return true
	}
	_, ok := am.all().byAddr[bucket]
	return ok
}

// rekeyedHit is tf-resource-destroyed for instances given new addresses.
func rekeyedHit(b *block, rk rekey) hit {
	sev := iac.High
	if statefulTypes[b.typ] {
		sev = iac.Critical
	}
	msg := fmt.Sprintf("%s switches from %s to %s without moved blocks, so Terraform destroys and recreates every instance.",
		b.addr, meta(rk.before), meta(rk.after))
	if rk.before == rk.after {
		msg = fmt.Sprintf("%s changes its for_each keys from %s to %s, so Terraform destroys and recreates the instances under the old keys.",
			b.addr, rk.oldKey, rk.newKey)
	}
	return hit{rule: ruleResourceDestroyed, sev: sev, key: "rekeyed", line: b.line, msg: msg}
}

// planDestroys is tf-resource-destroyed from a plan's real actions: a
// stateful resource the plan replaces (a forced replacement the
// configuration diff does not show), or destroys without the static
// summary seeing it removed (that case is judged statically, removed
// blocks included).
func planDestroys(changes []iac.Change, have []iac.Finding) []iac.Finding {
	reported := map[string]bool{}
	for _, f := range have {
		if f.Rule == ruleResourceDestroyed {
			reported[f.Path+"\x00"+f.Address] = true
		}
	}
	var out []iac.Finding
	for _, c := range changes {
		if !statefulTypes[c.Type] || reported[c.Path+"\x00"+c.Address] {
			continue
		}
		verb := ""
		for _, a := range c.Actions {
			switch {
			case a == "replace":
				verb = "replaces"
			case a == "delete" && c.Kind != iac.Removed && verb == "":
				verb = "destroys"
			}
		}
		if verb == "" {
			continue
		}
		msg := fmt.Sprintf("The plan %s %s, destroying its current object and the data in it.", verb, c.Address)
		out = append(out, iac.Finding{Rule: ruleResourceDestroyed, Severity: iac.Critical, State: iac.Introduced,
			Path: c.Path, Line: c.Line, Address: c.Address, Message: msg})
	}
	return out
}
