package gitops

import (
	"sync"
	"time"

	"reef/gitops/object"
	"reef/gitops/oid"
)

// Hash is an object id. Its String is the full hex form; Repo.ShortHash
// abbreviates it the way git does.
type Hash = oid.ID

// ParseHash parses a full 40-digit hex id.
func ParseHash(s string) (Hash, error) { return oid.FromHex(s) }

// Signature is an author or committer: When carries the zone they wrote.
type Signature struct {
	Name  string
	Email string
	When  time.Time
}

// Commit is a commit with what the panes show of it.
type Commit struct {
	ID        Hash
	Parents   []Hash
	Tree      Hash
	Author    Signature
	Committer Signature
	Subject   string // first paragraph on one line, like git's %s
	Message   string // the whole message as stored
	Signed    bool   // carries a signature (not verified)
}

// Body is the message after the subject paragraph.
func (c *Commit) Body() string { return object.Body(c.Message) }

// zones shares one *time.Location per zone: every commit has two dates,
// and a Location per date was a third of the memory of a loaded history.
type zones struct {
	mu sync.Mutex
	m  map[string]*time.Location
}

func (z *zones) get(tz string, offsetMinutes int) *time.Location {
	z.mu.Lock()
	defer z.mu.Unlock()
	if loc, ok := z.m[tz]; ok {
		return loc
	}
	if z.m == nil {
		z.m = map[string]*time.Location{}
	}
	loc := time.FixedZone(tz, offsetMinutes*60)
	z.m[tz] = loc
	return loc
}

func (z *zones) signature(s object.Signature) Signature {
	return Signature{Name: s.Name, Email: s.Email, When: time.Unix(s.When, 0).In(z.get(s.TZ, s.Offset()))}
}

func (r *Repo) commitValue(id Hash, c *object.Commit) *Commit {
	return &Commit{
		ID: id, Parents: c.Parents, Tree: c.Tree,
		Author: r.zones.signature(c.Author), Committer: r.zones.signature(c.Committer),
		Subject: c.Subject(), Message: c.Message, Signed: c.Signed,
	}
}

// RefKind classifies references for display.
type RefKind uint8

// Reference kinds.
const (
	RefBranch RefKind = iota
	RefRemote
	RefTag
	RefOther
)

// Ref is a branch, remote-tracking branch or tag.
type Ref struct {
	Name     string // full name, e.g. "refs/heads/main"
	Short    string // "main", "origin/main", "v1.0"
	Kind     RefKind
	Target   Hash   // the commit (annotated tags peeled)
	Tag      Hash   // the annotated tag object; zero for lightweight tags
	Symbolic string // for symbolic refs like refs/remotes/origin/HEAD
	Head     bool   // the branch checked out in this work tree

	// Upstream tracking, for local branches with one configured.
	Upstream     string // full name, e.g. "refs/remotes/origin/main"
	UpstreamGone bool   // configured but missing
	Ahead        int    // commits on the branch not on its upstream
	Behind       int    // commits on the upstream not on the branch
}

// HeadState describes what is checked out.
type HeadState struct {
	Branch   string // short branch name; empty when detached
	Ref      string // full branch name
	ID       Hash   // zero when Unborn
	Detached bool
	Unborn   bool // the branch has no commit yet: history is empty
}
