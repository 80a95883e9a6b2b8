package mailbench

import (
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
)

// measure runs one phase, then sets its CPU time; with a profile path, the
// phase's CPU profile is written to the path with the phase's name before
// its extension (x.prof: x-ingest.prof).
func measure(profile, phase string, p *Phase, run func() error) error {
	if profile != "" {
		ext := filepath.Ext(profile)
		f, err := os.Create(strings.TrimSuffix(profile, ext) + "-" + phase + ext)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	cpu := processCPU()
	err := run()
	p.CPU = processCPU() - cpu
	return err
}
