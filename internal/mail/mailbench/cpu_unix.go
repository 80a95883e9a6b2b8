//go:build unix

package mailbench

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) this process has used,
// 0 if unknown. On a shared machine it tells what a phase cost apart from
// what the other processes took.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
