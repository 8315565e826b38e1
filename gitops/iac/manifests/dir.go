package manifests

import (
	"context"

	"reef/gitops/iac"
	"reef/gitops/iac/manifests/internal/ytree"
)

type dirKey struct {
	side iac.Side
	dir  string
}

// dirCache reads each directory's kustomization once per Analyze call.
type dirCache struct {
	in   *iac.Input
	seen map[dirKey]map[string]bool
}

// kustomizeImages are the image names a kustomization in dir sets (on
// either side): a base that writes image: api with no tag leaves the tag
// to the kustomization, so it is not unpinned.
func (c *dirCache) kustomizeImages(ctx context.Context, dir string) map[string]bool {
	out := map[string]bool{}
	for _, side := range []iac.Side{iac.Before, iac.After} {
		for name := range c.images(ctx, side, dir) {
			out[name] = true
		}
	}
	return out
}

func (c *dirCache) images(ctx context.Context, side iac.Side, dir string) map[string]bool {
	k := dirKey{side, dir}
	if m, ok := c.seen[k]; ok {
		return m
	}
	m := map[string]bool{}
	c.seen[k] = m
	if c.in == nil || c.in.Dir == nil {
		return m
	}
	files, err := c.in.Dir(ctx, side, dir)
	if err != nil {
		// Without the directory the rule only loses its exception.
		return m
	}
	for name, content := range files {
		base := name
		if i := lastSlash(name); i >= 0 {
			base = name[i+1:]
		}
		if base != "kustomization.yaml" && base != "kustomization.yml" && base != "Kustomization" {
			continue
		}
		if len(content) > iac.MaxFileBytes {
			continue
		}
		f, err := ytree.Parse(content)
		if err != nil {
			continue
		}
		if d := f.First(); d != nil && d.Root != nil {
			for _, im := range d.Root.Get("images").List() {
				if n := im.Get("name").String(); n != "" {
					m[n] = true
				}
			}
		}
	}
	return m
}

func lastSlash(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return i
		}
	}
	return -1
}
