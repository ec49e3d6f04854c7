#!/usr/bin/env bash
# Runs a local Nexus testnet: N validators (default 4) on one machine, each
# in its own home under testnet/.nodes/, on distinct loopback ports.
#
#   scripts/testnet.sh start [-n N] [--base-port P] [--reset]
#                                create the chain if needed, start every node
#                                in the background, wait for blocks
#   scripts/testnet.sh stop      stop the nodes this script started (pid files)
#   scripts/testnet.sh status    height, peers and ports of every node
#   scripts/testnet.sh reset     stop, then delete testnet/.nodes/
#
# Environment (all optional; flags win):
#   NEXUS_TESTNET_VALIDATORS   number of validators            (default: 4)
#   NEXUS_TESTNET_BASE_PORT    first port; node i uses base+10*i .. base+10*i+4
#                              (default: 27000)
#   NEXUS_TESTNET_DIR          where the node homes live       (default: <repo>/testnet/.nodes)
#   NEXUSD                     the nexusd binary               (default: <repo>/build/nexusd)
#
# Ports of node i (P = base + 10*i): P2P P, RPC P+1, gRPC P+2, REST P+3,
# Prometheus P+4. The chain id is nexus-testnet-1, blocks come about every
# second. Keys use the `test` keyring backend (no passphrase): testnet only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${NEXUSD:-$ROOT/build/nexusd}"
DIR="${NEXUS_TESTNET_DIR:-$ROOT/testnet/.nodes}"
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac # pid checks match on the absolute --home
CHAIN_ID="nexus-testnet-1"
STATE="$DIR/testnet.env" # the layout of the current chain: N and BASE_PORT

VALIDATOR_BALANCE="1000000000000uazr,1000000000ustake" # 1,000,000 AZR + 1,000 STAKE
USER_BALANCE="100000000000uazr"                        # 100,000 AZR
SELF_BOND="100000000ustake"                            # 100 STAKE of voting power each
MAX_POWER=1000                                         # x/aegis admission: up to 1,000 STAKE bonded each
USERS=(alice bob)                                      # funded keys in node0's keyring
VOTING_PERIOD="20s"

usage() { sed -n '2,22p' "$0"; }
die() { echo "testnet: $*" >&2; exit 1; }

# ---------------------------------------------------------------- arguments
CMD="${1:-}"
[ -n "$CMD" ] || { usage; exit 2; }
shift
N_ARG="" BASE_ARG="" RESET=0
while [ $# -gt 0 ]; do
  case "$1" in
    -n|--validators) N_ARG="${2:-}"; shift 2 ;;
    --base-port) BASE_ARG="${2:-}"; shift 2 ;;
    --reset) RESET=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done

# Layout of an existing chain, if any.
SAVED_N="" SAVED_BASE=""
if [ -f "$STATE" ]; then
  # shellcheck disable=SC1090
  SAVED_N="$(. "$STATE"; echo "${N:-}")"
  SAVED_BASE="$(. "$STATE"; echo "${BASE_PORT:-}")"
fi
N="${N_ARG:-${NEXUS_TESTNET_VALIDATORS:-${SAVED_N:-4}}}"
BASE_PORT="${BASE_ARG:-${NEXUS_TESTNET_BASE_PORT:-${SAVED_BASE:-27000}}}"
case "$N" in ''|*[!0-9]*) die "the number of validators must be a positive integer, got '$N'" ;; esac
case "$BASE_PORT" in ''|*[!0-9]*) die "the base port must be a number, got '$BASE_PORT'" ;; esac
[ "$N" -ge 1 ] && [ "$N" -le 20 ] || die "the number of validators must be between 1 and 20, got $N"
[ "$BASE_PORT" -ge 1024 ] && [ $((BASE_PORT + 10 * N)) -le 65535 ] ||
  die "base port $BASE_PORT leaves no room for $N nodes (ports base .. base+10*N must lie in 1024..65535)"

home_of() { echo "$DIR/node$1"; }
pidfile_of() { echo "$DIR/node$1/nexusd.pid"; }
logfile_of() { echo "$DIR/node$1/nexusd.log"; }
p2p_port() { echo $((BASE_PORT + 10 * $1)); }
rpc_port() { echo $((BASE_PORT + 10 * $1 + 1)); }
grpc_port() { echo $((BASE_PORT + 10 * $1 + 2)); }
api_port() { echo $((BASE_PORT + 10 * $1 + 3)); }
prom_port() { echo $((BASE_PORT + 10 * $1 + 4)); }

# json_edit FILE JS — edits a JSON file in place with a Node.js function body
# over `g` (Node is the only scripting runtime we can rely on; no jq).
json_edit() {
  node -e '
    const fs = require("fs");
    const f = process.argv[1];
    const g = JSON.parse(fs.readFileSync(f, "utf8"));
    (new Function("g", process.argv[2]))(g);
    fs.writeFileSync(f, JSON.stringify(g, null, 1) + "\n");
  ' "$1" "$2"
}

