package mailbench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strings"
	"sync/atomic"
	"time"

	"github.com/emersion/go-smtp"
)

// By default `guichet bench mail` runs its SMTP senders and its loopback
// relay in child processes (`guichet bench mail-clients send|relay`), so that
// the CPU time a phase reports is the server's own; the children's CPU time
// is reported beside it. Config.ClientCommand nil runs them in process.

// sendSpec is what the senders' child needs: where to send and how much.
type sendSpec struct {
	Addr   string `json:"addr"`
	Config Config `json:"config"`
}

// sendResult is the senders' outcome: every message's time to "250" and the
// count of those that failed.
type sendResult struct {
	Latencies []time.Duration `json:"latencies_ns"`
	Errors    int             `json:"errors"`
	Elapsed   time.Duration   `json:"elapsed_ns"` // from the first send to the last answer
}

// Clients runs one of the children `guichet bench mail` starts: "send" reads
// a JSON spec from in, sends the mail and writes the result as JSON on out;
// "relay" serves a loopback relay that accepts and discards everything,
// writes its address as a line on out, and once in is closed writes how
// many mails it received. Progress goes to progress. It returns an error for
// an unknown mode or an unreadable spec.
func Clients(ctx context.Context, mode string, in io.Reader, out, progress io.Writer) error {
	switch mode {
	case "send":
		var spec sendSpec
		if err := json.NewDecoder(in).Decode(&spec); err != nil {
			return fmt.Errorf("bench mail-clients: spec: %w", err)
		}
		spec.Config.defaults()
		return json.NewEncoder(out).Encode(sendAll(spec.Addr, spec.Config, progress))
	case "relay":
		var got atomic.Int64
		addr, stop, err := startRelay(&got)
		if err != nil {
			return err
		}
		defer stop()
		if _, err := fmt.Fprintln(out, addr); err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, in) // until the parent closes it
		_, err = fmt.Fprintln(out, got.Load())
		return err
	}
	return fmt.Errorf("bench mail-clients: unknown mode %q (send or relay)", mode)
}

// startRelay serves a relay that discards what it receives and counts it in
// got, on a loopback port; stop closes it.
func startRelay(got *atomic.Int64) (addr string, stop func(), err error) {
	relay := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return discard{got}, nil }))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	go relay.Serve(ln)
	return ln.Addr().String(), func() { relay.Close() }, nil
}

// childSend runs the senders in a child process and returns their result
// and CPU time.
func childSend(ctx context.Context, command []string, spec sendSpec, progress io.Writer) (sendResult, time.Duration, error) {
	var res sendResult
	b, err := json.Marshal(spec)
	if err != nil {
		return res, 0, err
	}
	cmd := exec.CommandContext(ctx, command[0], append(command[1:], "send")...)
	cmd.Stdin = bytes.NewReader(b)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, progress
	if err := cmd.Run(); err != nil {
		return res, 0, fmt.Errorf("bench mail: senders' process: %w", err)
	}
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return res, 0, fmt.Errorf("bench mail: senders' output: %w", err)
	}
	return res, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// relayProcess is a relay run in a child process.
type relayProcess struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	out   *bufio.Reader
	addr  string
}

// startChildRelay starts the relay's child and reads its address.
func startChildRelay(ctx context.Context, command []string, progress io.Writer) (*relayProcess, error) {
	cmd := exec.CommandContext(ctx, command[0], append(command[1:], "relay")...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = progress
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench mail: relay's process: %w", err)
	}
	rp := &relayProcess{cmd: cmd, stdin: stdin, out: bufio.NewReader(stdout)}
	line, err := rp.out.ReadString('\n')
	if rp.addr = strings.TrimSpace(line); err != nil || rp.addr == "" {
		_, _, _ = rp.stop()
		return nil, fmt.Errorf("bench mail: relay's process gave no address: %v", err)
	}
	return rp, nil
}

// stop ends the relay and returns how many mails it received and its CPU time.
func (rp *relayProcess) stop() (int, time.Duration, error) {
	rp.stdin.Close()
	var got int
	_, scanErr := fmt.Fscan(rp.out, &got)
	err := rp.cmd.Wait()
	if err == nil && scanErr != nil {
		err = fmt.Errorf("bench mail: relay's count: %w", scanErr)
	}
	var cpu time.Duration
	if rp.cmd.ProcessState != nil {
		cpu = rp.cmd.ProcessState.UserTime() + rp.cmd.ProcessState.SystemTime()
	}
	return got, cpu, err
}
