#!/usr/bin/env bash
# Runs a one-validator Nexus devnet (chain-id nexus-devnet-1) in the foreground.
#
#   scripts/devnet.sh            reuse .devnet/ if it exists, else create it
#   scripts/devnet.sh --reset    delete .devnet/ and create a fresh chain
#
# Environment (all optional):
#   NEXUS_DEVNET_HOME   node home            (default: <repo>/.devnet)
#   NEXUS_RPC_PORT      CometBFT RPC         (default: 26657)
#   NEXUS_P2P_PORT      CometBFT P2P         (default: 26656)
#   NEXUS_GRPC_PORT     gRPC                 (default: 9090)
#   NEXUS_API_PORT      REST                 (default: 1317)
#   NEXUS_PROM_PORT     Prometheus metrics   (default: 26660)
#   NEXUS_DEVNET_AGENT_PORT  nexus-agent HTTP API (default: 8731)
#   NEXUS_AGENT         the nexus-agent binary (default: <repo>/build/nexus-agent)
#   NEXUS_DEVNET_AGENT=0        run the node without the agent
#   NEXUS_DEVNET_SETUP_ONLY=1   create the chain, print, do not start
#
# The Nexus agent (build/nexus-agent) runs beside the node with the devnet's
# `reporter` key; its home (config, SQLite store, log) is <home>/agent.
#
# Keys use the `test` keyring backend (no passphrase) — devnet only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${NEXUSD:-$ROOT/build/nexusd}"
AGENT_BIN="${NEXUS_AGENT:-$ROOT/build/nexus-agent}"
RUN_AGENT="${NEXUS_DEVNET_AGENT:-1}"
HOME_DIR="${NEXUS_DEVNET_HOME:-$ROOT/.devnet}"
CHAIN_ID="nexus-devnet-1"
KR=(--keyring-backend test --home "$HOME_DIR")

RPC_PORT="${NEXUS_RPC_PORT:-26657}"
P2P_PORT="${NEXUS_P2P_PORT:-26656}"
GRPC_PORT="${NEXUS_GRPC_PORT:-9090}"
API_PORT="${NEXUS_API_PORT:-1317}"
PROM_PORT="${NEXUS_PROM_PORT:-26660}"
AGENT_PORT="${NEXUS_DEVNET_AGENT_PORT:-8731}"

# Devnet accounts: name → genesis balance. Role holders are added here as the
# modules that define the roles land.
ACCOUNTS=(validator alice bob attester officer) # x/aegis: attester verifies accounts; officer freezes
ACCOUNTS+=(registrar reporter) # x/mesh: registers nodes; submits feedback (the key the Nexus agent will use)
# x/mint roles: "treasurer" issues AZR within its allowance; "issuer" issues
# the example a-Token a/kasi.
ACCOUNTS+=(treasurer issuer)
ACCOUNTS+=(arbiter custodian) # x/forge: resolves disputes; holds physical assets and records handovers
VALIDATOR_BALANCE="1000000000000uazr,1000000000ustake" # 1,000,000 AZR + 1,000 STAKE
USER_BALANCE="100000000000uazr"                        # 100,000 AZR
SELF_BOND="100000000ustake"                            # 100 STAKE of voting power
MAX_POWER=1000                                         # x/aegis admission: up to 1,000 STAKE bonded
VOTING_PERIOD="20s"

RESET=0
for arg in "$@"; do
  case "$arg" in
    --reset) RESET=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (try --help)" >&2; exit 2 ;;
  esac
done

if [ ! -x "$BIN" ] || { [ "$RUN_AGENT" = 1 ] && [ ! -x "$AGENT_BIN" ]; }; then
  echo "building nexusd and nexus-agent..."
  make -C "$ROOT" build >/dev/null
fi

