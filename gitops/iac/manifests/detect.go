package manifests

import (
	"bytes"
	"path"
	"regexp"
	"strings"
)

// kind is a family of YAML file.
type kind int

const (
	unknown kind = iota
	kubernetes
	kustomization
	helmValues
	helmChart
	cloudFormation
	composeFile
	actions
	ansibleFile
)

func (k kind) String() string {
	switch k {
	case kubernetes:
		return "Kubernetes manifest"
	case kustomization:
		return "kustomization"
	case helmValues:
		return "Helm values file"
	case helmChart:
		return "Chart.yaml"
	case cloudFormation:
		return "CloudFormation template"
	case composeFile:
		return "Compose file"
	case actions:
		return "GitHub Actions workflow"
	case ansibleFile:
		return "Ansible file"
	}
	return "YAML file"
}

// sniffBytes bounds how much of a file the content checks read: the keys
// that identify a kind sit at the top.
const sniffBytes = 256 << 10

var (
	valuesName  = regexp.MustCompile(`^(values([-._].+)?|.+[-._]values)\.ya?ml$`)
	composeName = regexp.MustCompile(`^(docker-)?compose([-._].+)?\.ya?ml$`)
)

// facts are what the content checks look for, gathered in one pass over
// the lines (regular expressions over whole files cost more than the
// YAML parse on a large change).
type facts struct {
	apiVersion, kind         bool // top-level apiVersion: and kind: with values
	cfnResources, awsType    bool // top-level Resources:, a Type: AWS:: line
	playHosts, playName      bool // "- hosts:" or "- import_playbook:", "- name:"
	indentedHosts            bool // "  hosts:" inside a list item
	composeServices, service bool // top-level services:, an indented image: or build:
}

func scan(content []byte) facts {
	var f facts
	// afterServices checks the line below a top-level services: — a map
	// of services in Compose, a list of images in GitLab CI.
	afterServices := false
	for len(content) > 0 {
		line := content
		if i := bytes.IndexByte(content, '\n'); i >= 0 {
			line, content = content[:i], content[i+1:]
		} else {
			content = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		t := bytes.TrimLeft(line, " \t")
		top := len(t) == len(line)
		if afterServices {
			afterServices = false
			if bytes.HasPrefix(t, []byte("-")) {
				f.composeServices = false
			}
		}
		switch {
		case top && hasValue(line, "apiVersion:"):
			f.apiVersion = true
		case top && hasValue(line, "kind:"):
			f.kind = true
		case top && (bytes.HasPrefix(line, []byte("Resources:")) || bytes.HasPrefix(line, []byte(`"Resources"`))):
			f.cfnResources = true
		case top && isKey(line, "services:"):
			f.composeServices, afterServices = true, true
		case top && (bytes.HasPrefix(line, []byte("- hosts:")) || bytes.HasPrefix(line, []byte("- import_playbook:")) ||
			bytes.HasPrefix(line, []byte("- ansible.builtin.import_playbook:"))):
			f.playHosts = true
		case top && bytes.HasPrefix(line, []byte("- name:")):
			f.playName = true
		case !top && bytes.HasPrefix(t, []byte("hosts:")):
			f.indentedHosts = true
		case !top && (bytes.HasPrefix(t, []byte("image:")) || bytes.HasPrefix(t, []byte("build:"))):
			f.service = true
		}
		if bytes.Contains(t, []byte("Type")) && bytes.Contains(t, []byte("AWS::")) {
			f.awsType = true
		}
	}
	return f
}

// hasValue reports a line "key: something".
func hasValue(line []byte, key string) bool {
	rest, ok := bytes.CutPrefix(line, []byte(key))
	return ok && len(bytes.TrimSpace(rest)) > 0 && bytes.TrimSpace(rest)[0] != '#'
}

// isKey reports a line "key:" with nothing after it but a comment.
func isKey(line []byte, key string) bool {
	rest, ok := bytes.CutPrefix(line, []byte(key))
	rest = bytes.TrimSpace(rest)
	return ok && (len(rest) == 0 || rest[0] == '#')
}

// detect tells which family a file belongs to: by its path first (a
// workflow, a kustomization, a chart, a values or Compose file, a role's
// tasks), then by its content. Anything else is left to the text diff.
func detect(p string, content []byte) kind {
	base := path.Base(p)
	ext := strings.ToLower(path.Ext(base))
	yaml := ext == ".yaml" || ext == ".yml"
	dirs := "/" + path.Dir(p) + "/"
	if len(content) > sniffBytes {
		content = content[:sniffBytes]
	}
	switch {
	case base == "kustomization.yaml" || base == "kustomization.yml" || base == "Kustomization":
		return kustomization
	case !yaml && ext != ".json" && ext != ".template":
		return unknown
	case strings.Contains(dirs, "/.github/workflows/") && yaml:
		return actions
	case base == "Chart.yaml":
		return helmChart
	case strings.Contains(dirs, "/templates/") && bytes.Contains(content, []byte("{{")):
		// A chart's templates are Go templates, not YAML.
		return unknown
	case valuesName.MatchString(base):
		return helmValues
	case composeName.MatchString(base):
		return composeFile
	case yaml && inRole(dirs) && listFile(content):
		return ansibleFile
	}
	if !yaml {
		if bytes.Contains(content, []byte(`"AWSTemplateFormatVersion"`)) ||
			bytes.Contains(content, []byte(`"Resources"`)) && bytes.Contains(content, []byte(`"AWS::`)) {
			return cloudFormation
		}
		return unknown
	}
	f := scan(content)
	switch {
	case bytes.Contains(content, []byte("AWSTemplateFormatVersion")) || f.cfnResources && f.awsType:
		return cloudFormation
	case f.apiVersion && f.kind:
		return kubernetes
	case f.playHosts || f.playName && f.indentedHosts:
		return ansibleFile
	case f.composeServices && f.service:
		return composeFile
	}
	return unknown
}

// inRole reports a role's tasks or handlers directory, or a playbook
// directory's tasks: roles/web/tasks/main.yml, tasks/install.yml.
func inRole(dirs string) bool {
	for _, d := range []string{"/tasks/", "/handlers/"} {
		if i := strings.Index(dirs, d); i >= 0 {
			// roles/NAME/tasks or a top-level tasks/ next to playbooks;
			// a tasks directory deep in an application is not Ansible.
			before := dirs[:i]
			if strings.Contains(before, "/roles/") || strings.Count(before, "/") <= 1 {
				return true
			}
		}
	}
	return false
}

// listFile reports content whose first item is a list entry, as Ansible
// task files are.
func listFile(content []byte) bool {
	for len(content) > 0 {
		line := content
		if i := bytes.IndexByte(content, '\n'); i >= 0 {
			line, content = content[:i], content[i+1:]
		} else {
			content = nil
		}
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '#' || bytes.Equal(t, []byte("---")) || t[0] == '%' {
			continue
		}
		return bytes.HasPrefix(t, []byte("- ")) || bytes.Equal(t, []byte("-")) || bytes.Equal(t, []byte("[]"))
	}
	return false
}
