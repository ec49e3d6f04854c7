package act

import (
	"os"
	"strings"
	"syscall"

	"github.com/azora-os/nexus/agent/config"
)

// Failpoints are named places in the act path where a test can make the
// agent crash: NEXUS_AGENT_FAILPOINTS=before-broadcast (comma-separated)
// makes the process SIGKILL itself the first time it gets there, exactly as
// if the machine had killed it. The system tests use them to prove the
// exactly-once design at each point; nothing else sets the variable.
const (
	// FailBeforeBroadcast: the signed tx is in the store, not yet broadcast.
	FailBeforeBroadcast = "before-broadcast"
	// FailAfterBroadcast: the node accepted the tx (CheckTx), it is not yet
	// in a block.
	FailAfterBroadcast = "after-broadcast"
	// FailAfterInclusion: the tx is in a block, the action log does not know.
	FailAfterInclusion = "after-inclusion"
)

// Failpoints is the set armed from the environment.
type Failpoints map[string]bool

// FailpointsFromEnv reads NEXUS_AGENT_FAILPOINTS.
func FailpointsFromEnv() Failpoints {
	fp := Failpoints{}
	for _, p := range strings.Split(os.Getenv(config.EnvFailpoints), ",") {
		if p = strings.TrimSpace(p); p != "" {
			fp[p] = true
		}
	}
	return fp
}

// Hit kills the process with SIGKILL if name is armed.
func (f Failpoints) Hit(name string) {
	if !f[name] {
		return
	}
	_, _ = os.Stderr.WriteString("nexus-agent: failpoint " + name + " reached: SIGKILL\n")
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // never returns
}
