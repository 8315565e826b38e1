//go:build !unix

package gitops

import "os/exec"

// ownProcessGroup leaves cmd as it is where there are no process groups:
// cancelling its context kills the process itself (exec's default).
func ownProcessGroup(cmd *exec.Cmd) {}
