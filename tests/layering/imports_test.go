// Package layering checks the architecture rule of GUIDE.md: state-machine
// packages (x/*/types, x/*/keeper) import no client code, so a node's
// state machine never links a client, an RPC client or a light client, and
// the agent can import x/*/types without them.
package layering

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// stateMachine matches the state-machine packages.
var stateMachine = regexp.MustCompile(`^github\.com/azora-os/nexus/x/[^/]+/(types|keeper)(/.*)?$`)

// ourClientCode matches this repository's client-side packages: none may be
// linked into a state-machine package, directly or through another package.
var ourClientCode = regexp.MustCompile(`^github\.com/azora-os/nexus/(client|cmd|agent|tests)(/.*)?$|^github\.com/azora-os/nexus/x/[^/]+/client(/.*)?$`)

// clientLibraries are client packages of the stack that a state-machine
// package must not import itself (the SDK's own packages still link some of
// them, which is the SDK's business).
var clientLibraries = []string{
	"github.com/cosmos/cosmos-sdk/client",
	"github.com/cometbft/cometbft/rpc",
	"github.com/cometbft/cometbft/light",
}

type pkg struct {
	ImportPath   string
	Imports      []string
	TestImports  []string
	XTestImports []string
	Deps         []string
}

// violations lists what each state-machine package imports that it must
// not: client code of ours in its imports (its tests' too) or anywhere in
// its dependencies, and the stack's client libraries in its own imports.
func violations(pkgs []pkg) []string {
	var out []string
	for _, p := range pkgs {
		if !stateMachine.MatchString(p.ImportPath) {
			continue
		}
		direct := append(append(append([]string{}, p.Imports...), p.TestImports...), p.XTestImports...)
		for _, imp := range direct {
			if ourClientCode.MatchString(imp) {
				out = append(out, p.ImportPath+" imports "+imp)
			}
			for _, lib := range clientLibraries {
				if imp == lib || strings.HasPrefix(imp, lib+"/") {
					out = append(out, p.ImportPath+" imports "+imp)
				}
			}
		}
		for _, dep := range p.Deps {
			if ourClientCode.MatchString(dep) {
				out = append(out, p.ImportPath+" depends on "+dep)
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestStateMachineImportsNoClientCode(t *testing.T) {
	cmd := exec.Command("go", "list", "-json", "github.com/azora-os/nexus/x/...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []pkg
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	checked := 0
	for _, p := range pkgs {
		if stateMachine.MatchString(p.ImportPath) {
			checked++
		}
	}
	if checked < 12 {
		t.Fatalf("only %d state-machine packages found; the pattern is wrong", checked)
	}
	if v := violations(pkgs); len(v) > 0 {
		t.Fatalf("state-machine packages must not import client code (GUIDE.md, architecture rules):\n%s", strings.Join(v, "\n"))
	}
	t.Logf("%d state-machine packages import no client code", checked)
}

// The check itself catches what it is for.
func TestViolationsAreFound(t *testing.T) {
	got := violations([]pkg{
		{ImportPath: "github.com/azora-os/nexus/x/mesh/types", Imports: []string{"github.com/azora-os/nexus/client/storeproof"}},
		{ImportPath: "github.com/azora-os/nexus/x/ledger/keeper", XTestImports: []string{"github.com/azora-os/nexus/x/ledger/client/cli"}},
		{ImportPath: "github.com/azora-os/nexus/x/pivc/types", Imports: []string{"github.com/cometbft/cometbft/rpc/client/http"}},
		{ImportPath: "github.com/azora-os/nexus/x/forge/keeper", Deps: []string{"github.com/azora-os/nexus/client/lightproof"}},
		{ImportPath: "github.com/azora-os/nexus/x/mesh/client/cli", Imports: []string{"github.com/azora-os/nexus/client/lightproof"}},
		{ImportPath: "github.com/azora-os/nexus/x/mint/types", Imports: []string{"github.com/cosmos/cosmos-sdk/types"}, Deps: []string{"github.com/cosmos/cosmos-sdk/client"}},
	})
	want := []string{
		"github.com/azora-os/nexus/x/forge/keeper depends on github.com/azora-os/nexus/client/lightproof",
		"github.com/azora-os/nexus/x/ledger/keeper imports github.com/azora-os/nexus/x/ledger/client/cli",
		"github.com/azora-os/nexus/x/mesh/types imports github.com/azora-os/nexus/client/storeproof",
		"github.com/azora-os/nexus/x/pivc/types imports github.com/cometbft/cometbft/rpc/client/http",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("violations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
