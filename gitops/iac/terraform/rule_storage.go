package terraform

import (
	"fmt"
	"strings"

	"reef/gitops/iac"
)

// publicACLs are canned S3 ACLs that open a bucket, with their severity.
var publicACLs = map[string]iac.Severity{
	"public-read":        iac.High,
	"public-read-write":  iac.Critical,
	"authenticated-read": iac.Medium,
}

// publicAccessSettings are the four switches of an S3 public access block.
var publicAccessSettings = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

// googlePublicMembers are the members meaning "anyone".
var googlePublicMembers = map[string]bool{"allUsers": true, "allAuthenticatedUsers": true}

// publicBucket is tf-public-bucket.
func publicBucket(b *block, v map[string]any) []hit {
	if b.kind != "resource" {
		return nil
	}
	var out []hit
	add := func(sev iac.Severity, key string, line int, msg string) {
		out = append(out, hit{rule: rulePublicBucket, sev: sev, key: key, line: line, msg: msg})
	}
	acl := func(attr string) {
		if a, ok := str(v[attr]); ok {
			if sev, public := publicACLs[a]; public {
				add(sev, "acl:"+a, lineOf(v, attr), fmt.Sprintf("%s makes the bucket readable by anyone with the %q ACL.", b.addr, a))
			}
		}
	}
	policy := func(attr string) {
		for _, st := range statements(v[attr]) {
			if st.allow && !st.condition && publicPrincipal(st.principal) {
				add(iac.Critical, "policy", lineOf(v, attr), fmt.Sprintf("%s grants access to everyone (Principal \"*\") in its bucket policy.", b.addr))
				return
			}
		}
	}
	switch b.typ {
	case "aws_s3_bucket":
		acl("acl")
		policy("policy")
	case "aws_s3_bucket_acl":
		acl("acl")
		for _, acp := range objects(v["access_control_policy"]) {
			for _, g := range objects(acp["grant"]) {
				for _, ge := range objects(g["grantee"]) {
					if uri, _ := str(ge["uri"]); strings.HasSuffix(uri, "/global/AllUsers") {
						add(iac.High, "grant:AllUsers", lineOf(ge, "uri"), fmt.Sprintf("%s grants access to the AllUsers group.", b.addr))
					}
				}
			}
		}
	case "aws_s3_bucket_policy":
		policy("policy")
	case "aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block":
		for _, s := range publicAccessSettings {
			if isFalse(v[s]) {
				add(iac.Medium, s, lineOf(v, s), fmt.Sprintf("%s sets %s = false, so public ACLs or policies are no longer blocked.", b.addr, s))
			}
		}
	case "google_storage_bucket_iam_member":
		if m, _ := str(v["member"]); googlePublicMembers[m] {
			add(iac.High, m, lineOf(v, "member"), fmt.Sprintf("%s grants %s access to %s.", b.addr, role(v), m))
		}
	case "google_storage_bucket_iam_binding":
		for _, m := range strs(v["members"]) {
			if googlePublicMembers[m] {
				add(iac.High, m, lineOf(v, "members"), fmt.Sprintf("%s grants %s access to %s.", b.addr, role(v), m))
			}
		}
	case "google_storage_bucket_access_control", "google_storage_default_object_access_control",
		"google_storage_object_access_control":
		if e, _ := str(v["entity"]); googlePublicMembers[e] {
			add(iac.High, e, lineOf(v, "entity"), fmt.Sprintf("%s grants access to %s.", b.addr, e))
		}
	case "google_storage_bucket_acl":
		if p, _ := str(v["predefined_acl"]); strings.HasPrefix(p, "public") {
			add(iac.High, "predefined:"+p, lineOf(v, "predefined_acl"), fmt.Sprintf("%s makes the bucket public with the %q ACL.", b.addr, p))
		}
		for _, re := range strs(v["role_entity"]) {
			_, who, _ := strings.Cut(re, ":")
			if googlePublicMembers[who] {
				add(iac.High, who, lineOf(v, "role_entity"), fmt.Sprintf("%s grants access to %s.", b.addr, who))
			}
		}
	case "azurerm_storage_container":
		if t, _ := str(v["container_access_type"]); t == "blob" || t == "container" {
			add(iac.High, "access:"+t, lineOf(v, "container_access_type"),
				fmt.Sprintf("%s lets anyone read its blobs (container_access_type = %q).", b.addr, t))
		}
	}
	return out
}

