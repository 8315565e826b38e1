// Package cfn reads CloudFormation templates (YAML, and JSON since JSON
// is YAML): resources by logical ID, parameters, outputs, conditions and
// mappings, with intrinsic functions kept as written (!Ref, !GetAtt,
// !Sub, {"Fn::Join": ...}). It holds the CloudFormation part of
// tf-deletion-protection-off.
package cfn

import (
	"fmt"
	"strings"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/resource"
	"reef/gitops/iac/manifests/internal/ytree"
)

// Family is the CloudFormation view of a template.
type Family struct{}

// sections are the template sections whose entries are named things.
var sections = [...]struct{ key, typ string }{
	{"Parameters", "parameter"},
	{"Mappings", "mapping"},
	{"Conditions", "condition"},
	{"Rules", "rule"},
	{"Outputs", "output"},
}

// Resources lists a template's resources (addressed by logical ID), then
// its parameters, mappings, conditions, rules and outputs ("Outputs.Arn"),
// and the template's own settings ("template": Description, Transform).
func Resources(f *ytree.File) (resource.Side, []string) {
	d := f.First()
	if d == nil || d.Root == nil {
		return resource.Side{}, nil
	}
	root := d.Root
	if root.Kind != ytree.Map {
		return resource.Side{}, []string{"the template is not a map; it is shown as text only"}
	}
	var out []resource.Resource
	for _, p := range root.Get("Resources").Entries() {
		out = append(out, resource.Resource{Address: p.Key, Type: p.Value.Get("Type").String(), Line: p.Line, Body: p.Value, Doc: p.Value})
	}
	for _, s := range sections {
		for _, p := range root.Get(s.key).Entries() {
			out = append(out, resource.Resource{Address: s.key + "." + p.Key, Type: s.typ, Line: p.Line, Body: p.Value, Doc: p.Value})
		}
	}
	top := root.Without("Resources", "Parameters", "Mappings", "Conditions", "Rules", "Outputs")
	if len(top.Pairs) > 0 {
		out = append(out, resource.Resource{Address: "template", Type: "template", Line: top.Pairs[0].Line, Body: top, Doc: top})
	}
	return resource.Side{Resources: out}, nil
}

// Diff treats intrinsic functions as single values and keys tags by Key,
// policy statements by Sid, and named things by their name.
func (Family) Diff() ytree.Options {
	return ytree.Options{
		Leaf: Intrinsic,
		ItemKey: func(_, _ string, it *ytree.Value) string {
			for _, k := range []string{"Key", "Sid", "PolicyName", "AttributeName", "IndexName", "Name", "Id"} {
				if s := it.Get(k).String(); s != "" {
					return s
				}
			}
			return ""
		},
	}
}

// Intrinsic reports a function call written in JSON form: a map whose one
// key is Ref, Condition or Fn::Something.
func Intrinsic(v *ytree.Value) bool {
	if v.Kind != ytree.Map || len(v.Pairs) != 1 {
		return false
	}
	k := v.Pairs[0].Key
	return k == "Ref" || k == "Condition" || strings.HasPrefix(k, "Fn::")
}

// Mask hides nothing: NoEcho parameters have no values in the template.
func (Family) Mask(*resource.Resource, *iac.Attribute) {}

// Facts adds nothing to a template change.
func (Family) Facts(_, _ *resource.Resource) []string { return nil }

// stateful are the resource types whose deletion loses data.
var stateful = map[string]bool{
	"AWS::RDS::DBInstance": true, "AWS::RDS::DBCluster": true, "AWS::DynamoDB::Table": true,
	"AWS::DynamoDB::GlobalTable": true, "AWS::S3::Bucket": true, "AWS::EFS::FileSystem": true,
	"AWS::ElastiCache::ReplicationGroup": true, "AWS::ElastiCache::CacheCluster": true,
	"AWS::Redshift::Cluster": true, "AWS::DocDB::DBCluster": true, "AWS::Neptune::DBCluster": true,
	"AWS::EC2::Volume": true, "AWS::KMS::Key": true, "AWS::Elasticsearch::Domain": true,
	"AWS::OpenSearchService::Domain": true, "AWS::FSx::FileSystem": true, "AWS::Backup::BackupVault": true,
	"AWS::QLDB::Ledger": true, "AWS::Timestream::Database": true, "AWS::Kinesis::Stream": true,
}

