package attr

import (
	"os"
	"path/filepath"
	"strings"
)

// RepoOptions returns the Options git uses for a repository besides the
// per-directory files: $GIT_COMMON_DIR/info/attributes, the global file
// (globalFile when core.attributesFile is set, else the XDG default from
// env) and /etc/gitattributes unless GIT_ATTR_NOSYSTEM is true. Missing
// files are simply empty, as they are for git.
func RepoOptions(commonDir, globalFile string, globalSet bool, env []string, ignoreCase bool) Options {
	o := Options{IgnoreCase: ignoreCase}
	o.Info = readFile(filepath.Join(commonDir, "info", "attributes"))
	if !globalSet {
		globalFile = DefaultAttributesFile(env)
	}
	if globalFile != "" {
		o.Global = readFile(globalFile)
	}
	if !envTrue(env, "GIT_ATTR_NOSYSTEM") {
		o.System = readFile("/etc/gitattributes")
	}
	return o
}

func readFile(path string) File {
	b, err := os.ReadFile(path)
	if err != nil {
		return File{}
	}
	return File{Name: path, Data: b}
}

func envTrue(env []string, key string) bool {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}
