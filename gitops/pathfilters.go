package gitops

// HasPathFilters reports whether the commit-graph carries changed-path
// Bloom filters, which let path-limited history (file history, blame)
// skip most commits without reading their trees. git writes them with
// `git commit-graph write --reachable --changed-paths`.
func (r *Repo) HasPathFilters() bool {
	g, err := r.commitGraph()
	return err == nil && g != nil && g.HasBloom()
}
