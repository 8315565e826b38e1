package forgetest

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"reef/forge"
)

// comparePR checks the fields want sets (Draft always): recorded
// payloads carry more than a test cares to restate.
func comparePR(t *testing.T, got, want forge.PullRequest) {
	t.Helper()
	if want.Number == 0 {
		t.Error("Expect.PR.Number is 0")
	}
	eq := func(name string, g, w any, check bool) {
		if check && g != w {
			t.Errorf("pull request %s = %v, want %v", name, g, w)
		}
	}
	eq("Number", got.Number, want.Number, true)
	eq("Title", got.Title, want.Title, want.Title != "")
	eq("Body", got.Body, want.Body, want.Body != "")
	eq("Author", got.Author.Login, want.Author.Login, want.Author.Login != "")
	eq("State", got.State, want.State, want.State != "")
	eq("Draft", got.Draft, want.Draft, true)
	eq("Base", got.Base, want.Base, want.Base != "")
	eq("Head", got.Head, want.Head, want.Head != "")
	eq("BaseSHA", got.BaseSHA, want.BaseSHA, want.BaseSHA != "")
	eq("HeadSHA", got.HeadSHA, want.HeadSHA, want.HeadSHA != "")
	eq("URL", got.URL, want.URL, want.URL != "")
	if want.Mergeable != nil && (got.Mergeable == nil || *got.Mergeable != *want.Mergeable) {
		t.Errorf("pull request Mergeable = %v, want %v", ptrString(got.Mergeable), *want.Mergeable)
	}
	if !want.Created.IsZero() && !got.Created.Equal(want.Created) {
		t.Errorf("pull request Created = %v, want %v", got.Created, want.Created)
	}
	if !want.Updated.IsZero() && !got.Updated.Equal(want.Updated) {
		t.Errorf("pull request Updated = %v, want %v", got.Updated, want.Updated)
	}
	if want.Labels != nil && !slices.Equal(got.Labels, want.Labels) {
		t.Errorf("pull request Labels = %q, want %q", got.Labels, want.Labels)
	}
	if want.Reviewers != nil {
		key := func(r forge.Reviewer) string { return r.User.Login + "=" + string(r.Verdict) }
		g, w := mapSorted(got.Reviewers, key), mapSorted(want.Reviewers, key)
		if !slices.Equal(g, w) {
			t.Errorf("pull request Reviewers = %q, want %q", g, w)
		}
	}
}

func ptrString(b *bool) string {
	if b == nil {
		return "nil"
	}
	return fmt.Sprint(*b)
}

func mapSorted[T any](xs []T, key func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = key(x)
	}
	slices.Sort(out)
	return out
}

// compareAnchor checks path, side, line and start line always, the start
// side and commit when want has them, and Outdated always.
func compareAnchor(t *testing.T, what string, got, want forge.Anchor) {
	t.Helper()
	if got.Path != want.Path || got.Side != want.Side || got.Line != want.Line || got.StartLine != want.StartLine {
		t.Errorf("%s anchor %s %s:%d (from %d), want %s %s:%d (from %d)", what,
			got.Path, got.Side, got.Line, got.StartLine, want.Path, want.Side, want.Line, want.StartLine)
	}
	if want.StartSide != "" && got.StartSide != want.StartSide {
		t.Errorf("%s anchor start side %q, want %q", what, got.StartSide, want.StartSide)
	}
	if want.CommitSHA != "" && got.CommitSHA != want.CommitSHA {
		t.Errorf("%s anchor commit %q, want %q", what, got.CommitSHA, want.CommitSHA)
	}
	if got.Outdated != want.Outdated {
		t.Errorf("%s anchor outdated = %v, want %v", what, got.Outdated, want.Outdated)
	}
}

func compareID(t *testing.T, what, got, want string) {
	t.Helper()
	if got == "" {
		t.Errorf("%s has no ID", what)
	} else if want != "" && got != want {
		t.Errorf("%s ID %q, want %q", what, got, want)
	}
}

// compareThreads checks threads in order: ID if want has one, resolved,
// the anchor, and each comment's ID, author and body where want has them.
func compareThreads(t *testing.T, got, want []forge.ReviewThread) {
	t.Helper()
	if len(want) == 0 {
		t.Error("Expect.Threads is empty: the scenario must read threads")
	}
	if len(got) != len(want) {
		t.Errorf("%d threads, want %d", len(got), len(want))
		return
	}
	for i, w := range want {
		g := got[i]
		what := fmt.Sprintf("thread %d", i)
		if g.ID == "" || (w.ID != "" && g.ID != w.ID) {
			t.Errorf("%s ID %q, want %q", what, g.ID, w.ID)
		}
		if g.Resolved != w.Resolved {
			t.Errorf("%s resolved = %v, want %v", what, g.Resolved, w.Resolved)
		}
		compareAnchor(t, what, g.Anchor, w.Anchor)
		if len(g.Comments) != len(w.Comments) {
			t.Errorf("%s has %d comments, want %d", what, len(g.Comments), len(w.Comments))
			continue
		}
		for j, wc := range w.Comments {
			gc := g.Comments[j]
			if gc.ID == "" || (wc.ID != "" && gc.ID != wc.ID) {
				t.Errorf("%s comment %d ID %q, want %q", what, j, gc.ID, wc.ID)
			}
			if wc.Author.Login != "" && gc.Author.Login != wc.Author.Login {
				t.Errorf("%s comment %d author %q, want %q", what, j, gc.Author.Login, wc.Author.Login)
			}
			if wc.Body != "" && gc.Body != wc.Body {
				t.Errorf("%s comment %d body %q, want %q", what, j, gc.Body, wc.Body)
			}
		}
	}
}

// compareChecks compares name and state always, URL and summary when
// want has them, in any order (adapters merge check runs and statuses).
func compareChecks(t *testing.T, got, want []forge.Check) {
	t.Helper()
	if len(want) == 0 {
		t.Error("Expect.Checks is empty: the scenario must read checks")
	}
	order := func(a, b forge.Check) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.State, b.State), cmp.Compare(a.URL, b.URL))
	}
	g, w := slices.Clone(got), slices.Clone(want)
	slices.SortStableFunc(g, order)
	slices.SortStableFunc(w, order)
	if len(g) != len(w) {
		t.Errorf("%d checks %v, want %d %v", len(g), g, len(w), w)
		return
	}
	for i := range w {
		if g[i].Name != w[i].Name || g[i].State != w[i].State ||
			(w[i].URL != "" && g[i].URL != w[i].URL) || (w[i].Summary != "" && g[i].Summary != w[i].Summary) {
			t.Errorf("check %d = %+v, want %+v", i, g[i], w[i])
		}
	}
}
