package cli

import (
	"strings"
	"testing"
)

// TestBenchMailClients: the child process of `guichet bench mail` serves its
// relay until its input ends, then says how many mails it received; an
// unknown mode is refused.
func TestBenchMailClients(t *testing.T) {
	e := newTestEnv(t)
	out, err := e.run("", "bench", "mail-clients", "relay")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(out)
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "127.0.0.1:") || lines[1] != "0" {
		t.Fatalf("relay printed %q, want its loopback address then 0", out)
	}
	if _, err := e.run("", "bench", "mail-clients", "nope"); err == nil || !strings.Contains(err.Error(), "send or relay") {
		t.Fatalf("unknown mode: %v", err)
	}
}
