package diffpane

import (
	"context"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"reef/gitops"
	"reef/ui/diffview"
	"reef/ui/syntax"
)

// LoadedMsg carries a file's diff, laid out, to the pane that asked for
// it. The pane drops it when it has asked for something else since.
type LoadedMsg struct {
	ctx   context.Context // the request's, for the colouring that follows
	id    uint64
	index int
	fd    gitops.FileDiff
	doc   *diffview.Doc
	// coloured: the doc has its syntax colours; otherwise a ColouredMsg
	// follows (large diffs are shown first and coloured after).
	coloured bool
	err      error
}

// ColouredMsg carries the syntax-coloured doc of a file already shown.
type ColouredMsg struct {
	id  uint64
	doc *diffview.Doc
}

// colourNow is the size of a diff (bytes of hunk text) coloured before it
// is first shown: chroma needs 20 to 50 ms for it. Larger diffs are shown
// plain at once and coloured in the background.
const colourNow = 16 << 10

// request is what a load needs, copied out of the model so the command
// never touches it.
type request struct {
	id      uint64
	index   int
	fc      gitops.FileChange
	patcher *gitops.Patcher
	doc     diffview.DocOptions
}

// loadCmd computes a file's diff and lays it out.
func loadCmd(ctx context.Context, rq request) tea.Cmd {
	return func() tea.Msg {
		fd, err := rq.patcher.FilePatch(ctx, rq.fc)
		if err != nil {
			return LoadedMsg{ctx: ctx, id: rq.id, index: rq.index, err: err}
		}
		colour := hunkBytes(fd) <= colourNow
		return LoadedMsg{ctx: ctx, id: rq.id, index: rq.index, fd: fd, coloured: colour, doc: Prepare(ctx, fd, rq.doc, colour)}
	}
}

// colourCmd colours a diff already shown and lays it out again.
func colourCmd(ctx context.Context, id uint64, fd gitops.FileDiff, o diffview.DocOptions) tea.Cmd {
	return func() tea.Msg {
		doc := Prepare(ctx, fd, o, true)
		if ctx.Err() != nil {
			return nil
		}
		return ColouredMsg{id: id, doc: doc}
	}
}

// Prepare lays a file diff out for the pane, with syntax colours when
// colour is set: each side is tokenised once, both sides at the same time.
func Prepare(ctx context.Context, fd gitops.FileDiff, o diffview.DocOptions, colour bool) *diffview.Doc {
	var hl diffview.Highlight
	if colour && !fd.Binary && !fd.Truncated && !fd.Submodule && len(fd.Hunks) > 0 {
		hl = highlight(ctx, fd)
	}
	return diffview.NewDoc(fd, hl, o)
}

// highlight colours the two sides of a diff. A side is the text its
// hunks show (context and removed lines for the old side, context and
// added lines for the new), joined in order: the lines between hunks are
// not read, so a construct open across a gap (a heredoc, a block scalar)
// may be coloured as if it were not.
func highlight(ctx context.Context, fd gitops.FileDiff) diffview.Highlight {
	var hl diffview.Highlight
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		hl.Old = side(ctx, fd, fd.OldPath, gitops.LineAdded, func(l *gitops.Line) int { return l.Old })
	}()
	hl.New = side(ctx, fd, fd.NewPath, gitops.LineRemoved, func(l *gitops.Line) int { return l.New })
	wg.Wait()
	return hl
}

// side tokenises one side's lines (all but those of kind skip) and
// returns their spans by line number.
func side(ctx context.Context, fd gitops.FileDiff, path string, skip gitops.LineKind, num func(*gitops.Line) int) [][]syntax.Span {
	lang := syntax.Detect(path)
	if lang == "" {
		return nil
	}
	var b strings.Builder
	var nums []int
	last := 0
	for hi := range fd.Hunks {
		for li := range fd.Hunks[hi].Lines {
			l := &fd.Hunks[hi].Lines[li]
			if l.Kind == skip {
				continue
			}
			b.WriteString(l.Text)
			b.WriteByte('\n')
			n := num(l)
			nums = append(nums, n)
			last = max(last, n)
		}
	}
	spans := syntax.Highlight(ctx, lang, []byte(b.String()))
	if spans == nil {
		return nil
	}
	out := make([][]syntax.Span, last)
	for i, n := range nums {
		if i < len(spans) && n > 0 {
			out[n-1] = spans[i]
		}
	}
	return out
}

// hunkBytes is the size of a diff's text.
func hunkBytes(fd gitops.FileDiff) int {
	n := 0
	for _, h := range fd.Hunks {
		for _, l := range h.Lines {
			n += len(l.Text) + 1
		}
	}
	return n
}
