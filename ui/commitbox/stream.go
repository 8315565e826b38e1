package commitbox

import (
	"context"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"reef/ui/termtext"
)

// stream carries a commit's hook output, and the end of each step, from
// the goroutine that runs git's work to the UI. Write never blocks the
// hook (it only appends), and the UI reads in a command, so Update never
// waits either.
type stream struct {
	mu     sync.Mutex
	events []event
	notify chan struct{} // has a value when events may be waiting
}

// event is output (out) or the end of a step (end, with its value).
type event struct {
	out []byte
	end bool
	val any
}

func newStream() *stream { return &stream{notify: make(chan struct{}, 1)} }

// Write is io.Writer for CommitOptions.Output.
func (s *stream) Write(p []byte) (int, error) {
	s.mu.Lock()
	if n := len(s.events); n > 0 && !s.events[n-1].end {
		s.events[n-1].out = append(s.events[n-1].out, p...)
	} else {
		s.events = append(s.events, event{out: append([]byte(nil), p...)})
	}
	s.mu.Unlock()
	s.wake()
	return len(p), nil
}

// finish marks the end of a step with its result.
func (s *stream) finish(v any) {
	s.mu.Lock()
	s.events = append(s.events, event{end: true, val: v})
	s.mu.Unlock()
	s.wake()
}

func (s *stream) wake() {
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// next waits for the next event.
func (s *stream) next(ctx context.Context) (event, error) {
	for {
		s.mu.Lock()
		if len(s.events) > 0 {
			e := s.events[0]
			s.events = s.events[1:]
			s.mu.Unlock()
			return e, nil
		}
		s.mu.Unlock()
		select {
		case <-s.notify:
		case <-ctx.Done():
			return event{}, ctx.Err()
		}
	}
}

// OutputMsg is hook output that arrived while a commit runs.
type OutputMsg struct {
	run  uint64
	text string
}

// stepMsg is the end of a step of a commit run.
type stepMsg struct {
	run uint64
	val any
}

// read waits for the stream's next event and delivers it.
func read(ctx context.Context, run uint64, s *stream) tea.Cmd {
	return func() tea.Msg {
		e, err := s.next(ctx)
		switch {
		case err != nil:
			return stepMsg{run: run, val: err}
		case e.end:
			return stepMsg{run: run, val: e.val}
		}
		return OutputMsg{run: run, text: string(e.out)}
	}
}

// output is hook output as lines safe to draw: a carriage return starts
// the line over (progress meters), control characters are made visible.
type output struct {
	lines   []string
	partial string
}

// maxOutput is how many lines of hook output are kept.
const maxOutput = 2000

func (o *output) add(text string) {
	parts := strings.Split(o.partial+text, "\n")
	o.partial = parts[len(parts)-1]
	for _, l := range parts[:len(parts)-1] {
		o.lines = append(o.lines, clean(l))
	}
	if len(o.lines) > maxOutput {
		o.lines = o.lines[len(o.lines)-maxOutput:]
	}
}

// all is every line, the unfinished one too.
func (o *output) all() []string {
	if o.partial == "" {
		return o.lines
	}
	return append(o.lines[:len(o.lines):len(o.lines)], clean(o.partial))
}

func clean(l string) string {
	l = strings.TrimSuffix(l, "\r")
	if i := strings.LastIndexByte(l, '\r'); i >= 0 {
		l = l[i+1:]
	}
	return termtext.ExpandTabs(termtext.Clean(l), 8)
}