# toml_set FILE KEY VALUE [KEY VALUE...] — sets keys of a TOML file that
# nexusd generated, in place (one process per file instead of one
# `nexusd config set` per key). KEY is "section.key" ("key" at the top
# level); VALUE is TOML, so strings carry their quotes. A key that is not in
# the file is an error.
toml_set() {
  node -e '
    const fs = require("fs");
    const [f, ...kv] = process.argv.slice(1);
    const lines = fs.readFileSync(f, "utf8").split("\n");
    for (let i = 0; i < kv.length; i += 2) {
      const dot = kv[i].lastIndexOf(".");
      const section = dot < 0 ? "" : kv[i].slice(0, dot), key = kv[i].slice(dot + 1);
      let current = "", done = false;
      for (let j = 0; j < lines.length && !done; j++) {
        const t = lines[j].trim();
        if (t.startsWith("[")) { current = t.replace(/^\[+|\]+$/g, ""); continue; }
        if (current === section && t.split("=")[0].trim() === key && t.includes("=")) {
          lines[j] = key + " = " + kv[i + 1];
          done = true;
        }
      }
      if (!done) { console.error(`testnet: ${f} has no key ${kv[i]}`); process.exit(1); }
    }
    fs.writeFileSync(f, lines.join("\n"));
  ' "$@"
}

port_in_use() {
  # A connect succeeds if anything listens on the port (0.0.0.0 or loopback).
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pid_of I — prints the pid of node I if the process recorded in its pid file
# is alive and is this node's nexusd (guards against a recycled pid).
pid_of() {
  local f pid
  f="$(pidfile_of "$1")"
  [ -f "$f" ] || return 1
  pid="$(cat "$f")"
  case "$pid" in ''|*[!0-9]*) return 1 ;; esac
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--home $(home_of "$1")" || return 1
  echo "$pid"
}

