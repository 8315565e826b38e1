// Package shell recognises shell commands that run code straight from the
// network, for the rules of every kind of file that carries scripts
// (workflow run: steps, Ansible shell tasks).
package shell

import "regexp"

// pipeToShell is a download piped into an interpreter (curl ... | sh,
// wget -O- ... | sudo bash, curl ... | python3) or fed to one through
// process or command substitution (bash <(curl ...), sh -c "$(curl ...)").
// A download piped to another tool (| tar, | sha256sum) is fine.
var pipeToShell = regexp.MustCompile(`(?i)\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+(-\S+\s+)*)?((ba|z|k|da|fi)?sh|python[23]?|perl|ruby|node)\b|` +
	`(?i)\b(ba|z)?sh\s+(-c\s+)?["']?(<\(|\$\()\s*(curl|wget)\b`)

// PipeToShell returns the part of a script that pipes a download into an
// interpreter, or "".
func PipeToShell(script string) string {
	return pipeToShell.FindString(script)
}
