//go:build race

package manifests_test

// raceEnabled skips timing checks: the race detector slows code 5-10x.
const raceEnabled = true
