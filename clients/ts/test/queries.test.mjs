// Typed queries and the compliance check: the devnet's a-Token read through
// x/mint's query client, and x/aegis refusing a transfer over alice's tier
// limit — in the query and, for real, when the same transaction is sent.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { aTokenDenom, nexusMsgs, NexusTxError, paymentDeadline } from "@azora-os/nexus-client";
import { address, balance, connect, getJSON } from "./helpers.mjs";

describe("typed queries", () => {
  let client, alice, bob;
  before(async () => {
    ({ client, address: alice } = await connect("alice"));
    bob = await address("bob");
  });
  after(() => client.disconnect());

  it("reads the devnet a-Token a/kasi through x/mint", async () => {
    const issuer = await address("issuer");
    const { aToken, denom, supply } = await client.nexus.mint.AToken({ symbol: "kasi" });
    assert.equal(denom, aTokenDenom("kasi"));
    assert.deepEqual(
      { symbol: aToken.symbol, name: aToken.name, exponent: aToken.exponent, issuer: aToken.issuer, maxSupply: aToken.maxSupply, paused: aToken.mintingPaused },
      { symbol: "kasi", name: "Kasi Rand", exponent: 6, issuer, maxSupply: "1000000000000000", paused: false },
    );
    assert.equal(supply.denom, "a/kasi");
    // The list has it, and bank has its metadata so wallets can show it.
    const { aTokens } = await client.nexus.mint.ATokens({});
    assert.ok(aTokens.some((t) => t.symbol === "kasi"));
    const md = await client.query.bank.denomMetadata("a/kasi");
    assert.equal(md.display, "kasi");
    assert.deepEqual(md.denomUnits.map((u) => [u.denom, u.exponent]), [["a/kasi", 0], ["kasi", 6]]);
    // The same over REST.
    const rest = await getJSON("/azora/mint/v1/atokens/kasi");
    assert.equal(rest.status, 200);
    assert.equal(rest.body.a_token.issuer, issuer);
  });

  it("an unknown a-Token is a clear error", async () => {
    await assert.rejects(client.nexus.mint.AToken({ symbol: "nosuch" }), /nosuch/);
  });

  it("x/aegis refuses a transfer over the tier limit, and so does the chain", async () => {
    // alice is verified "standard": 25,000 AZR per transaction.
    const over = nexusMsgs.ledger.MsgTransfer({ deadline: paymentDeadline(), from: alice, to: bob, amount: [{ denom: "uazr", amount: "30000000000" }], reference: "too-much" });
    const verdict = await client.complianceCheck(alice, [over]);
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.articleId, 3n);
    assert.equal(verdict.rule, "velocity");
    assert.equal(verdict.codespace, "aegis");
    assert.ok(verdict.code > 0);
    assert.match(verdict.reason, /article 3 \(velocity\).*per-transaction limit exceeded/);

    // Sent anyway (explicit gas, so it is not stopped by the simulation),
    // CheckTx refuses it with the same error and nothing moves.
    const [a0, b0] = await Promise.all([balance(client, alice), balance(client, bob)]);
    await assert.rejects(client.broadcast(alice, [over], { amount: [{ denom: "uazr", amount: "500" }], gas: "200000" }), (e) => {
      assert.ok(e instanceof NexusTxError);
      assert.equal(e.stage, "check");
      assert.equal(e.codespace, verdict.codespace);
      assert.equal(e.code, verdict.code);
      return true;
    });
    assert.deepEqual(await Promise.all([balance(client, alice), balance(client, bob)]), [a0, b0]);

    // Within the limit it is allowed.
    const ok = nexusMsgs.ledger.MsgTransfer({ deadline: paymentDeadline(), from: alice, to: bob, amount: [{ denom: "uazr", amount: "1000000" }], reference: "fine" });
    assert.equal((await client.complianceCheck(alice, [ok])).allowed, true);
  });

  it("x/aegis's fee rule: a fee above gas limit × max gas price is refused before signing", async () => {
    const send = nexusMsgs.ledger.MsgTransfer({ deadline: paymentDeadline(), from: alice, to: bob, amount: [{ denom: "uazr", amount: "1" }], reference: "fee-probe" });
    const verdict = await client.complianceCheck(alice, [send], "", { amount: [{ denom: "uazr", amount: "30000000000" }], gasLimit: 200000n });
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.codespace, "aegis");
    assert.match(verdict.reason, /fee rule \(params\.max_gas_price\).*30000000000uazr.*2000uazr/);
    const fair = await client.complianceCheck(alice, [send], "", { amount: [{ denom: "uazr", amount: "200" }], gasLimit: 200000n });
    assert.equal(fair.allowed, true);
  });
});
