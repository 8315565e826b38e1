package keys

// defaults is reef's key table. IDs are stable: config files name them.
func defaults() []Binding {
	return []Binding{
		{ID: "global.quit", Keys: []string{"q", "ctrl+c"}, Help: "quit", Scope: Global},
		{ID: "global.help", Keys: []string{"?"}, Help: "help for the focused pane", Scope: Global},
		{ID: "global.status", Keys: []string{"1"}, Help: "Status screen", Scope: Global},
		{ID: "global.log", Keys: []string{"2"}, Help: "Log screen", Scope: Global},
		{ID: "global.history", Keys: []string{"3"}, Help: "File history screen", Scope: Global},
		{ID: "global.pulls", Keys: []string{"4"}, Help: "Pull requests screen", Scope: Global},
		{ID: "global.review", Keys: []string{"5"}, Help: "Review screen", Scope: Global},
		{ID: "global.next-pane", Keys: []string{"tab"}, Help: "focus the next pane", Scope: Global},
		{ID: "global.prev-pane", Keys: []string{"shift+tab"}, Help: "focus the previous pane", Scope: Global},
		{ID: "global.back", Keys: []string{"esc"}, Help: "back / close", Scope: Global},

		{ID: "list.down", Keys: []string{"j", "down"}, Help: "next item", Scope: List},
		{ID: "list.up", Keys: []string{"k", "up"}, Help: "previous item", Scope: List},
		{ID: "list.half-down", Keys: []string{"ctrl+d", "pgdown"}, Help: "half a page down", Scope: List},
		{ID: "list.half-up", Keys: []string{"ctrl+u", "pgup"}, Help: "half a page up", Scope: List},
		{ID: "list.top", Keys: []string{"g", "home"}, Help: "first item", Scope: List},
		{ID: "list.bottom", Keys: []string{"G", "end"}, Help: "last item (the log loads all history)", Scope: List},
		{ID: "list.open", Keys: []string{"enter"}, Help: "open", Scope: List},
		{ID: "list.filter", Keys: []string{"/"}, Help: "filter the list", Scope: List},

		{ID: "log.refresh", Keys: []string{"R"}, Help: "reload history and refs", Scope: Log},
		{ID: "log.mark", Keys: []string{"v"}, Help: "mark a range end: Review reads marked..selected (v again or esc clears)", Scope: Log},

		{ID: "diff.down", Keys: []string{"j", "down"}, Help: "scroll down", Scope: Diff},
		{ID: "diff.up", Keys: []string{"k", "up"}, Help: "scroll up", Scope: Diff},
		{ID: "diff.half-down", Keys: []string{"ctrl+d", "pgdown"}, Help: "half a page down", Scope: Diff},
		{ID: "diff.half-up", Keys: []string{"ctrl+u", "pgup"}, Help: "half a page up", Scope: Diff},
		{ID: "diff.top", Keys: []string{"g", "home"}, Help: "top of the file", Scope: Diff},
		{ID: "diff.bottom", Keys: []string{"G", "end"}, Help: "end of the file", Scope: Diff},
		{ID: "diff.next-hunk", Keys: []string{"n"}, Help: "next hunk", Scope: Diff},
		{ID: "diff.prev-hunk", Keys: []string{"N"}, Help: "previous hunk", Scope: Diff},
		{ID: "diff.next-finding", Keys: []string{"f"}, Help: "next review finding", Scope: Diff},
		{ID: "diff.prev-finding", Keys: []string{"F"}, Help: "previous review finding", Scope: Diff},
		{ID: "diff.next-file", Keys: []string{"]"}, Help: "next file", Scope: Diff},
		{ID: "diff.prev-file", Keys: []string{"["}, Help: "previous file", Scope: Diff},
		{ID: "diff.toggle-view", Keys: []string{"s"}, Help: "side-by-side / unified", Scope: Diff},
		{ID: "diff.toggle-wrap", Keys: []string{"z"}, Help: "soft wrap / horizontal scroll", Scope: Diff},
		{ID: "diff.left", Keys: []string{"h", "left"}, Help: "scroll left", Scope: Diff},
		{ID: "diff.right", Keys: []string{"l", "right"}, Help: "scroll right", Scope: Diff},
		{ID: "diff.whitespace", Keys: []string{"w"}, Help: "hide / show whitespace changes", Scope: Diff},
		{ID: "diff.expand", Keys: []string{"e"}, Help: "more context around hunks", Scope: Diff},
		{ID: "diff.collapse", Keys: []string{"E"}, Help: "back to three lines of context", Scope: Diff},

		{ID: "status.stage", Keys: []string{"space"}, Help: "stage / unstage the file", Scope: Status},
		{ID: "status.stage-all", Keys: []string{"a"}, Help: "stage all / unstage all", Scope: Status},
		{ID: "status.discard", Keys: []string{"d"}, Help: "discard the file's changes (u undoes)", Scope: Status, Dangerous: true},
		{ID: "status.commit", Keys: []string{"c"}, Help: "commit: write the message here", Scope: Status},
		{ID: "status.commit-editor", Keys: []string{"C"}, Help: "commit: write the message in $GIT_EDITOR", Scope: Status},
		{ID: "status.amend", Keys: []string{"A"}, Help: "amend the last commit", Scope: Status},
		{ID: "status.ignore", Keys: []string{"i"}, Help: "add the path to .gitignore", Scope: Status},
		{ID: "status.tree", Keys: []string{"`"}, Help: "flat list / directory tree", Scope: Status},
		{ID: "status.undo-discard", Keys: []string{"u"}, Help: "undo the last discard", Scope: Status},
		{ID: "status.discards", Keys: []string{"U"}, Help: "list discarded changes to restore one", Scope: Status},
		{ID: "status.refresh", Keys: []string{"R"}, Help: "refresh the status", Scope: Status},

		{ID: "stage.toggle", Keys: []string{"space"}, Help: "stage (in the staged diff: unstage) the hunk or the selected lines", Scope: Stage},
		{ID: "stage.select", Keys: []string{"v"}, Help: "select lines (j/k extend, v or esc ends)", Scope: Stage},
		{ID: "stage.discard", Keys: []string{"d"}, Help: "discard the hunk or the selected lines (u undoes)", Scope: Stage, Dangerous: true},
		{ID: "stage.switch", Keys: []string{"tab"}, Help: "the file's unstaged / staged diff", Scope: Stage},

		{ID: "commit.submit", Keys: []string{"ctrl+s"}, Help: "commit", Scope: Commit},
		{ID: "commit.cancel", Keys: []string{"esc"}, Help: "close, keeping the draft", Scope: Commit},
		{ID: "commit.next-field", Keys: []string{"tab"}, Help: "subject / body", Scope: Commit},

		{ID: "confirm.yes", Keys: []string{"y", "enter"}, Help: "yes", Scope: Confirm},
		{ID: "confirm.no", Keys: []string{"n", "esc"}, Help: "no", Scope: Confirm},

		{ID: "files.history", Keys: []string{"H"}, Help: "history of the selected file", Scope: Files},

		{ID: "history.mark", Keys: []string{"m"}, Help: "mark a version: the diff compares it with the selected (m again clears)", Scope: History},
		{ID: "history.worktree", Keys: []string{"W"}, Help: "work tree against the selected version", Scope: History},
		{ID: "history.content", Keys: []string{"enter"}, Help: "whole file / diff", Scope: History},
		{ID: "history.blame", Keys: []string{"b"}, Help: "blame this version", Scope: History},
		{ID: "history.lines", Keys: []string{"v"}, Help: "select lines (file view): list the commits that changed them", Scope: History},
		{ID: "history.commit-graph", Keys: []string{"ctrl+g"}, Help: "have git write its commit-graph with changed-path filters (much faster history and blame)", Scope: History},

		{ID: "blame.open", Keys: []string{"enter"}, Help: "diff of the commit that last changed the line", Scope: Blame},
		{ID: "blame.parent", Keys: []string{"B"}, Help: "blame before that commit", Scope: Blame},
		{ID: "blame.back", Keys: []string{"esc"}, Help: "back to the previous blame, then to the list", Scope: Blame},

		{ID: "review.selected", Keys: []string{"c"}, Help: "review the commit selected in the Log", Scope: Review},
		{ID: "review.staged", Keys: []string{"S"}, Help: "review the staged changes", Scope: Review},
		{ID: "review.worktree", Keys: []string{"W"}, Help: "review the work tree against HEAD", Scope: Review},
		{ID: "review.refresh", Keys: []string{"R"}, Help: "review again", Scope: Review},

		{ID: "filter.apply", Keys: []string{"enter"}, Help: "keep the filter", Scope: Filter},
		{ID: "filter.cancel", Keys: []string{"esc"}, Help: "clear the filter", Scope: Filter},

		{ID: "help.close", Keys: []string{"?", "esc", "q"}, Help: "close help", Scope: Help},
	}
}
