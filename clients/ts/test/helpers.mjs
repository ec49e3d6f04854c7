// Shared set-up of the tests that run against a devnet. The Go system test
// tests/system/clients_test.go (TestClients, part of `make test`) starts one
// with scripts/devnet.sh on free ports and runs these tests with:
//   NEXUS_RPC_URL      CometBFT RPC of the node
//   NEXUS_REST_URL     REST gateway of the node
//   NEXUS_DEVNET_HOME  the devnet's home (keys' mnemonics in mnemonics/)
//   NEXUS_AMINO_VECTORS, NEXUS_AMINO_ROUNDTRIP_OUT  see amino.test.mjs
// To run them against your own `make devnet`, see README.md ("Tests").
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Secp256k1HdWallet } from "@cosmjs/amino";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { BECH32_PREFIX, connectNexus } from "@azora-os/nexus-client";

export function env(name) {
  const v = process.env[name];
  if (!v) {
    throw new Error(
      `${name} is not set. These tests run against a devnet: \`go test -run TestClients ./tests/system/\` starts one and sets it (see clients/ts/README.md).`,
    );
  }
  return v;
}

export const rpcUrl = () => env("NEXUS_RPC_URL");
export const restUrl = () => env("NEXUS_REST_URL");

/** mnemonic of a devnet key (scripts/devnet.sh writes mnemonics/<name>.json). */
export function mnemonic(name) {
  return JSON.parse(readFileSync(join(env("NEXUS_DEVNET_HOME"), "mnemonics", `${name}.json`), "utf8")).mnemonic;
}

/** wallet of a devnet key: protobuf (SIGN_MODE_DIRECT) or amino JSON. */
export function wallet(name, { amino = false } = {}) {
  return amino
    ? Secp256k1HdWallet.fromMnemonic(mnemonic(name), { prefix: BECH32_PREFIX })
    : DirectSecp256k1HdWallet.fromMnemonic(mnemonic(name), { prefix: BECH32_PREFIX });
}

export async function address(name) {
  const [a] = await (await wallet(name)).getAccounts();
  return a.address;
}

/** connect returns a NexusClient signing as the devnet key `name`, and its address. */
export async function connect(name, opts = {}) {
  const w = await wallet(name, opts);
  const [a] = await w.getAccounts();
  const client = await connectNexus(rpcUrl(), w);
  return { client, address: a.address };
}

/** balance of addr in denom, as a bigint. */
export async function balance(client, addr, denom = "uazr") {
  return BigInt((await client.getBalance(addr, denom)).amount);
}

/** amountOf returns the amount of denom in a coin list, as a bigint. */
export const amountOf = (coins, denom = "uazr") => BigInt(coins.find((c) => c.denom === denom)?.amount ?? 0);

/** txFee is the fee (gas) paid by a broadcast transaction, read back from the chain. */
export async function txFee(client, hash, denom = "uazr") {
  const tx = await client.getTx(hash);
  const { Tx } = await import("cosmjs-types/cosmos/tx/v1beta1/tx");
  return amountOf(Tx.decode(tx.tx).authInfo.fee.amount, denom);
}

let counter = 0;
/** ref returns a payment reference no test used before. */
export const ref = (prefix) => `${prefix}-${process.pid}-${Date.now()}-${counter++}`;

/** getJSON fetches a REST path of the node. */
export async function getJSON(path) {
  const res = await fetch(restUrl() + path);
  return { status: res.status, body: await res.json().catch(() => undefined) };
}
