//go:build race

package e2e

// raceBuild is set when the tests run with -race: the binary is then built
// with -race too, which reuses the race-built packages "go test -race ./..."
// has just compiled (a cold non-race build would cost more than the tests)
// and checks the real program for races while it runs.
const raceBuild = true
