#!/usr/bin/env node
// Sends a PIVC-charged payment on a Nexus devnet and prints its receipt.
//
//   make devnet                                  # terminal 1, repository root
//   cd clients/ts && npm ci && npm run build     # terminal 2
//   node examples/pivc-transfer.mjs [amount-in-uazr] [reference]
//
// alice pays bob with x/ledger's MsgTransfer under a payment reference.
// The receipt shows what the chain did: alice is debited the amount, the
// 5% PIVC and the gas fee; bob is credited exactly the amount; the PIVC is
// split between the growth and UBO pools. Every number is read back from
// the chain (balances before and after, the pools, the tx's events).
//
// Environment: NEXUS_RPC_URL (default http://127.0.0.1:26657) and
// NEXUS_DEVNET_HOME (default the repository's .devnet, where `make devnet`
// keeps the dev keys' mnemonics).
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { BECH32_PREFIX, connectNexus, quotePivc } from "@azora-os/nexus-client";

const rpcUrl = process.env.NEXUS_RPC_URL ?? "http://127.0.0.1:26657";
const home = process.env.NEXUS_DEVNET_HOME ?? resolve(dirname(fileURLToPath(import.meta.url)), "../../../.devnet");
const amount = { denom: "uazr", amount: process.argv[2] ?? "1000000" }; // 1 AZR
const reference = process.argv[3] ?? `example-${Date.now()}`;

const keyOf = async (name) => {
  const { mnemonic } = JSON.parse(readFileSync(join(home, "mnemonics", `${name}.json`), "utf8"));
  return DirectSecp256k1HdWallet.fromMnemonic(mnemonic, { prefix: BECH32_PREFIX });
};
const alice = await keyOf("alice");
const [{ address: from }] = await alice.getAccounts();
const [{ address: to }] = await (await keyOf("bob")).getAccounts();

const client = await connectNexus(rpcUrl, alice);
const pools = await client.nexus.pivc.Pools({});
const balances = () =>
  Promise.all([from, to, pools.growthAddress, pools.uboAddress].map(async (a) => BigInt((await client.getBalance(a, "uazr")).amount)));

const quote = quotePivc(amount, await client.pivcRates());
console.log(`chain ${await client.getChainId()} at ${rpcUrl}`);
console.log(`quote: ${amount.amount}uazr costs the sender ${quote.total[0].amount}uazr (PIVC ${quote.fee[0].amount}uazr at ${quote.rateBps / 100}%) plus gas`);

const [a0, b0, g0, u0] = await balances();
const receipt = await client.transfer(from, to, amount, reference, { memo: "example payment" });
const [a1, b1, g1, u1] = await balances();

const fmt = (coins) => coins.map((c) => `${c.amount}${c.denom}`).join(",") || "0uazr";
console.log(`receipt: tx ${receipt.transactionHash} in block ${receipt.height}, reference "${reference}", gas used ${receipt.gasUsed}`);
console.log(`  sender debit:     ${a0 - a1}uazr = amount ${amount.amount} + PIVC ${fmt(receipt.pivcFee)} + gas fee ${fmt(receipt.txFee)}`);
console.log(`  recipient credit: ${b1 - b0}uazr`);
console.log(`  PIVC split:       growth pool +${g1 - g0}uazr, UBO pool +${u1 - u0}uazr (event: growth ${fmt(receipt.toGrowth)}, UBO ${fmt(receipt.toUbo)})`);
client.disconnect();