func role(v map[string]any) string {
	if r, ok := str(v["role"]); ok {
		return r
	}
	return "its role's"
}

// offSwitch is an attribute whose false value turns encryption off.
type offSwitch struct {
	path string // dotted, through nested blocks
	what string // what is no longer encrypted
}

// encryptionSwitches lists, per resource type, the switches that must not
// be false.
var encryptionSwitches = map[string][]offSwitch{
	"aws_db_instance":                      {{"storage_encrypted", "its storage"}},
	"aws_rds_cluster":                      {{"storage_encrypted", "its storage"}},
	"aws_docdb_cluster":                    {{"storage_encrypted", "its storage"}},
	"aws_neptune_cluster":                  {{"storage_encrypted", "its storage"}},
	"aws_ebs_volume":                       {{"encrypted", "the volume"}},
	"aws_efs_file_system":                  {{"encrypted", "the file system"}},
	"aws_redshift_cluster":                 {{"encrypted", "its storage"}},
	"aws_ebs_encryption_by_default":        {{"enabled", "new EBS volumes"}},
	"aws_instance":                         {{"root_block_device.encrypted", "the root volume"}, {"ebs_block_device.encrypted", "an EBS volume"}},
	"aws_launch_configuration":             {{"root_block_device.encrypted", "the root volume"}, {"ebs_block_device.encrypted", "an EBS volume"}},
	"aws_launch_template":                  {{"block_device_mappings.ebs.encrypted", "an EBS volume"}},
	"aws_elasticache_replication_group":    {{"at_rest_encryption_enabled", "data at rest"}, {"transit_encryption_enabled", "traffic"}},
	"aws_opensearch_domain":                {{"encrypt_at_rest.enabled", "data at rest"}, {"node_to_node_encryption.enabled", "traffic between nodes"}},
	"aws_elasticsearch_domain":             {{"encrypt_at_rest.enabled", "data at rest"}, {"node_to_node_encryption.enabled", "traffic between nodes"}},
	"aws_dax_cluster":                      {{"server_side_encryption.enabled", "data at rest"}},
	"azurerm_storage_account":              {{"enable_https_traffic_only", "traffic"}, {"https_traffic_only_enabled", "traffic"}},
	"azurerm_mssql_database":               {{"transparent_data_encryption_enabled", "the database"}},
	"azurerm_managed_disk":                 {{"encryption_settings.enabled", "the disk"}},
	"azurerm_postgresql_server":            {{"ssl_enforcement_enabled", "connections"}},
	"azurerm_mysql_server":                 {{"ssl_enforcement_enabled", "connections"}},
	"google_sql_database_instance":         {{"settings.ip_configuration.require_ssl", "connections"}},
	"aws_kinesis_firehose_delivery_stream": {{"server_side_encryption.enabled", "the stream"}},
}

// encryptionOff is the state part of tf-encryption-disabled: switches set
// to false, and plaintext modes.
func encryptionOff(b *block, v map[string]any) []hit {
	if b.kind != "resource" {
		return nil
	}
	var out []hit
	for _, sw := range encryptionSwitches[b.typ] {
		for _, at := range falseAt(v, strings.Split(sw.path, ".")) {
			out = append(out, hit{rule: ruleEncryptionDisabled, sev: iac.High, key: sw.path, line: at,
				msg: fmt.Sprintf("%s turns encryption off for %s (%s = false).", b.addr, sw.what, sw.path)})
			break
		}
	}
	plain := func(path []string, bad, what string) {
		for _, at := range valueAt(v, path, bad) {
			out = append(out, hit{rule: ruleEncryptionDisabled, sev: iac.High, key: strings.Join(path, "."), line: at,
				msg: fmt.Sprintf("%s leaves %s unencrypted (%s = %q).", b.addr, what, strings.Join(path, "."), bad)})
			return
		}
	}
	switch b.typ {
	case "aws_kinesis_stream":
		plain([]string{"encryption_type"}, "NONE", "the stream")
	case "aws_msk_cluster":
		plain([]string{"encryption_info", "encryption_in_transit", "client_broker"}, "PLAINTEXT", "client traffic")
	case "google_sql_database_instance":
		plain([]string{"settings", "ip_configuration", "ssl_mode"}, "ALLOW_UNENCRYPTED_AND_ENCRYPTED", "connections")
	case "aws_lb_listener", "aws_alb_listener":
		// A plain HTTP listener that forwards (not redirects) is
		// unencrypted traffic from the internet.
		if p, _ := str(v["protocol"]); p == "HTTP" {
			for _, a := range objects(v["default_action"]) {
				if t, _ := str(a["type"]); t == "forward" {
					out = append(out, hit{rule: ruleEncryptionDisabled, sev: iac.Medium, key: "http-forward",
						line: lineOf(v, "protocol"), msg: fmt.Sprintf("%s serves plain HTTP instead of redirecting to HTTPS.", b.addr)})
					break
				}
			}
		}
	}
	return out
}

