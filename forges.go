package main

import (
	"reef/forge"
	"reef/forge/bitbucket"
	"reef/forge/gitea"
	"reef/forge/github"
	"reef/forge/gitlab"
	"reef/forge/registry"
)

// forges is the composition of the forge adapters: the only place that
// names them all, so forge/registry needs none of them.
func forges() registry.Registry {
	return registry.Registry{
		forge.GitHub: func(c registry.Config) (forge.Forge, error) {
			return registry.Adapt(github.New(github.Config{APIURL: c.APIURL, Owner: c.Owner, Repo: c.Name, HTTPClient: c.HTTPClient}))
		},
		forge.GitLab: func(c registry.Config) (forge.Forge, error) {
			return registry.Adapt(gitlab.New(gitlab.Config{APIURL: c.APIURL, Project: c.Path, HTTPClient: c.HTTPClient}))
		},
		forge.Bitbucket: func(c registry.Config) (forge.Forge, error) {
			return registry.Adapt(bitbucket.New(bitbucket.Config{APIURL: c.APIURL, Workspace: c.Owner, Repo: c.Name, HTTPClient: c.HTTPClient}))
		},
		forge.Gitea: func(c registry.Config) (forge.Forge, error) {
			return registry.Adapt(gitea.New(gitea.Config{APIURL: c.APIURL, Owner: c.Owner, Repo: c.Name, HTTPClient: c.HTTPClient, Credential: c.Credential}))
		},
	}
}
