// Package e2e drives the built reef binary in a real pseudo-terminal (a
// private tmux server) and reads its screen, the way a person would: it
// catches what model-level tests cannot, such as escape sequences that reach
// the terminal, the wrong environment reaching the binary, or a program
// that never exits. The tests skip when tmux is not installed.
package e2e