// falseAt lists the lines where a path through nested blocks is false.
func falseAt(v map[string]any, path []string) []int {
	if len(path) == 1 {
		if isFalse(v[path[0]]) {
			return []int{lineOf(v, path[0])}
		}
		return nil
	}
	var out []int
	for _, inner := range objects(v[path[0]]) {
		out = append(out, falseAt(inner, path[1:])...)
	}
	return out
}

// valueAt lists the lines where a path through nested blocks holds want.
func valueAt(v map[string]any, path []string, want string) []int {
	if len(path) == 1 {
		if s, _ := str(v[path[0]]); strings.EqualFold(s, want) {
			return []int{lineOf(v, path[0])}
		}
		return nil
	}
	var out []int
	for _, inner := range objects(v[path[0]]) {
		out = append(out, valueAt(inner, path[1:], want)...)
	}
	return out
}

// kmsAttrs are the attributes naming a customer-managed key.
var kmsAttrs = map[string]bool{"kms_key_id": true, "kms_key_arn": true, "kms_master_key_id": true,
	"kms_key_name": true, "kms_key_self_link": true, "key_vault_key_id": true, "customer_managed_key_id": true,
	"sse_kms_key_id": true, "default_kms_key_name": true}

// encryptionRemoved is the change part of tf-encryption-disabled: a KMS
// key no longer set, an S3 bucket's inline encryption configuration
// removed without a replacement resource.
func encryptionRemoved(b *block, ov, nv map[string]any, am *module) []hit {
	var out []hit
	before, after := kmsPaths(ov, ""), kmsPaths(nv, "")
	for p := range before {
		if _, still := after[p]; !still {
			out = append(out, hit{rule: ruleEncryptionDisabled, sev: iac.Medium, key: "kms:" + p, line: b.line,
				msg: fmt.Sprintf("%s stops using its customer-managed KMS key (%s removed).", b.addr, p)})
		}
	}
	if b.typ == "aws_s3_bucket" && len(objects(ov["server_side_encryption_configuration"])) > 0 &&
		len(objects(nv["server_side_encryption_configuration"])) == 0 && !hasSSEResource(am, b.addr) {
		out = append(out, hit{rule: ruleEncryptionDisabled, sev: iac.Medium, key: "sse", line: b.line,
			msg: fmt.Sprintf("%s drops its server-side encryption configuration, and no aws_s3_bucket_server_side_encryption_configuration replaces it.", b.addr)})
	}
	sortHits(out)
	return out
}

// kmsPaths finds the KMS key attributes set in a body, by dotted path.
func kmsPaths(v map[string]any, prefix string) map[string]int {
	out := map[string]int{}
	for k, val := range v {
		if strings.HasPrefix(k, lineKey) {
			continue
		}
		if kmsAttrs[k] && val != nil {
			if s, ok := val.(string); !ok || s != "" {
				out[prefix+k] = lineOf(v, k)
			}
			continue
		}
		for _, inner := range objects(val) {
			if _, nested := inner[lineKey]; nested {
				for p, l := range kmsPaths(inner, prefix+k+".") {
					out[p] = l
				}
			}
		}
	}
	return out
}

// hasSSEResource reports whether a module has an S3 encryption
// configuration resource for the bucket.
func hasSSEResource(m *module, bucket string) bool {
	for _, b := range m.all().blocks {
		if b.typ != "aws_s3_bucket_server_side_encryption_configuration" {
			continue
		}
		for _, r := range b.references() {
			if r == bucket {
				return true
			}
		}
	}
	return false
}
