//go:build unix

package gitconfig

import (
	"syscall"
	"time"
)

// processCPU is the CPU time this process has used (user and system, all
// threads), which unlike wall time is not inflated on a busy machine.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
