package iac

import (
	"context"
	"fmt"
	"path"
	"runtime/debug"
	"strings"
)

// outcome is what one analyzer run came back with.
type outcome struct {
	r     Result
	err   error
	panic any
}

// runUnit runs one analyzer on one directory's files: from the cache when
// the same files were read before and the directories the analyzer looked
// at are unchanged, else for real, with a time limit and panics caught.
// Its error is only ever the context's.
func (e *engine) runUnit(ctx context.Context, u unit) (Result, error) {
	var key string
	if e.cfg.Cache != nil {
		key = cacheKey(u, e.in.Plan, e.cfg.Environments)
		if r, ok := e.cfg.Cache.lookup(ctx, key, e.fingerprint); ok {
			return r, nil
		}
	}
	in := *e.in
	rec := &dirRecorder{}
	if e.in.Dir != nil {
		in.Dir = func(ctx context.Context, side Side, dir string) (map[string][]byte, error) {
			m, err := e.in.Dir(ctx, side, dir)
			if err == nil {
				rec.add(dirDep{side: side, dir: dir, fp: e.fingerprintOf(ctx, side, dir, m)})
			} else {
				rec.fail()
			}
			return m, err
		}
	}
	timeout := e.cfg.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	uctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{panic: fmt.Sprintf("%v at %s", p, panicSite(debug.Stack()))}
			}
		}()
		r, err := u.a.Analyze(uctx, &in, u.files)
		done <- outcome{r: r, err: err}
	}()
	var o outcome
	timedOut := false
	select {
	case o = <-done:
		timedOut = o.err != nil && uctx.Err() != nil
	case <-uctx.Done():
		// A run that ignores its context is left behind: its result, if
		// it ever comes, goes to the buffered channel and is dropped.
		timedOut = true
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	switch {
	case timedOut:
		return Result{Notes: failureNotes(u, fmt.Sprintf("gave up after %s", timeout))}, nil
	case o.panic != nil:
		return Result{Notes: failureNotes(u, fmt.Sprintf("panic: %v", o.panic))}, nil
	case o.err != nil:
		return Result{Notes: failureNotes(u, o.err.Error())}, nil
	}
	if deps, ok := rec.snapshot(); e.cfg.Cache != nil && ok {
		e.cfg.Cache.store(key, deps, o.r)
	}
	return o.r, nil
}

// fingerprint identifies a directory's contents on one side, for the
// cache's check that what an analyzer read is unchanged.
func (e *engine) fingerprint(ctx context.Context, side Side, dir string) (string, bool) {
	if e.cfg.DirID != nil {
		if id, ok := e.cfg.DirID(ctx, side, dir); ok {
			return id, true
		}
	}
	if e.in.Dir == nil {
		return "", false
	}
	m, err := e.in.Dir(ctx, side, dir)
	if err != nil {
		return "", false
	}
	return contentDigest(m), true
}

// fingerprintOf is fingerprint for a directory already read.
func (e *engine) fingerprintOf(ctx context.Context, side Side, dir string, m map[string][]byte) string {
	if e.cfg.DirID != nil {
		if id, ok := e.cfg.DirID(ctx, side, dir); ok {
			return id
		}
	}
	return contentDigest(m)
}

// panicSite picks the first frame of a panic's stack outside the runtime
// and this file, so a note says where an analyzer broke.
func panicSite(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i := 1; i+1 < len(lines); i += 2 {
		fn, loc := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
		if strings.HasPrefix(fn, "runtime") || strings.HasPrefix(fn, "panic(") || strings.Contains(loc, "engine_run.go") {
			continue
		}
		if j := strings.LastIndexByte(loc, ' '); j > 0 {
			loc = loc[:j]
		}
		return path.Base(loc)
	}
	return "unknown"
}
