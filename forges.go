package main

import (
	"fmt"
	"strings"

	"reef/forge"
	"reef/forge/bitbucket"
	"reef/forge/gitea"
	"reef/forge/github"
	"reef/forge/gitlab"
	"reef/forge/registry"
	"reef/ui/cli"
	"reef/ui/config"
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

// forgeHosts is the config file's forges section for the registry. The
// file's other problems are the UI's business; the forges' are said here,
// since a host reef cannot place is why a pr command would fail.
func forgeHosts(env cli.Env) map[string]registry.Host {
	cfg, problems := config.Load(env.Environ, nil)
	for _, p := range problems {
		if p.Key == "forges" || strings.HasPrefix(p.Key, "forges.") {
			fmt.Fprintln(env.Stderr, "reef: "+p.String())
		}
	}
	hosts := map[string]registry.Host{}
	for host, h := range cfg.Forges {
		hosts[host] = registry.Host{Kind: forge.Kind(h.Kind), APIURL: h.APIURL, Token: h.Token, Username: h.Username, CAFile: h.CAFile}
	}
	return hosts
}
