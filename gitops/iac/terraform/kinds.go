package terraform

import (
	"bytes"
	"path"
	"strings"
)

// fileKind is how a claimed file is read.
type fileKind int

const (
	kindNone       fileKind = iota
	kindTF                  // .tf, .tofu: native syntax, part of a module
	kindTFJSON              // .tf.json, .tofu.json: JSON syntax, part of a module
	kindTFVars              // .tfvars: variable assignments
	kindTFVarsJSON          // .tfvars.json
	kindTerragrunt          // terragrunt.hcl and the .hcl files it includes
	kindLock                // .terraform.lock.hcl: provider versions
)

// inModule reports whether files of the kind declare a module's blocks.
func (k fileKind) inModule() bool { return k == kindTF || k == kindTFJSON }

// isJSON reports whether the kind is written in HCL's JSON syntax.
func (k fileKind) isJSON() bool { return k == kindTFJSON || k == kindTFVarsJSON }

// terragruntNames are the .hcl names Terragrunt itself reads; other .hcl
// files are claimed only when their content uses Terragrunt's functions or
// blocks, because Packer, Nomad, Vault and Consul also write .hcl.
var terragruntNames = map[string]bool{
	"terragrunt.hcl":       true,
	"terragrunt.stack.hcl": true,
}

// terragruntMarkers are strings only Terragrunt configuration contains.
var terragruntMarkers = [][]byte{
	[]byte("find_in_parent_folders("),
	[]byte("read_terragrunt_config("),
	[]byte("get_terragrunt_dir("),
	[]byte("get_parent_terragrunt_dir("),
	[]byte("path_relative_to_include("),
	[]byte("get_path_to_repo_root("),
	[]byte("dependency \""),
	[]byte("remote_state {"),
}

// kindOf decides how to read a file from its path and, for .hcl files
// other than terragrunt.hcl, its content.
func kindOf(p string, content []byte) fileKind {
	name := strings.ToLower(path.Base(p))
	switch {
	case name == ".terraform.lock.hcl":
		return kindLock
	case strings.HasSuffix(name, ".tf"), strings.HasSuffix(name, ".tofu"):
		return kindTF
	case strings.HasSuffix(name, ".tf.json"), strings.HasSuffix(name, ".tofu.json"):
		return kindTFJSON
	case strings.HasSuffix(name, ".tfvars"):
		return kindTFVars
	case strings.HasSuffix(name, ".tfvars.json"):
		return kindTFVarsJSON
	case !strings.HasSuffix(name, ".hcl"):
		return kindNone
	case terragruntNames[name]:
		return kindTerragrunt
	case strings.HasSuffix(name, ".pkr.hcl"), strings.HasSuffix(name, ".nomad.hcl"),
		strings.HasSuffix(name, ".tftest.hcl"), strings.HasSuffix(name, ".tfmock.hcl"):
		return kindNone
	}
	head := content
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	for _, m := range terragruntMarkers {
		if bytes.Contains(head, m) {
			return kindTerragrunt
		}
	}
	return kindNone
}

// isOverride reports whether a file is a Terraform override file, whose
// blocks are merged into blocks of the same address elsewhere in the
// module. reef compares such files on their own rather than merge them.
func isOverride(p string) bool {
	name := strings.ToLower(path.Base(p))
	for _, ext := range []string{".tf", ".tf.json", ".tofu", ".tofu.json"} {
		if base, ok := strings.CutSuffix(name, ext); ok {
			return base == "override" || strings.HasSuffix(base, "_override")
		}
	}
	return false
}
