// Package syntax colours code for the diff pane. It tokenises a whole text
// once with chroma and returns, per line, the byte ranges of a few token
// classes (keyword, string, comment...) that a theme colours: a diff is
// tokenised once per side per file, never per key.
//
// Which lexer a file gets comes from reef's own filename table, not
// chroma's detection, which gets infrastructure files wrong: `.tfvars` (no
// lexer), `.pp` (Pascal), Helm's `templates/*.yaml` (YAML that breaks on
// `{{ }}`) and `terragrunt.hcl` (plain HCL).
package syntax

import (
	"path"
	"strings"
)

// Language names, as Detect returns them. Each but Helm is a chroma lexer
// name; Helm is YAML with Go template actions.
const (
	Terraform  = "Terraform"
	YAML       = "YAML"
	Helm       = "Helm"
	GoTemplate = "Go Template"
	JSON       = "JSON"
	Go         = "Go"
	Shell      = "Bash"
	Python     = "Python"
	Ruby       = "Ruby"
	Puppet     = "Puppet"
	Docker     = "Docker"
	Markdown   = "markdown"
)

// byName maps whole file names (lower case) to languages.
var byName = map[string]string{
	"terragrunt.hcl": Terraform,
	"dockerfile":     Docker,
	"containerfile":  Docker,
	"berksfile":      Ruby,
	"gemfile":        Ruby,
	"rakefile":       Ruby,
	"vagrantfile":    Ruby,
	"guardfile":      Ruby,
	"podfile":        Ruby,
	"cheffile":       Ruby,
	"puppetfile":     Ruby,
	".bashrc":        Shell,
	".bash_profile":  Shell,
	".profile":       Shell,
	".envrc":         Shell,
}

// bySuffix maps name endings (lower case), longest first, to languages.
var bySuffix = []struct{ suffix, lang string }{
	{".tfvars.json", JSON},
	{".tf.json", JSON},
	{".yaml.gotmpl", Helm},
	{".yml.gotmpl", Helm},
	{".tfstate.backup", JSON},
	{".tfstate", JSON},
	{".tfvars", Terraform},
	{".tf", Terraform},
	{".hcl", Terraform},
	{".yaml", YAML},
	{".yml", YAML},
	{".json", JSON},
	{".go", Go},
	{".sh", Shell},
	{".bash", Shell},
	{".zsh", Shell},
	{".ksh", Shell},
	{".bats", Shell},
	{".py", Python},
	{".pyi", Python},
	{".rb", Ruby},
	{".rake", Ruby},
	{".gemspec", Ruby},
	{".pp", Puppet},
	{".dockerfile", Docker},
	{".containerfile", Docker},
	{".md", Markdown},
	{".markdown", Markdown},
	{".gotmpl", GoTemplate},
	{".tmpl", GoTemplate},
}

// Detect returns the language reef highlights a file as, from its path
// (slash separated, as git lists it), or "" for none.
func Detect(p string) string {
	base := strings.ToLower(path.Base(p))
	if lang, ok := byName[base]; ok {
		return lang
	}
	if strings.HasPrefix(base, "dockerfile.") || strings.HasPrefix(base, "containerfile.") {
		return Docker
	}
	if inHelmTemplates(p) {
		switch path.Ext(base) {
		case ".yaml", ".yml", ".tpl", ".txt":
			return Helm
		}
	}
	for _, s := range bySuffix {
		if strings.HasSuffix(base, s.suffix) && len(base) > len(s.suffix) {
			return s.lang
		}
	}
	return ""
}

// inHelmTemplates reports whether a path lies in a chart's templates
// directory (at any depth below it), where YAML carries Go template
// actions.
func inHelmTemplates(p string) bool {
	dir := path.Dir(p)
	for dir != "." && dir != "/" && dir != "" {
		if path.Base(dir) == "templates" {
			return true
		}
		dir = path.Dir(dir)
	}
	return false
}