port_in_use() {
  # A connect succeeds if anything listens on the port (0.0.0.0 or loopback).
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

taken=()
for spec in "RPC:$RPC_PORT:NEXUS_RPC_PORT" "P2P:$P2P_PORT:NEXUS_P2P_PORT" "gRPC:$GRPC_PORT:NEXUS_GRPC_PORT" \
            "REST:$API_PORT:NEXUS_API_PORT" "Prometheus:$PROM_PORT:NEXUS_PROM_PORT" \
            $([ "$RUN_AGENT" = 1 ] && echo "nexus-agent:$AGENT_PORT:NEXUS_DEVNET_AGENT_PORT"); do
  IFS=: read -r name port var <<<"$spec"
  if port_in_use "$port"; then
    taken+=("$name port $port is already in use (set $var to choose another)")
  fi
done
if [ ${#taken[@]} -gt 0 ]; then
  printf 'devnet: %s\n' "${taken[@]}" >&2
  exit 1
fi

# json_edit FILE JS — edits a JSON file in place with a Node.js expression
# over `g` (Node is the only scripting runtime we can rely on).
json_edit() {
  node -e '
    const fs = require("fs");
    const f = process.argv[1];
    const g = JSON.parse(fs.readFileSync(f, "utf8"));
    (new Function("g", process.argv[2]))(g);
    fs.writeFileSync(f, JSON.stringify(g, null, 1) + "\n");
  ' "$1" "$2"
}

create_chain() {
  echo "creating $CHAIN_ID in $HOME_DIR"
  rm -rf "$HOME_DIR"
  "$BIN" init devnet --chain-id "$CHAIN_ID" --home "$HOME_DIR" >/dev/null 2>&1
  mkdir -p "$HOME_DIR/mnemonics"
  chmod 700 "$HOME_DIR/mnemonics"

  for name in "${ACCOUNTS[@]}"; do
    "$BIN" keys add "$name" "${KR[@]}" --output json >"$HOME_DIR/mnemonics/$name.json" 2>&1
    chmod 600 "$HOME_DIR/mnemonics/$name.json"
    if [ "$name" = validator ]; then
      "$BIN" genesis add-genesis-account "$name" "$VALIDATOR_BALANCE" "${KR[@]}"
    else
      "$BIN" genesis add-genesis-account "$name" "$USER_BALANCE" "${KR[@]}"
    fi
  done

  # x/aegis: the genesis validator must be on the admission list (issue 9).
  "$BIN" genesis admit-validator validator "$MAX_POWER" "${KR[@]}" >/dev/null
  "$BIN" genesis gentx validator "$SELF_BOND" --chain-id "$CHAIN_ID" --moniker devnet "${KR[@]}" >/dev/null 2>&1
  "$BIN" genesis collect-gentxs --home "$HOME_DIR" >/dev/null 2>&1

  # Short governance periods so a proposal passes in seconds.
  json_edit "$HOME_DIR/config/genesis.json" "
    const p = g.app_state.gov.params;
    p.voting_period = '$VOTING_PERIOD';
    p.max_deposit_period = '$VOTING_PERIOD';
    p.expedited_voting_period = '10s';
  "
  # x/mesh: grant the registrar and reporter roles.
  local mesh_registrar mesh_reporter
  mesh_registrar="$("$BIN" keys show registrar -a "${KR[@]}")"
  mesh_reporter="$("$BIN" keys show reporter -a "${KR[@]}")"
  json_edit "$HOME_DIR/config/genesis.json" "
    g.app_state.mesh.roles = [
      { role: 'ROLE_REGISTRAR', address: '$mesh_registrar' },
      { role: 'ROLE_REPORTER', address: '$mesh_reporter' },
    ];
  "

  # x/mint: one example a-Token (a/kasi, issued by "issuer", cap 1,000,000,000
  # KASI) and one treasurer ("treasurer", allowance 1,000,000 AZR).
  json_edit "$HOME_DIR/config/genesis.json" "
    const m = g.app_state.mint;
    m.a_tokens = [{
      symbol: 'kasi', name: 'Kasi Rand', exponent: 6,
      description: 'Local currency of the Kasi economy (devnet example).',
      issuer: '$("$BIN" keys show issuer -a "${KR[@]}")',
      max_supply: '1000000000000000', minting_paused: false, chartered_height: '0'
    }];
    m.treasurers = [{ address: '$("$BIN" keys show treasurer -a "${KR[@]}")', allowance: '1000000000000' }];
  "

  # x/aegis: the default constitution comes with `nexusd init`. The dev
  # accounts are verified (validator institutional, alice and bob standard)
  # and the attester and officer keys hold their roles.
  local attester officer
  attester="$("$BIN" keys show attester -a "${KR[@]}")"
  officer="$("$BIN" keys show officer -a "${KR[@]}")"
  json_edit "$HOME_DIR/config/genesis.json" "
    const a = g.app_state.aegis;
    const verify = (address, tier) => a.standings.push({address, tier, attestation_ref: 'devnet', attester: '$attester'});
    verify('$("$BIN" keys show validator -a "${KR[@]}")', 'institutional');
    verify('$("$BIN" keys show alice -a "${KR[@]}")', 'standard');
    verify('$("$BIN" keys show bob -a "${KR[@]}")', 'standard');
    a.roles.push({role: 'ROLE_ATTESTER', address: '$attester'}, {role: 'ROLE_OFFICER', address: '$officer'});
  "

  # x/forge: "custodian" holds the custodian role (its facility holds
  # registered assets), "arbiter" the arbiter role (resolves disputes). Orders
  # expire after an hour (default: 14 days) so an expiry refund can be seen,
  # and an undecided dispute is refunded after an hour (default: 30 days).
  json_edit "$HOME_DIR/config/genesis.json" "
    const f = g.app_state.forge;
    f.roles = [
      { role: 'ROLE_CUSTODIAN', address: '$("$BIN" keys show custodian -a "${KR[@]}")' },
      { role: 'ROLE_ARBITER', address: '$("$BIN" keys show arbiter -a "${KR[@]}")' },
    ];
    f.params.order_ttl = '3600s';
    f.params.dispute_ttl = '3600s';
  "

  # x/pivc: allocate the UBO pool every 100 blocks (default: a day) so an
  # allocation can be watched on the devnet.
  json_edit "$HOME_DIR/config/genesis.json" "
    g.app_state.pivc.params.epoch_blocks = '100';
  "
  # x/ledger: a checkpoint every 10 blocks (default 100) so
  # 'nexusd q ledger verify-checkpoint' has one to prove within seconds.
  json_edit "$HOME_DIR/config/genesis.json" "
    g.app_state.ledger.params.checkpoint_interval = '10';
  "
  "$BIN" genesis validate-genesis --home "$HOME_DIR" >/dev/null

  # Client defaults so CLI commands need only --home.
  "$BIN" config set client chain-id "$CHAIN_ID" --home "$HOME_DIR"
  "$BIN" config set client keyring-backend test --home "$HOME_DIR"
}

configure_ports() {
  local set=("$BIN" config set)
  "${set[@]}" config rpc.laddr "tcp://127.0.0.1:$RPC_PORT" --home "$HOME_DIR" -s
  "${set[@]}" config p2p.laddr "tcp://127.0.0.1:$P2P_PORT" --home "$HOME_DIR" -s
  "${set[@]}" config instrumentation.prometheus_listen_addr "127.0.0.1:$PROM_PORT" --home "$HOME_DIR" -s
  "${set[@]}" app grpc.address "127.0.0.1:$GRPC_PORT" --home "$HOME_DIR"
  "${set[@]}" app api.address "tcp://127.0.0.1:$API_PORT" --home "$HOME_DIR"
  "${set[@]}" client node "tcp://127.0.0.1:$RPC_PORT" --home "$HOME_DIR"
}

if [ "$RESET" = 1 ] || [ ! -f "$HOME_DIR/config/genesis.json" ]; then
  create_chain
else
  echo "reusing $CHAIN_ID in $HOME_DIR (use --reset for a fresh chain)"
fi
configure_ports

echo
echo "Nexus devnet — chain-id $CHAIN_ID"
echo "  home:        $HOME_DIR"
echo "  accounts (keyring-backend test; mnemonics in $HOME_DIR/mnemonics/):"
for name in "${ACCOUNTS[@]}"; do
  printf '    %-10s %s\n' "$name" "$("$BIN" keys show "$name" -a "${KR[@]}")"
done
echo "  endpoints:"
echo "    CometBFT RPC  http://127.0.0.1:$RPC_PORT"
echo "    REST          http://127.0.0.1:$API_PORT   (OpenAPI of the Nexus routes: /nexus/openapi.json; SDK Swagger UI: /swagger/)"
echo "    gRPC          127.0.0.1:$GRPC_PORT"
echo "    P2P           tcp://127.0.0.1:$P2P_PORT"
echo "    Prometheus    http://127.0.0.1:$PROM_PORT/metrics"
if [ "$RUN_AGENT" = 1 ]; then
  AGENT_HOME="$HOME_DIR/agent"
  echo "  nexus-agent   http://127.0.0.1:$AGENT_PORT   (key 'reporter', x/mesh reporter role; home $AGENT_HOME, log $AGENT_HOME/agent.log)"
fi
echo "  try:"
echo "    $BIN q bank balances \$($BIN keys show alice -a --home $HOME_DIR) --home $HOME_DIR"
if [ "$RUN_AGENT" = 1 ]; then
  echo "    $AGENT_BIN status --home $AGENT_HOME"
  echo "    $AGENT_BIN actions --home $AGENT_HOME"
  echo "    $AGENT_BIN demo-traffic --home $AGENT_HOME     # then open http://127.0.0.1:$AGENT_PORT/"
fi
echo

if [ "${NEXUS_DEVNET_SETUP_ONLY:-0}" = 1 ]; then
  exit 0
fi
if [ "$RUN_AGENT" != 1 ]; then
  exec "$BIN" start --home "$HOME_DIR"
fi

# The agent's config: the devnet's endpoints, the reporter key in the
# devnet keyring, SQLite in its home, the devnet's genesis as the trust
# root of checkpoint proofs. `nexus-agent config` validates the
# settings and writes them out in full.
# Devnet time scales: the models refit every 10 blocks, forecasts use
# 10-second buckets with a one-minute season, the anomaly model a two-minute
# window on 20 minutes of history — so `nexus-agent demo-traffic` fills the
# dashboard (http://127.0.0.1:$AGENT_PORT/) within a few minutes.
mkdir -p "$AGENT_HOME"
"$AGENT_BIN" config --home "$AGENT_HOME" --config /dev/null \
  --chain-id "$CHAIN_ID" --node "http://127.0.0.1:$RPC_PORT|127.0.0.1:$GRPC_PORT" \
  --keyring-backend test --keyring-dir "$HOME_DIR" --keyring-key reporter \
  --api-listen "127.0.0.1:$AGENT_PORT" \
  --plan-reconcile-trust-genesis "$HOME_DIR/config/genesis.json" \
  --plan-develop-every-blocks 10 --plan-develop-bucket 10s --plan-develop-season 6 \
  --plan-develop-window 120 --plan-develop-horizon 6 \
  --plan-develop-anomaly-window 2m --plan-develop-anomaly-history 20m \
  --governor-max-actions-per-hour 3600 >"$AGENT_HOME/agent.toml.new"
mv "$AGENT_HOME/agent.toml.new" "$AGENT_HOME/agent.toml"

"$BIN" start --home "$HOME_DIR" &
NODE_PID=$!
AGENT_PID=""
stop_all() {
  trap - INT TERM
  [ -n "$AGENT_PID" ] && kill -TERM "$AGENT_PID" 2>/dev/null || true
  kill -TERM "$NODE_PID" 2>/dev/null || true
  [ -n "$AGENT_PID" ] && wait "$AGENT_PID" 2>/dev/null || true
  wait "$NODE_PID" 2>/dev/null || true
  exit 0
}
trap stop_all INT TERM

# The agent starts once the node answers (it would retry anyway).
for _ in $(seq 1 120); do
  if port_in_use "$RPC_PORT" && port_in_use "$GRPC_PORT"; then break; fi
  if ! kill -0 "$NODE_PID" 2>/dev/null; then wait "$NODE_PID"; exit $?; fi
  sleep 0.5
done
"$AGENT_BIN" start --home "$AGENT_HOME" >>"$AGENT_HOME/agent.log" 2>&1 &
AGENT_PID=$!
echo "nexus-agent started (pid $AGENT_PID): http://127.0.0.1:$AGENT_PORT/status"

wait "$NODE_PID"
code=$?
kill -TERM "$AGENT_PID" 2>/dev/null || true
wait "$AGENT_PID" 2>/dev/null || true
exit "$code"
