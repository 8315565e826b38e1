package iac

import (
	"encoding/json"
	"io"
)

// The JSON form of a review, as `reef review --format json` prints it:
//
//	{"changes":[{"path","address","kind","environment","attributes":[{"path","before","after"}]}],
//	 "findings":[{"rule","severity","state","path","line","address","message"}]}
//
// with extra fields that do not change that shape: a change's type, line,
// old_line, from, notes, actions and source; an attribute's has_before,
// has_after, sensitive and source; a finding's environment; and the notes.
// Lists are never null. Before and after are strings; an unset side is ""
// with has_before (has_after) false.
type (
	jsonResult struct {
		Changes  []jsonChange  `json:"changes"`
		Findings []jsonFinding `json:"findings"`
		Notes    []jsonNote    `json:"notes"`
	}
	jsonChange struct {
		Path        string          `json:"path"`
		Address     string          `json:"address"`
		Kind        Kind            `json:"kind"`
		Environment string          `json:"environment"`
		Attributes  []jsonAttribute `json:"attributes"`
		Type        string          `json:"type,omitempty"`
		Line        int             `json:"line,omitempty"`
		OldLine     int             `json:"old_line,omitempty"`
		From        string          `json:"from,omitempty"`
		Notes       []string        `json:"notes,omitempty"`
		Actions     []string        `json:"actions,omitempty"`
		Source      string          `json:"source,omitempty"`
	}
	jsonAttribute struct {
		Path      string `json:"path"`
		Before    string `json:"before"`
		After     string `json:"after"`
		HasBefore bool   `json:"has_before"`
		HasAfter  bool   `json:"has_after"`
		Sensitive bool   `json:"sensitive,omitempty"`
		Source    string `json:"source,omitempty"`
	}
	jsonFinding struct {
		Rule        string `json:"rule"`
		Severity    string `json:"severity"`
		State       State  `json:"state"`
		Path        string `json:"path"`
		Line        int    `json:"line"`
		Address     string `json:"address"`
		Message     string `json:"message"`
		Environment string `json:"environment"`
	}
	jsonNote struct {
		Path    string `json:"path"`
		Message string `json:"message"`
	}
)

// WriteJSON writes a review as one indented JSON document.
func WriteJSON(w io.Writer, r Result) error {
	out := jsonResult{Changes: []jsonChange{}, Findings: []jsonFinding{}, Notes: []jsonNote{}}
	for _, c := range r.Changes {
		jc := jsonChange{
			Path: c.Path, Address: c.Address, Kind: c.Kind, Environment: c.Environment,
			Attributes: []jsonAttribute{}, Type: c.Type, Line: c.Line, OldLine: c.OldLine,
			From: c.From, Notes: c.Notes, Actions: c.Actions, Source: c.Source,
		}
		for _, a := range c.Attributes {
			jc.Attributes = append(jc.Attributes, jsonAttribute{
				Path: a.Path, Before: a.Before, After: a.After, HasBefore: a.HasBefore, HasAfter: a.HasAfter,
				Sensitive: a.Sensitive, Source: a.Source,
			})
		}
		out.Changes = append(out.Changes, jc)
	}
	for _, f := range r.Findings {
		out.Findings = append(out.Findings, jsonFinding{
			Rule: f.Rule, Severity: f.Severity.String(), State: f.State, Path: f.Path, Line: f.Line,
			Address: f.Address, Message: f.Message, Environment: f.Environment,
		})
	}
	for _, n := range r.Notes {
		out.Notes = append(out.Notes, jsonNote(n))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
