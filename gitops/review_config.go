package gitops

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"reef/gitops/iac"
)

// config reads .reef/review.yaml for a review (see Repo.Review for which
// version) and turns its problems into notes on that file: reef goes on
// with the valid parts, and says loudly what it ignored.
func (rv *review) config(analyzers []iac.Analyzer, override *iac.Config) (iac.Config, []iac.Note) {
	if override != nil {
		return *override, nil
	}
	data, from, err := rv.configData()
	note := func(msg string) iac.Note { return iac.Note{Path: iac.ConfigFile, Message: msg} }
	if err != nil {
		return iac.Config{}, []iac.Note{note(fmt.Sprintf("could not be read (%v): reviewing with the default settings", err))}
	}
	var notes []iac.Note
	if rv.t.Kind == ReviewRevs {
		for _, c := range rv.changes {
			if c.NewPath == iac.ConfigFile || c.OldPath == iac.ConfigFile {
				notes = append(notes, note("changed by this change: the review applies "+from+", so a change cannot relax the rules it is judged by"))
				break
			}
		}
	}
	if data == nil {
		return iac.Config{}, notes
	}
	cfg, problems := iac.ParseConfig(iac.ConfigFile, data, AllRules(analyzers))
	for _, p := range problems {
		msg := p.Message
		if p.Key != "" {
			msg = p.Key + ": " + msg
		}
		if p.Line > 0 {
			msg = fmt.Sprintf("line %d: %s", p.Line, msg)
		}
		notes = append(notes, note(msg))
	}
	return cfg, notes
}

// configData returns the configuration file's content (nil when there is
// none) and which version it is.
func (rv *review) configData() ([]byte, string, error) {
	if rv.t.Kind != ReviewRevs {
		b, err := os.ReadFile(filepath.Join(rv.r.workTree, filepath.FromSlash(iac.ConfigFile)))
		if errors.Is(err, fs.ErrNotExist) {
			return nil, "the work tree's version", nil
		}
		return b, "the work tree's version", err
	}
	tree, from := rv.fromTree, "the version before it"
	if tree.IsZero() {
		tree, from = rv.toTree, "the version it adds"
	}
	if tree.IsZero() {
		return nil, from, nil
	}
	id, err := rv.r.treeLookup(tree, iac.ConfigFile)
	if errors.Is(err, ErrBadRevision) {
		return nil, from, nil
	}
	if err != nil {
		return nil, from, err
	}
	b, err := rv.r.Blob(id)
	return b, from, err
}