# ---------------------------------------------------------------- create
create_chain() {
  echo "creating $CHAIN_ID with $N validators in $DIR"
  rm -rf "$DIR"
  mkdir -p "$DIR/mnemonics"
  chmod 700 "$DIR/mnemonics"
  local i home n0 addr
  n0="$(home_of 0)"

  for ((i = 0; i < N; i++)); do
    home="$(home_of "$i")"
    "$BIN" init "val$i" --chain-id "$CHAIN_ID" --home "$home" >/dev/null 2>&1
    "$BIN" keys add "val$i" --keyring-backend test --home "$home" --output json >"$DIR/mnemonics/val$i.json" 2>&1
    addr="$("$BIN" keys show "val$i" -a --keyring-backend test --home "$home")"
    "$BIN" genesis add-genesis-account "$addr" "$VALIDATOR_BALANCE" --home "$n0" >/dev/null
    # x/aegis: every genesis validator must be on the admission list.
    "$BIN" genesis admit-validator "$addr" "$MAX_POWER" --home "$n0" >/dev/null
  done
  for name in "${USERS[@]}"; do
    "$BIN" keys add "$name" --keyring-backend test --home "$n0" --output json >"$DIR/mnemonics/$name.json" 2>&1
    "$BIN" genesis add-genesis-account "$name" "$USER_BALANCE" --keyring-backend test --home "$n0" >/dev/null
  done
  chmod 600 "$DIR"/mnemonics/*.json

  # Short governance periods so a proposal passes in seconds.
  json_edit "$n0/config/genesis.json" "
    const p = g.app_state.gov.params;
    p.voting_period = '$VOTING_PERIOD';
    p.max_deposit_period = '$VOTING_PERIOD';
    p.expedited_voting_period = '10s';
  "

  # One gentx per validator, signed in its own home against the same
  # accounts, collected in node0.
  mkdir -p "$n0/config/gentx"
  for ((i = 0; i < N; i++)); do
    home="$(home_of "$i")"
    [ "$i" -eq 0 ] || cp "$n0/config/genesis.json" "$home/config/genesis.json"
    "$BIN" genesis gentx "val$i" "$SELF_BOND" --chain-id "$CHAIN_ID" --moniker "val$i" \
      --keyring-backend test --home "$home" \
      --output-document "$n0/config/gentx/val$i.json" >/dev/null 2>&1
  done
  "$BIN" genesis collect-gentxs --home "$n0" >/dev/null 2>&1
  "$BIN" genesis validate-genesis --home "$n0" >/dev/null
  for ((i = 1; i < N; i++)); do
    cp "$n0/config/genesis.json" "$(home_of "$i")/config/genesis.json"
  done
  printf 'N=%s\nBASE_PORT=%s\n' "$N" "$BASE_PORT" >"$STATE"
  SAVED_N="$N"
}

# Writes ports, peers and client defaults into every node's config. Runs on
# every start, so a new base port takes effect on an existing chain.
configure_nodes() {
  local i home peers=""
  for ((i = 0; i < N; i++)); do
    local id
    id="$("$BIN" comet show-node-id --home "$(home_of "$i")")"
    peers="${peers:+$peers,}$id@127.0.0.1:$(p2p_port "$i")"
  done
  for ((i = 0; i < N; i++)); do
    home="$(home_of "$i")"
    # Every node is on 127.0.0.1: allow several peers per IP and non-routable
    # addresses; the validators know each other, no peer exchange needed.
    # pprof is off: its default port (6060) is shared by every node on the
    # machine. Set rpc.pprof_laddr in a node's config.toml to profile it.
    toml_set "$home/config/config.toml" \
      rpc.laddr "\"tcp://127.0.0.1:$(rpc_port "$i")\"" \
      rpc.pprof_laddr '""' \
      p2p.laddr "\"tcp://127.0.0.1:$(p2p_port "$i")\"" \
      p2p.external_address "\"127.0.0.1:$(p2p_port "$i")\"" \
      p2p.persistent_peers "\"$peers\"" \
      p2p.allow_duplicate_ip true \
      p2p.addr_book_strict false \
      p2p.pex false \
      instrumentation.prometheus_listen_addr "\"127.0.0.1:$(prom_port "$i")\""
    toml_set "$home/config/app.toml" \
      grpc.address "\"127.0.0.1:$(grpc_port "$i")\"" \
      api.address "\"tcp://127.0.0.1:$(api_port "$i")\""
    toml_set "$home/config/client.toml" \
      chain-id "\"$CHAIN_ID\"" \
      keyring-backend '"test"' \
      node "\"tcp://127.0.0.1:$(rpc_port "$i")\""
  done
  printf 'N=%s\nBASE_PORT=%s\n' "$N" "$BASE_PORT" >"$STATE"
}

check_ports() {
  local i taken=() spec name port
  for ((i = 0; i < N; i++)); do
    for spec in "P2P:$(p2p_port "$i")" "RPC:$(rpc_port "$i")" "gRPC:$(grpc_port "$i")" \
                "REST:$(api_port "$i")" "Prometheus:$(prom_port "$i")"; do
      name="${spec%%:*}" port="${spec##*:}"
      if port_in_use "$port"; then taken+=("node$i $name port $port is already in use"); fi
    done
  done
  if [ ${#taken[@]} -gt 0 ]; then
    printf 'testnet: %s\n' "${taken[@]}" >&2
    die "choose other ports with --base-port P (make testnet-start BASE_PORT=P) or NEXUS_TESTNET_BASE_PORT"
  fi
}

# ---------------------------------------------------------------- commands
cmd_start() {
  if [ ! -x "$BIN" ]; then
    echo "building nexusd..."
    make -C "$ROOT" build >/dev/null
  fi
  local i running=0
  if [ -n "$SAVED_N" ]; then
    for ((i = 0; i < SAVED_N; i++)); do
      if pid_of "$i" >/dev/null; then running=$((running + 1)); fi
    done
  fi
  if [ "$running" -gt 0 ]; then
    die "$running node(s) of the testnet in $DIR are already running; see 'make testnet-status' or stop them with 'make testnet-stop'"
  fi

  check_ports
  if [ "$RESET" = 1 ] || [ ! -f "$(home_of 0)/config/genesis.json" ] || [ -z "$SAVED_N" ]; then
    create_chain
  elif [ "$SAVED_N" != "$N" ]; then
    die "the testnet in $DIR has $SAVED_N validators, not $N; use --reset (make testnet-start N=$N RESET=1) for a new chain"
  else
    echo "reusing $CHAIN_ID with $N validators in $DIR (--reset for a fresh chain)"
  fi
  configure_nodes

  for ((i = 0; i < N; i++)); do
    local home log
    home="$(home_of "$i")" log="$(logfile_of "$i")"
    nohup "$BIN" start --home "$home" --log_no_color >>"$log" 2>&1 </dev/null &
    echo $! >"$(pidfile_of "$i")"
  done
  echo "started $N nodes; waiting for blocks..."

  # The chain must commit a new block (past height 1 and past the height it
  # stopped at, for a restarted chain) within 90 s.
  local deadline=$((SECONDS + 90)) h h0=""
  while :; do
    for ((i = 0; i < N; i++)); do
      if ! pid_of "$i" >/dev/null; then
        echo "testnet: node$i exited; last lines of $(logfile_of "$i"):" >&2
        tail -n 30 "$(logfile_of "$i")" >&2 || true
        cmd_stop >&2
        exit 1
      fi
    done
    h="$(height_of 0)"
    if [ -z "$h0" ] && [ "${h:-0}" -gt 0 ]; then h0="$h"; fi
    if [ -n "$h0" ] && [ "$h" -gt "$h0" ] && [ "$h" -ge 2 ]; then break; fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "testnet: no block within 90 s (height ${h:-?}); logs are in $DIR/node*/nexusd.log" >&2
      exit 1
    fi
    sleep 1
  done
  echo
  cmd_status
  echo
  echo "Logs: $DIR/node<i>/nexusd.log   Keys: val<i> in node<i>, ${USERS[*]} in node0 (mnemonics in $DIR/mnemonics/)"
  echo "Try:  $BIN q bank balances \$($BIN keys show alice -a --home $(home_of 0)) --home $(home_of 0)"
  echo "Stop: make testnet-stop"
}

