package cli

import (
	"context"
	"strconv"

	"github.com/charmbracelet/colorprofile"

	"reef/gitops"
	"reef/ui/diffview"
)

// sideBySideMin is the terminal width from which `reef diff` draws side
// by side unless told otherwise.
const sideBySideMin = 121

// patchBatch is how many files are diffed before their output is written:
// output starts early on big diffs without a goroutine per file.
const patchBatch = 128

// printDiff writes the listing, statistics and patch the flags ask for.
func printDiff(ctx context.Context, env Env, repo *gitops.Repo, p *gitops.Patcher, f diffFlags, changes []gitops.FileChange, out *output) int {
	switch {
	case f.nameOnly:
		if err := gitops.WriteNameOnly(out, changes); err != nil {
			return fail(env, err)
		}
		return ExitOK
	case f.nameStatus:
		if err := gitops.WriteNameStatus(out, changes); err != nil {
			return fail(env, err)
		}
		return ExitOK
	}
	stats := f.stat || f.numstat || f.shortstat
	patch := !f.noPatch && (f.patch || !stats)
	render := renderer(env, repo, f, out)
	if stats {
		diffs, err := p.FilePatches(ctx, changes)
		if err != nil {
			return fail(env, err)
		}
		if err := writeStats(env, repo, f, out, diffs); err != nil {
			return fail(env, err)
		}
		if !patch {
			return ExitOK
		}
		if len(diffs) > 0 {
			out.WriteByte('\n')
		}
		if err := render.write(diffs); err != nil {
			return fail(env, err)
		}
		return ExitOK
	}
	for start := 0; start < len(changes); start += patchBatch {
		diffs, err := p.FilePatches(ctx, changes[start:min(start+patchBatch, len(changes))])
		if err != nil {
			out.Flush()
			return fail(env, err)
		}
		if err := render.write(diffs); err != nil {
			return fail(env, err)
		}
	}
	return ExitOK
}

// writeStats writes --numstat, --shortstat and --stat, in git's order.
func writeStats(env Env, repo *gitops.Repo, f diffFlags, out *output, diffs []gitops.FileDiff) error {
	if f.numstat {
		if err := gitops.WriteNumStat(out, diffs); err != nil {
			return err
		}
	}
	if f.shortstat && !f.stat {
		if err := gitops.WriteShortStat(out, diffs); err != nil {
			return err
		}
	}
	if !f.stat {
		return nil
	}
	so := gitops.StatOptions{Width: f.statWidth, NameWidth: f.statName, GraphWidth: f.statGraph}
	if so.Width == 0 {
		so.Width = columns(env, out)
	}
	if so.GraphWidth == 0 {
		if v, ok := repo.Config("diff.statGraphWidth"); ok {
			so.GraphWidth, _ = strconv.Atoi(v)
		}
	}
	if out.color {
		c := gitops.DefaultPatchColors()
		so.Colors = &c
	}
	return gitops.WriteStat(out, diffs, so)
}

// columns is the width git's --stat fits: $COLUMNS, else the terminal's,
// else 80.
func columns(env Env, out *output) int {
	if n, err := strconv.Atoi(lookup(env.Environ, "COLUMNS")); err == nil && n > 0 {
		return n
	}
	if out.tty {
		return out.width
	}
	return 80
}

// patchRenderer writes file diffs: git's patch text when the output is
// not a terminal (so it can be applied), else a drawn view.
type patchRenderer struct {
	out    *output
	abbrev func(gitops.Hash) string
	colors *gitops.PatchColors
	// view draws a file for the terminal; nil writes the raw patch.
	view   func(gitops.FileDiff) []string
	sink   *colorprofile.Writer
	spaced bool // a blank line between files (side by side)
	wrote  bool
}

func renderer(env Env, repo *gitops.Repo, f diffFlags, out *output) *patchRenderer {
	r := &patchRenderer{out: out, abbrev: repo.ShortHash}
	if f.fullHash {
		r.abbrev = func(id gitops.Hash) string { return id.String() }
	}
	sideBySide := f.layout == "side-by-side" || f.layout == "" && out.tty && out.width >= sideBySideMin
	if !sideBySide && !out.tty {
		if out.color {
			c := gitops.DefaultPatchColors()
			r.colors = &c
		}
		return r
	}
	styles := diffview.PlainStyles()
	profile := colorprofile.NoTTY
	if out.color {
		profile = colorprofile.Env(env.Environ)
		if profile < colorprofile.ANSI {
			profile = colorprofile.ANSI
		}
		// Tinted backgrounds need 256 colours; with 16, git's red and
		// green text reads better than the nearest basic backgrounds.
		styles = diffview.GitStyles()
		if sideBySide && profile >= colorprofile.ANSI256 {
			styles = diffview.DefaultStyles(true)
		}
	}
	r.sink = &colorprofile.Writer{Forward: out, Profile: profile}
	opts := diffview.Options{Abbrev: r.abbrev}
	if sideBySide {
		opts.Width = columns(env, out)
		if !out.tty && lookup(env.Environ, "COLUMNS") == "" {
			opts.Width = sideBySideMin + 39 // piped and asked for: a roomy default
		}
		r.spaced = true
		r.view = func(fd gitops.FileDiff) []string { return diffview.SideBySide(fd, styles, opts) }
	} else {
		r.view = func(fd gitops.FileDiff) []string { return diffview.Unified(fd, styles, opts) }
	}
	return r
}

func (r *patchRenderer) write(diffs []gitops.FileDiff) error {
	if r.view == nil {
		return gitops.WritePatch(r.out, diffs, gitops.PatchOptions{Abbrev: r.abbrev, Colors: r.colors})
	}
	for _, fd := range diffs {
		if r.spaced && r.wrote {
			r.sink.Write([]byte("\n"))
		}
		for _, l := range r.view(fd) {
			if _, err := r.sink.Write([]byte(l + "\n")); err != nil {
				return err
			}
		}
		r.wrote = true
	}
	return nil
}
