package shell

import "testing"

func TestPipeToShell(t *testing.T) {
	for script, want := range map[string]bool{
		"curl -fsSL https://get.example.com | sh":                                            true,
		"curl -fsSL https://get.example.com | sudo bash -s -- -b /usr/bin":                   true,
		"wget -qO- https://get.docker.com | sh":                                              true,
		"curl -sSL https://install.python-poetry.org | python3 -":                            true,
		`sh -c "$(curl -fsSL https://raw.example.com/install.sh)"`:                           true,
		"bash <(curl -s https://example.com/x.sh)":                                           true,
		"set -e\ncurl -fsSLo /tmp/i.sh https://x.io/i.sh\nsha256sum -c sums\nbash /tmp/i.sh": false,
		"curl -fsSL https://x.io/a.tar.gz | tar -xz":                                         false,
		"curl -fsSL https://x.io/sums | sha256sum -c -":                                      false,
		"echo curl is great | shellcheck -":                                                  false,
	} {
		if got := PipeToShell(script) != ""; got != want {
			t.Errorf("PipeToShell(%q) = %v, want %v", script, got, want)
		}
	}
}