height_of() {
  node -e '
    fetch(process.argv[1]).then(r => r.json())
      .then(j => console.log(j.result.sync_info.latest_block_height))
      .catch(() => console.log(0));
  ' "http://127.0.0.1:$(rpc_port "$1")/status"
}

cmd_status() {
  [ -n "$SAVED_N" ] || [ -f "$STATE" ] || die "no testnet in $DIR; create one with 'make testnet-start'"
  local i args=()
  for ((i = 0; i < N; i++)); do
    local pid
    pid="$(pid_of "$i" || true)"
    args+=("node$i" "${pid:--}" "$(p2p_port "$i")" "$(rpc_port "$i")" "$(grpc_port "$i")" "$(api_port "$i")" "$(prom_port "$i")")
  done
  echo "$CHAIN_ID — $N validators in $DIR"
  # Node 20 has fetch; everything is asked in parallel with a 3 s timeout.
  node -e '
    const a = process.argv.slice(1);
    const rows = [];
    for (let i = 0; i < a.length; i += 7) rows.push(a.slice(i, i + 7));
    const get = (port, path) => fetch(`http://127.0.0.1:${port}/${path}`, { signal: AbortSignal.timeout(3000) })
      .then(r => r.json()).then(j => j.result).catch(() => null);
    Promise.all(rows.map(async ([name, pid, p2p, rpc, grpc, api, prom]) => {
      if (pid === "-") return { name, state: "stopped", p2p, rpc, grpc, api, prom };
      const [st, net] = await Promise.all([get(rpc, "status"), get(rpc, "net_info")]);
      if (!st) return { name, state: `pid ${pid}, RPC not answering`, p2p, rpc, grpc, api, prom };
      const peers = net ? net.peers.map(p => p.node_info.moniker).sort() : [];
      return {
        name, p2p, rpc, grpc, api, prom,
        state: `pid ${pid}`,
        height: st.sync_info.latest_block_height,
        syncing: st.sync_info.catching_up ? "catching up" : "",
        peers: `${peers.length} (${peers.join(",")})`,
      };
    })).then(out => {
      const head = ["node", "process", "height", "peers", "RPC", "P2P", "gRPC", "REST", "metrics", ""];
      const lines = [head].concat(out.map(o => [o.name, o.state, o.height ?? "-", o.peers ?? "-",
        o.rpc, o.p2p, o.grpc, o.api, o.prom, o.syncing ?? ""]));
      const w = head.map((_, c) => Math.max(...lines.map(l => String(l[c]).length)));
      for (const l of lines) console.log("  " + l.map((v, c) => String(v).padEnd(w[c])).join("  ").trimEnd());
    });
  ' "${args[@]}"
}

cmd_stop() {
  [ -n "$SAVED_N" ] || { echo "no testnet in $DIR"; return 0; }
  local i pid pids=() names=()
  for ((i = 0; i < SAVED_N; i++)); do
    if pid="$(pid_of "$i")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid") names+=("node$i")
    fi
    rm -f "$(pidfile_of "$i")"
  done
  if [ ${#pids[@]} -eq 0 ]; then
    echo "no testnet node is running"
    return 0
  fi
  # Wait up to 20 s for a clean shutdown, then SIGKILL what is left.
  local deadline=$((SECONDS + 20)) alive
  while :; do
    alive=()
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then alive+=("$pid"); fi
    done
    [ ${#alive[@]} -gt 0 ] || break
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "testnet: killing ${alive[*]} (did not stop within 20 s)" >&2
      kill -KILL "${alive[@]}" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  echo "stopped ${names[*]}"
}

cmd_reset() {
  cmd_stop
  rm -rf "$DIR"
  echo "removed $DIR"
}

case "$CMD" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  reset) cmd_reset ;;
  -h|--help|help) usage ;;
  *) die "unknown command: $CMD (start, stop, status or reset)" ;;
esac
