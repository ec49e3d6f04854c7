// The wallet metadata (clients/registry): chain.json and assetlist.json in
// the chain-registry format, type-checked against @chain-registry/types and
// checked against the running devnet; and the Keplr config generated from
// them with @chain-registry/keplr.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import ts from "typescript";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { camelize, keplrChainInfo, keplrFile, keplrJSON, readRegistry } from "../scripts/registry.mjs";
import { address, connect, getJSON, rpcUrl } from "./helpers.mjs";

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), "..");

// typeCheck compiles `const chain: Chain = ...; const assets: AssetList =
// ...` with the chain-registry types and returns the compiler's errors. An
// object literal is checked field by field: a misspelt key, a wrong type or
// a value outside an enum ("network_type": "devnett") is an error.
function typeCheck(chain, assetList) {
  const fileName = join(pkgDir, "test", "__registry_check__.ts");
  const source = [
    'import type { AssetList, Chain } from "@chain-registry/types";',
    `export const chain: Chain = ${JSON.stringify(camelize(chain), null, 2)};`,
    `export const assets: AssetList = ${JSON.stringify(camelize(assetList), null, 2)};`,
  ].join("\n");
  const options = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, lang, ...rest) => (name === fileName ? ts.createSourceFile(name, source, lang) : getSourceFile.call(host, name, lang, ...rest));
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  host.readFile = (name) => (name === fileName ? source : readFile.call(host, name));
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("wallet metadata", () => {
  const { chain, assetList } = readRegistry();
  let client, status;
  before(async () => {
    ({ client } = await connect("alice"));
    const comet = await Comet38Client.connect(rpcUrl());
    status = await comet.status();
    comet.disconnect();
  });
  after(() => client.disconnect());

  it("chain.json and assetlist.json type-check against @chain-registry/types", () => {
    assert.deepEqual(typeCheck(chain, assetList), []);
    // The check can fail: a value outside the schema's enum and a misspelt key.
    assert.match(typeCheck({ ...chain, network_type: "devnett" }, assetList).join("\n"), /"devnett"/);
    assert.match(typeCheck({ ...chain, bech32_prefx: "azora" }, assetList).join("\n"), /bech32Prefx/);
  });

  it("names the running chain: chain id, prefixes, daemon", async () => {
    assert.equal(chain.chain_id, status.nodeInfo.network);
    assert.equal(chain.chain_type, "cosmos");
    assert.equal(chain.network_type, "devnet");
    const alice = await address("alice");
    assert.ok(alice.startsWith(chain.bech32_prefix + "1"));
    assert.equal((await getJSON("/cosmos/auth/v1beta1/bech32")).body.bech32_prefix, chain.bech32_prefix);
    const vals = (await getJSON("/cosmos/staking/v1beta1/validators")).body.validators;
    assert.ok(vals.length > 0 && vals.every((v) => v.operator_address.startsWith(chain.bech32_config.bech32PrefixValAddr + "1")));
    assert.equal(chain.bech32_config.bech32PrefixAccAddr, chain.bech32_prefix);
    assert.equal(chain.codebase.sdk.version, "v0.54.4");
    assert.equal(chain.codebase.consensus.version, "v" + status.nodeInfo.version);
  });

  it("has the staking denom and the fee token the chain uses", async () => {
    const staking = (await getJSON("/cosmos/staking/v1beta1/params")).body.params;
    assert.deepEqual(chain.staking.staking_tokens, [{ denom: staking.bond_denom }]);
    const [fee] = chain.fees.fee_tokens;
    assert.equal(chain.fees.fee_tokens.length, 1);
    assert.equal(fee.denom, "uazr");
    assert.ok(fee.fixed_min_gas_price <= fee.low_gas_price && fee.low_gas_price <= fee.average_gas_price && fee.average_gas_price <= fee.high_gas_price);
  });

  it("fixed_min_gas_price is the fee a transfer actually needs", async () => {
    const alice = await address("alice");
    const bob = await address("bob");
    const send = { typeUrl: "/cosmos.bank.v1beta1.MsgSend", value: { fromAddress: alice, toAddress: bob, amount: [{ denom: "uazr", amount: "1000" }] } };
    const gas = Math.ceil((await client.simulate(alice, [send], "")) * 1.4);
    const [fee] = chain.fees.fee_tokens;
    const needed = Math.ceil(gas * fee.fixed_min_gas_price);
    // One unit less is refused by CheckTx as an insufficient fee...
    await assert.rejects(client.signAndBroadcast(alice, [send], { amount: [{ denom: fee.denom, amount: String(needed - 1) }], gas: String(gas) }), (e) => {
      assert.equal(e.codespace, "sdk");
      assert.equal(e.code, 13);
      assert.match(e.log, /insufficient fee/);
      return true;
    });
    // ...and exactly the minimum is accepted.
    const ok = await client.signAndBroadcast(alice, [send], { amount: [{ denom: fee.denom, amount: String(needed) }], gas: String(gas) });
    assert.equal(ok.code, 0, ok.rawLog);
  });

  it("lists every denom the chain describes, exactly as bank describes it", async () => {
    const metas = (await getJSON("/cosmos/bank/v1beta1/denoms_metadata")).body.metadatas;
    assert.deepEqual(assetList.assets.map((a) => a.base).sort(), metas.map((m) => m.base).sort());
    for (const a of assetList.assets) {
      const m = metas.find((x) => x.base === a.base);
      assert.deepEqual(
        { description: a.description, name: a.name, symbol: a.symbol, display: a.display, units: a.denom_units.map((u) => ({ denom: u.denom, exponent: u.exponent, aliases: u.aliases ?? [] })) },
        { description: m.description, name: m.name, symbol: m.symbol, display: m.display, units: m.denom_units.map((u) => ({ denom: u.denom, exponent: u.exponent, aliases: u.aliases ?? [] })) },
        a.base,
      );
      assert.equal(a.type_asset, "sdk.coin");
    }
    assert.ok(assetList.assets.some((a) => a.base === "a/kasi"), "the devnet a-Token");
    assert.equal(assetList.chain_name, chain.chain_name);
  });

  it("points at the devnet's default endpoints", () => {
    const script = readFileSync(join(pkgDir, "..", "..", "scripts", "devnet.sh"), "utf8");
    const port = (v) => script.match(new RegExp(`${v}:-(\\d+)`))[1];
    assert.deepEqual(chain.apis.rpc.map((e) => e.address), [`http://127.0.0.1:${port("NEXUS_RPC_PORT")}`]);
    assert.deepEqual(chain.apis.rest.map((e) => e.address), [`http://127.0.0.1:${port("NEXUS_API_PORT")}`]);
    assert.deepEqual(chain.apis.grpc.map((e) => e.address), [`127.0.0.1:${port("NEXUS_GRPC_PORT")}`]);
  });

  it("the Keplr config is what @chain-registry/keplr makes of them (npm run keplr)", async () => {
    const info = await keplrChainInfo();
    assert.equal(readFileSync(keplrFile, "utf8"), keplrJSON(info), "clients/registry/keplr-chain-info.json is stale: run npm run keplr");
    assert.equal(info.chainId, chain.chain_id);
    assert.equal(info.bech32Config.bech32PrefixAccAddr, chain.bech32_prefix);
    assert.equal(info.stakeCurrency.coinMinimalDenom, chain.staking.staking_tokens[0].denom);
    assert.deepEqual(info.feeCurrencies.map((c) => [c.coinMinimalDenom, c.gasPriceStep.low]), [["uazr", chain.fees.fee_tokens[0].low_gas_price]]);
    assert.ok(info.currencies.some((c) => c.coinMinimalDenom === "a/kasi" && c.coinDecimals === 6));
    // No IBC features: the chain runs no IBC module.
    assert.ok(!info.features.some((f) => f.startsWith("ibc")));
    assert.equal((await getJSON("/ibc/apps/transfer/v1/params")).status, 501);
  });
});
