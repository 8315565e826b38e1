//go:build race

package terraform

const raceEnabled = true
