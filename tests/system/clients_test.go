package system

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
	"google.golang.org/protobuf/types/known/anypb"

	basev1beta1 "cosmossdk.io/api/cosmos/base/v1beta1"
	signingv1beta1 "cosmossdk.io/api/cosmos/tx/signing/v1beta1"
	txv1beta1 "cosmossdk.io/api/cosmos/tx/v1beta1"
	dbm "github.com/cosmos/cosmos-db"
	cosmos_proto "github.com/cosmos/cosmos-proto"
	gogoproto "github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/api/amino"
	sdk "github.com/cosmos/cosmos-sdk/types"
	txsigning "github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/azora-os/nexus/app"
	"github.com/azora-os/nexus/app/apptesting"
	"github.com/azora-os/nexus/docs/openapi"
)

// TestClients runs, against one devnet made by scripts/devnet.sh (what
// `make devnet` runs: chain nexus-devnet-1, the dev accounts, the a-Token
// a/kasi) on free loopback ports:
//
//   - the OpenAPI check: every route of docs/openapi/openapi.json answers
//     something other than 501 (the gateway's "no such route"), the routes
//     of the gRPC-only services do answer 501, and /swagger/ serves the UI;
//   - the TypeScript client's tests (clients/ts/test, node's built-in test
//     runner, real CosmJS): npm ci from the committed lock, the package
//     built, then `node --test`;
//   - the amino-JSON vectors: the chain's own sign-mode handler encodes
//     every Nexus Msg (filled with generated values) and the TypeScript
//     converters must produce the same bytes, and the messages they rebuild
//     from amino JSON must sign to the same bytes again.
func TestClients(t *testing.T) {
	requireSystem(t)
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	tsDir := filepath.Join(root, "clients", "ts")
	npmBuild(t, tsDir)

	dev := startDevnetScript(t, root)
	work := t.TempDir()
	vectors := filepath.Join(work, "amino-vectors.json")
	roundTrip := filepath.Join(work, "amino-roundtrip.json")
	writeAminoVectors(t, vectors)

	t.Run("openapi", func(t *testing.T) { checkOpenAPIRoutes(t, dev) })

	t.Run("typescript", func(t *testing.T) {
		files, err := filepath.Glob(filepath.Join(tsDir, "test", "*.test.mjs"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no clients/ts/test/*.test.mjs (%v)", err)
		}
		cmd := exec.Command("node", append([]string{"--test", "--test-concurrency=1", "--test-reporter=spec"}, files...)...)
		cmd.Dir = tsDir
		cmd.Env = append(os.Environ(),
			"NEXUS_RPC_URL="+dev.rpcURL(),
			"NEXUS_REST_URL="+dev.apiURL(),
			"NEXUS_DEVNET_HOME="+dev.home,
			"NEXUS_AMINO_VECTORS="+vectors,
			"NEXUS_AMINO_ROUNDTRIP_OUT="+roundTrip,
			"NEXUSD="+binary,
		)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		start := time.Now()
		runErr := cmd.Run()
		t.Logf("node --test (%s):\n%s", time.Since(start).Round(time.Second), out.String())
		if runErr != nil {
			t.Fatalf("node --test: %v", runErr)
		}
	})

	t.Run("amino round trip", func(t *testing.T) { checkAminoRoundTrip(t, vectors, roundTrip) })
}

// npmBuild installs clients/ts's dependencies from package-lock.json (again
// only when the lock changed) and builds the package.
func npmBuild(t *testing.T, dir string) {
	t.Helper()
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	stampFile := filepath.Join(dir, "node_modules", ".nexus-lock")
	stamp := fmt.Sprintf("%x", sha256.Sum256(lock))
	if b, err := os.ReadFile(stampFile); err != nil || string(b) != stamp {
		npm(t, dir, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error")
		if err := os.WriteFile(stampFile, []byte(stamp), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	npm(t, dir, "run", "build")
}

func npm(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("npm", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("npm %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// devnet is a chain started by scripts/devnet.sh.
type devnet struct {
	home  string
	ports map[string]int
}

func (d devnet) rpcURL() string { return fmt.Sprintf("http://127.0.0.1:%d", d.ports["NEXUS_RPC_PORT"]) }
func (d devnet) apiURL() string { return fmt.Sprintf("http://127.0.0.1:%d", d.ports["NEXUS_API_PORT"]) }

// startDevnetScript runs scripts/devnet.sh --reset in a temporary home on
// free ports and waits until the chain has blocks and REST answers. The
// script's processes are stopped when the test ends.
func startDevnetScript(t *testing.T, root string) devnet {
	t.Helper()
	d := devnet{home: filepath.Join(t.TempDir(), ".devnet"), ports: map[string]int{}}
	// The harness's binaries (devnet.sh would otherwise run `make build`)
	// and a free port for the agent the devnet runs beside the node.
	env := append(os.Environ(), "NEXUSD="+binary, "NEXUS_AGENT="+agentBinary(t), "NEXUS_DEVNET_HOME="+d.home)
	for _, name := range []string{"NEXUS_RPC_PORT", "NEXUS_P2P_PORT", "NEXUS_GRPC_PORT", "NEXUS_API_PORT", "NEXUS_PROM_PORT", "NEXUS_DEVNET_AGENT_PORT"} {
		d.ports[name] = freePort(t)
		env = append(env, fmt.Sprintf("%s=%d", name, d.ports[name]))
	}
	cmd := exec.Command("bash", filepath.Join(root, "scripts", "devnet.sh"), "--reset")
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		stopGroup(cmd, done)
		if t.Failed() {
			t.Logf("devnet.sh output (last 4 KiB):\n%s", tail(out.String(), 4096))
		}
	})

	rpc := &Node{Ports: Ports{RPC: d.ports["NEXUS_RPC_PORT"]}}
	c := &Chain{t: t}
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if c.Height(rpc) >= 2 && restReady(d.apiURL()) {
			return d
		}
		select {
		case <-done:
			t.Fatalf("devnet.sh exited:\n%s", tail(out.String(), 4096))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("devnet not ready in 2 minutes:\n%s", tail(out.String(), 4096))
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func restReady(api string) bool {
	resp, err := rpcClient.Get(api + "/cosmos/base/tendermint/v1beta1/node_info") //nolint:noctx // loopback test URL
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// ---------------------------------------------------------------- OpenAPI --

// pathParam matches a path template variable of the OpenAPI document.
var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

// checkOpenAPIRoutes requests every route of the document on the devnet
// and fails on any 501: the gateway answers 501 exactly when no handler is
// registered for a path (or its gRPC service is not), so a 501 is a route
// the document promises and the node does not serve. Path variables get
// plausible values; any other status (200, 400, 404, ...) means the route
// exists.
func checkOpenAPIRoutes(t *testing.T, dev devnet) {
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openapi.Document(), &doc); err != nil {
		t.Fatal(err)
	}
	alice := keyAddress(t, dev.home, "alice", "acc")
	valoper := keyAddress(t, dev.home, "validator", "val")
	value := func(name string) string {
		switch {
		case strings.Contains(name, "validator"):
			return valoper
		case strings.Contains(name, "addr") || strings.Contains(name, "owner") || strings.Contains(name, "buyer") ||
			strings.Contains(name, "seller") || strings.Contains(name, "grant") || strings.Contains(name, "voter") ||
			strings.Contains(name, "depositor") || strings.Contains(name, "delegator"):
			return alice
		case strings.Contains(name, "denom"):
			return "uazr"
		case name == "symbol":
			return "kasi"
		case name == "hash":
			return strings.Repeat("0", 64)
		case name == "order_id":
			return "1-1"
		default:
			return "1"
		}
	}
	client := &http.Client{Timeout: 20 * time.Second}
	n := 0
	paths := make([]string, 0, len(doc.Paths))
	for p := range doc.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		url := dev.apiURL() + pathParam.ReplaceAllStringFunc(p, func(m string) string { return value(m[1 : len(m)-1]) })
		for method := range doc.Paths[p] {
			n++
			var body io.Reader
			if method == "post" || method == "put" {
				body = strings.NewReader("{}")
			}
			req, err := http.NewRequestWithContext(context.Background(), strings.ToUpper(method), url, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				t.Errorf("%s %s: %v", method, p, err)
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusNotImplemented {
				t.Errorf("%s %s → 501: the document lists a route the node does not serve (%s)", method, url, tail(string(b), 200))
			}
		}
	}
	if n < 140 {
		t.Fatalf("only %d operations in the document; expected the SDK's and Nexus's (~150)", n)
	}
	t.Logf("%d documented operations answered, none with 501", n)

	// The routes of the gRPC-only services are not served (so they are
	// rightly left out of the document).
	for _, svc := range openapi.GRPCOnlyServices {
		d, err := gogoproto.HybridResolver.FindDescriptorByName(protoreflect.FullName(svc))
		if err != nil {
			t.Fatalf("gRPC-only service %s: %v", svc, err)
		}
		methods := d.(protoreflect.ServiceDescriptor).Methods()
		routes := 0
		for i := 0; i < methods.Len(); i++ {
			for _, r := range openapi.MethodRoutes(methods.Get(i)) {
				if r.Method != "get" {
					continue
				}
				routes++
				url := dev.apiURL() + pathParam.ReplaceAllString(r.Path, "1")
				resp, err := client.Get(url) //nolint:noctx // loopback test URL
				if err != nil {
					t.Fatal(err)
				}
				_ = resp.Body.Close()
				if resp.StatusCode != http.StatusNotImplemented {
					t.Errorf("GET %s of gRPC-only %s: %d; if the gateway serves it now, take it off openapi.GRPCOnlyServices", url, svc, resp.StatusCode)
				}
			}
		}
		if routes == 0 {
			t.Errorf("gRPC-only service %s has no REST route to check", svc)
		}
	}

	// The UI and the document at the paths the README names.
	for _, p := range []string{openapi.UIPath, openapi.UIPath + "swagger-ui-bundle.js", openapi.UIPath + "openapi.json", openapi.Path} {
		resp, err := client.Get(dev.apiURL() + p) //nolint:noctx // loopback test URL
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusOK || len(b) == 0 {
			t.Errorf("GET %s: %d (%d bytes)", p, resp.StatusCode, len(b))
		}
		if strings.HasSuffix(p, ".json") && !bytes.Equal(b, openapi.Document()) {
			t.Errorf("GET %s does not serve docs/openapi/openapi.json", p)
		}
	}
}

func keyAddress(t *testing.T, home, name, bech string) string {
	t.Helper()
	out, err := exec.Command(binary, "keys", "show", name, "-a", "--bech", bech, "--keyring-backend", "test", "--home", home).Output()
	if err != nil {
		t.Fatalf("keys show %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

// ------------------------------------------------------------ amino JSON --

// Every vector is signed as the only message of this sign doc (the same
// in clients/ts/test/amino.test.mjs).
const (
	vectorChainID  = "nexus-devnet-1"
	vectorAccount  = 7
	vectorSequence = 3
	vectorMemo     = "amino vector <&>"
	vectorGas      = 200000
	vectorFee      = "1234"
)

// aminoVector is one message and the bytes the chain signs for it.
type aminoVector struct {
	TypeURL   string `json:"typeUrl"`
	Variant   string `json:"variant"`
	Value     string `json:"value"`     // base64 protobuf of the message
	SignBytes string `json:"signBytes"` // the LEGACY_AMINO_JSON sign bytes
}

// writeAminoVectors writes, for every Msg the app registers under
// /azora., messages filled with generated values (empty, sparse and full,
// each oneof member in turn) and the sign bytes the chain's
// SIGN_MODE_LEGACY_AMINO_JSON handler computes for them.
func writeAminoVectors(t *testing.T, path string) {
	t.Helper()
	a := apptesting.NewApp(t, dbm.NewMemDB())
	var urls []string
	for _, u := range a.InterfaceRegistry().ListImplementations(sdk.MsgInterfaceProtoName) {
		if strings.HasPrefix(u, "/azora.") {
			urls = append(urls, u)
		}
	}
	sort.Strings(urls)
	if len(urls) == 0 {
		t.Fatal("the app registers no /azora. Msg")
	}
	handler := a.TxConfig().SignModeHandler()
	// The merged registry links every file (HybridResolver leaves types of
	// other files as placeholders, e.g. enums without values).
	files, err := gogoproto.MergedRegistry()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(19)) //nolint:gosec // deterministic test data
	var vectors []aminoVector
	for _, u := range urls {
		d, err := files.FindDescriptorByName(protoreflect.FullName(u[1:]))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		md := d.(protoreflect.MessageDescriptor)
		variants := []struct {
			name string
			fill func(protoreflect.Message)
		}{
			{"empty", func(m protoreflect.Message) { fillMessage(m, r, 0, 0, 0) }},
			{"sparse", func(m protoreflect.Message) { fillMessage(m, r, 0, 1, 50) }},
		}
		for v := 0; v < 3; v++ {
			variants = append(variants, struct {
				name string
				fill func(protoreflect.Message)
			}{fmt.Sprintf("full-%d", v), func(m protoreflect.Message) { fillMessage(m, r, 0, v, 100) }})
		}
		for _, v := range variants {
			msg := dynamicpb.NewMessage(md)
			v.fill(msg)
			bz, err := proto.MarshalOptions{Deterministic: true}.Marshal(msg)
			if err != nil {
				t.Fatal(err)
			}
			sb, err := aminoSignBytes(handler, u, bz)
			if err != nil {
				t.Fatalf("%s %s: the chain cannot amino-encode it: %v", u, v.name, err)
			}
			vectors = append(vectors, aminoVector{TypeURL: u, Variant: v.name, Value: base64.StdEncoding.EncodeToString(bz), SignBytes: string(sb)})
		}
	}
	b, err := json.MarshalIndent(vectors, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d amino vectors for %d Nexus Msgs", len(vectors), len(urls))
}

// aminoSignBytes is what a LEGACY_AMINO_JSON signer signs for a tx whose
// only message is (typeURL, value), with the vector sign doc.
func aminoSignBytes(handler *txsigning.HandlerMap, typeURL string, value []byte) ([]byte, error) {
	body := &txv1beta1.TxBody{Messages: []*anypb.Any{{TypeUrl: typeURL, Value: value}}, Memo: vectorMemo}
	bodyBytes, err := proto.Marshal(body)
	if err != nil {
		return nil, err
	}
	authInfo := &txv1beta1.AuthInfo{Fee: &txv1beta1.Fee{
		Amount:   []*basev1beta1.Coin{{Denom: app.BaseDenom, Amount: vectorFee}},
		GasLimit: vectorGas,
	}}
	authInfoBytes, err := proto.Marshal(authInfo)
	if err != nil {
		return nil, err
	}
	return handler.GetSignBytes(context.Background(), signingv1beta1.SignMode_SIGN_MODE_LEGACY_AMINO_JSON,
		txsigning.SignerData{ChainID: vectorChainID, AccountNumber: vectorAccount, Sequence: vectorSequence, Address: "azora1vector"},
		txsigning.TxData{Body: body, AuthInfo: authInfo, BodyBytes: bodyBytes, AuthInfoBytes: authInfoBytes})
}

// fillMessage sets the fields of m: each with probability pct/100 (a field
// the chain always encodes — a message field with amino.dont_omitempty,
// which gogoproto writes even when empty — is always set, empty when pct
// is 0). variant chooses the member of each oneof.
func fillMessage(m protoreflect.Message, r *rand.Rand, depth, variant, pct int) {
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if o := fd.ContainingOneof(); o != nil {
			if pct == 0 || o.Fields().Get(variant%o.Fields().Len()) != fd {
				continue
			}
		}
		dontOmit := proto.GetExtension(fd.Options(), amino.E_DontOmitempty).(bool)
		if fd.Kind() == protoreflect.MessageKind && !fd.IsList() && !fd.IsMap() && dontOmit {
			sub := m.Mutable(fd).Message()
			if depth < 4 {
				fillValueMessage(sub, r, depth+1, variant, pct)
			}
			continue
		}
		if pct == 0 || r.Intn(100) >= pct {
			continue
		}
		switch {
		case fd.IsMap():
			continue
		case fd.IsList():
			l := m.Mutable(fd).List()
			for n := 1 + r.Intn(3); n > 0; n-- {
				if fd.Kind() == protoreflect.MessageKind {
					if depth >= 4 {
						break
					}
					e := l.NewElement()
					fillValueMessage(e.Message(), r, depth+1, variant, pct)
					l.Append(e)
				} else {
					l.Append(scalarValue(fd, r))
				}
			}
		case fd.Kind() == protoreflect.MessageKind:
			if depth < 4 {
				fillValueMessage(m.Mutable(fd).Message(), r, depth+1, variant, pct)
			}
		default:
			m.Set(fd, scalarValue(fd, r))
		}
	}
}

// fillValueMessage fills a nested message; well-known types get valid values.
func fillValueMessage(m protoreflect.Message, r *rand.Rand, depth, variant, pct int) {
	f := m.Descriptor().Fields()
	if pct == 0 && strings.HasPrefix(string(m.Descriptor().FullName()), "google.protobuf.") {
		return // present and zero
	}
	switch m.Descriptor().FullName() {
	case "google.protobuf.Timestamp":
		m.Set(f.ByName("seconds"), protoreflect.ValueOfInt64(r.Int63n(253402300799)))
		if r.Intn(2) == 0 {
			m.Set(f.ByName("nanos"), protoreflect.ValueOfInt32(r.Int31n(1_000_000_000)))
		}
	case "google.protobuf.Duration":
		m.Set(f.ByName("seconds"), protoreflect.ValueOfInt64(r.Int63n(1_000_000_000)))
		if r.Intn(2) == 0 {
			m.Set(f.ByName("nanos"), protoreflect.ValueOfInt32(r.Int31n(1_000_000_000)))
		}
	case "google.protobuf.Any":
		// Not used by any Nexus Msg (the generator refuses it).
	default:
		fillMessage(m, r, depth, variant, pct)
	}
}

var vectorWords = []string{"alpha", "Kasi Rand", "a/kasi", "<&>", `quote " and \ backslash`, "ünïcode ✓", "tab\tnewline\n"}

func scalarValue(fd protoreflect.FieldDescriptor, r *rand.Rand) protoreflect.Value {
	switch fd.Kind() {
	case protoreflect.StringKind:
		if s, _ := proto.GetExtension(fd.Options(), cosmos_proto.E_Scalar).(string); s == "cosmos.Int" || s == "cosmos.Dec" {
			return protoreflect.ValueOfString(fmt.Sprint(r.Int63()))
		}
		return protoreflect.ValueOfString(vectorWords[r.Intn(len(vectorWords))] + fmt.Sprint(r.Intn(1000)))
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(true)
	case protoreflect.BytesKind:
		b := make([]byte, 1+r.Intn(40))
		_, _ = r.Read(b)
		return protoreflect.ValueOfBytes(b)
	case protoreflect.EnumKind:
		vals := fd.Enum().Values()
		if vals.Len() == 1 {
			return protoreflect.ValueOfEnum(vals.Get(0).Number())
		}
		return protoreflect.ValueOfEnum(vals.Get(1 + r.Intn(vals.Len()-1)).Number())
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return protoreflect.ValueOfInt32(r.Int31() - r.Int31())
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32(r.Uint32())
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return protoreflect.ValueOfInt64(r.Int63() - r.Int63())
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64(r.Uint64())
	default:
		panic(fmt.Sprintf("no generated value for %s (%s)", fd.FullName(), fd.Kind()))
	}
}

// checkAminoRoundTrip reads the messages the TypeScript test rebuilt from
// amino JSON (fromAmino) and checks that the chain computes the same sign
// bytes for them as for the original message: what a Ledger signs is what
// the chain verifies.
func checkAminoRoundTrip(t *testing.T, vectorsPath, roundTripPath string) {
	var vectors, back []aminoVector
	for p, v := range map[string]*[]aminoVector{vectorsPath: &vectors, roundTripPath: &back} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (did the typescript tests run?)", err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	if len(back) != len(vectors) {
		t.Fatalf("%d round-tripped messages for %d vectors", len(back), len(vectors))
	}
	a := apptesting.NewApp(t, dbm.NewMemDB())
	handler := a.TxConfig().SignModeHandler()
	for i, v := range back {
		want := vectors[i]
		if v.TypeURL != want.TypeURL || v.Variant != want.Variant {
			t.Fatalf("round trip %d is %s %s, want %s %s", i, v.TypeURL, v.Variant, want.TypeURL, want.Variant)
		}
		bz, err := base64.StdEncoding.DecodeString(v.Value)
		if err != nil {
			t.Fatal(err)
		}
		sb, err := aminoSignBytes(handler, v.TypeURL, bz)
		if err != nil {
			t.Errorf("%s %s: the chain cannot amino-encode the message fromAmino built: %v", v.TypeURL, v.Variant, err)
			continue
		}
		if string(sb) != want.SignBytes {
			t.Errorf("%s %s: the message fromAmino built signs differently:\n got %s\nwant %s", v.TypeURL, v.Variant, sb, want.SignBytes)
		}
	}
}
