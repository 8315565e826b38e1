package gitops

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"reef/gitops/odb"
	"reef/gitops/oid"
)

// promisorFetcher asks git for objects a partial clone left out: git
// fetches them from the promisor remote on demand, which reef's own reader
// cannot do. One `git cat-file --batch` process serves every request.
type promisorFetcher struct {
	dir string
	env []string

	mu   sync.Mutex
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	dead error
}

func (f *promisorFetcher) fetch(id oid.ID) (odb.Type, []byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dead != nil {
		return 0, nil, f.dead
	}
	if f.cmd == nil {
		cmd := exec.Command("git", "cat-file", "--batch")
		cmd.Dir, cmd.Env = f.dir, f.env
		in, err := cmd.StdinPipe()
		if err != nil {
			return 0, nil, err
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			return 0, nil, err
		}
		if err := cmd.Start(); err != nil {
			f.dead = fmt.Errorf("object %s is not in this partial clone and git could not be run to fetch it: %v", id, err)
			return 0, nil, f.dead
		}
		f.cmd, f.in, f.out = cmd, in, bufio.NewReader(out)
	}
	if _, err := fmt.Fprintln(f.in, id.String()); err != nil {
		f.dead = fmt.Errorf("fetching %s through git: %v", id, err)
		return 0, nil, f.dead
	}
	line, err := f.out.ReadString('\n')
	if err != nil {
		f.dead = fmt.Errorf("fetching %s through git: %v", id, err)
		return 0, nil, f.dead
	}
	fields := strings.Fields(line)
	if len(fields) != 3 {
		return 0, nil, fmt.Errorf("object %s is not in this partial clone and its promisor remote could not provide it (git: %s); check the network and `git fetch`", id, strings.TrimSpace(line))
	}
	size, err := strconv.Atoi(fields[2])
	if err != nil {
		return 0, nil, fmt.Errorf("fetching %s through git: bad answer %q", id, line)
	}
	body := make([]byte, size+1)
	if _, err := io.ReadFull(f.out, body); err != nil {
		f.dead = fmt.Errorf("fetching %s through git: %v", id, err)
		return 0, nil, f.dead
	}
	if !bytes.HasSuffix(body, []byte("\n")) {
		return 0, nil, fmt.Errorf("fetching %s through git: bad answer", id)
	}
	return odb.ParseType(fields[1]), body[:size], nil
}

func (f *promisorFetcher) close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cmd != nil {
		f.in.Close()
		_ = f.cmd.Wait()
		f.cmd = nil
	}
}