// protectionProps are the properties that refuse deletion through the
// service's API.
var protectionProps = map[string]string{
	"AWS::RDS::DBInstance": "DeletionProtection", "AWS::RDS::DBCluster": "DeletionProtection",
	"AWS::DocDB::DBCluster": "DeletionProtection", "AWS::Neptune::DBCluster": "DeletionProtection",
	"AWS::DynamoDB::Table": "DeletionProtectionEnabled", "AWS::QLDB::Ledger": "DeletionProtection",
}

// keeps reports a deletion policy that keeps the data.
func keeps(policy string) bool {
	switch policy {
	case "Retain", "Snapshot", "RetainExceptOnCreate":
		return true
	}
	return false
}

// State reports stateful resources set to be deleted with their data:
// DeletionPolicy: Delete, or deletion protection turned off.
func (Family) State(r *resource.Resource) []resource.Risk {
	if !stateful[r.Type] {
		return nil
	}
	var out []resource.Risk
	if v := r.Body.Get("DeletionPolicy"); v.String() == "Delete" {
		out = append(out, risk(iac.High, "DeletionPolicy", v.Line,
			fmt.Sprintf("DeletionPolicy: Delete on %s %s deletes its data when the resource leaves the stack.", r.Type, r.Address)))
	}
	if prop, ok := protectionProps[r.Type]; ok {
		if v := r.Body.At("Properties", prop); v.IsFalse() {
			out = append(out, risk(iac.High, prop, v.Line,
				fmt.Sprintf("%s is false on %s %s, so one API call or stack update can delete it.", prop, r.Type, r.Address)))
		}
	}
	return out
}

// Change reports protections a change removes: a keeping DeletionPolicy
// or UpdateReplacePolicy gone or set to Delete, DeletionProtection: true
// removed.
func (Family) Change(b, a *resource.Resource) []resource.Risk {
	if !stateful[a.Type] {
		return nil
	}
	var out []resource.Risk
	for _, field := range []string{"DeletionPolicy", "UpdateReplacePolicy"} {
		vb, va := b.Body.Get(field), a.Body.Get(field)
		if !keeps(vb.String()) || keeps(va.String()) || va != nil && va.Tag != "" {
			continue
		}
		sev, when := iac.High, "deleting the resource or the stack"
		if field == "UpdateReplacePolicy" {
			sev, when = iac.Medium, "a replacement"
		}
		now := "removed"
		line := a.Line
		if va != nil {
			now, line = "changed to "+va.String(), va.Line
		}
		out = append(out, risk(sev, field, line,
			fmt.Sprintf("%s %s on %s %s is %s, so %s loses its data.", field, vb.String(), a.Type, a.Address, now, when)))
	}
	if prop, ok := protectionProps[a.Type]; ok {
		vb, va := b.Body.At("Properties", prop), a.Body.At("Properties", prop)
		if vb.IsTrue() && va == nil {
			out = append(out, risk(iac.High, prop, a.Line,
				fmt.Sprintf("%s: true is removed from %s %s, so it can be deleted by one API call.", prop, a.Type, a.Address)))
		}
	}
	return out
}

func risk(sev iac.Severity, key string, line int, msg string) resource.Risk {
	return resource.Risk{Rule: "tf-deletion-protection-off", Severity: sev, Key: key, Line: line, Message: msg}
}

// Rules documents the CloudFormation part of tf-deletion-protection-off;
// the Terraform analyzer documents the rest under the same id.
func Rules() []iac.RuleDoc {
	return []iac.RuleDoc{{
		ID: "tf-deletion-protection-off", Severity: iac.High, Applies: "CloudFormation templates (YAML and JSON)",
		Matches: "On stateful resource types (RDS instances and clusters, DynamoDB tables, S3 buckets, EFS, ElastiCache, " +
			"Redshift, DocumentDB, Neptune, EBS volumes, KMS keys, OpenSearch, FSx, Backup vaults, QLDB, Timestream, Kinesis): " +
			"DeletionPolicy: Delete; DeletionProtection (DynamoDB: DeletionProtectionEnabled) set to false; and, as a change, " +
			"a DeletionPolicy of Retain, Snapshot or RetainExceptOnCreate removed or replaced, an UpdateReplacePolicy likewise " +
			"(medium), or DeletionProtection: true removed. Values given by intrinsic functions (!If, !Ref) are left alone.",
		Why: "CloudFormation deletes what leaves the template: a renamed logical ID or a removed block takes the database " +
			"or bucket with it, and only a keeping policy or deletion protection stands in the way.",
		Silence: "Keep DeletionPolicy: Retain (or Snapshot) on data stores; for throwaway stacks, disable the rule for their " +
			"paths in .reef/review.yaml.",
	}}
}
