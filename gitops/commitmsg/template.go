package commitmsg

import "strings"

// Block says what git's editor template (the comment block after the
// message in COMMIT_EDITMSG) shows.
type Block struct {
	Comment string // the comment prefix
	Mode    Mode   // the cleanup mode the message will get
	// Merge is set when a merge is being concluded (MERGE_HEAD exists),
	// CherryPick when a cherry-pick is (CHERRY_PICK_HEAD).
	Merge, CherryPick bool
	// Author and Date are shown when not empty: git shows the author when
	// it differs from the committer, the date when it was not "now"
	// (amend, GIT_AUTHOR_DATE).
	Author, Date string
	// Status is extra text (e.g. "On branch main"), commented line by line.
	Status string
}

// String is the block as git writes it after the message: a blank line,
// the instructions for the mode (or the scissors line), the identity
// lines, then the status.
func (b Block) String() string {
	c := b.Comment
	var s strings.Builder
	special := b.Merge || b.CherryPick
	if special {
		if b.Mode == Scissors {
			s.WriteString(CutLineBlock(c))
		}
		what, ref := "a merge", "MERGE_HEAD"
		if !b.Merge {
			what, ref = "a cherry-pick", "CHERRY_PICK_HEAD"
		}
		s.WriteString(Commented(c, "\nIt looks like you may be committing "+what+".\nIf this is not correct, please run\n\tgit update-ref -d "+ref+"\nand try again.\n"))
		s.WriteByte('\n')
	}
	s.WriteByte('\n')
	switch {
	case b.Mode == Strip:
		s.WriteString(Commented(c, "Please enter the commit message for your changes. Lines starting\nwith '"+c+"' will be ignored, and an empty message aborts the commit.\n"))
	case b.Mode == Scissors && !special:
		s.WriteString(CutLineBlock(c))
	default:
		s.WriteString(Commented(c, "Please enter the commit message for your changes. Lines starting\nwith '"+c+"' will be kept; you may remove them yourself if you want to.\nAn empty message aborts the commit.\n"))
	}
	var ident []string
	if b.Author != "" {
		ident = append(ident, "Author:    "+b.Author)
	}
	if b.Date != "" {
		ident = append(ident, "Date:      "+b.Date)
	}
	if len(ident) > 0 {
		s.WriteString(Commented(c, "\n"+strings.Join(ident, "\n")+"\n"))
	}
	s.WriteString(c + "\n")
	if b.Status != "" {
		s.WriteString(Commented(c, b.Status))
		s.WriteString(c + "\n")
	}
	return s.String()
}
