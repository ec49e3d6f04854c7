// Bank sends and ledger payments on a real node, with "auto" gas: the
// sender pays the amount, the exact PIVC and the gas fee; the recipient
// receives exactly the amount; the PIVC reaches the pools split 60/40.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { NexusTxError, quotePivc } from "@azora-os/nexus-client";
import { address, amountOf, balance, connect, ref, txFee } from "./helpers.mjs";

describe("transfers pay the exact PIVC", () => {
  let client, alice, bob, pools;
  before(async () => {
    ({ client, address: alice } = await connect("alice"));
    bob = await address("bob");
    pools = await client.nexus.pivc.Pools({});
  });
  after(() => client.disconnect());

  it("the chain quotes what quotePivc computes", async () => {
    for (const amount of ["1uazr", "19uazr", "21uazr", "999uazr", "1000000uazr", "123456789uazr", "20a/kasi"]) {
      const chain = await client.pivcQuote(amount, alice, bob);
      const local = quotePivc(amount);
      assert.deepEqual(chain.fee, local.fee, amount);
      assert.deepEqual(chain.total, local.total, amount);
      assert.deepEqual(chain.toGrowth, local.toGrowth, amount);
      assert.deepEqual(chain.toUbo, local.toUbo, amount);
    }
  });

  it("bank MsgSend with auto gas debits amount + 5% + gas fee and credits the amount", async () => {
    const amount = 1_234_567n;
    const [a0, b0, g0, u0] = await Promise.all([balance(client, alice), balance(client, bob), balance(client, pools.growthAddress), balance(client, pools.uboAddress)]);
    const res = await client.sendTokens(alice, bob, [{ denom: "uazr", amount: amount.toString() }], "auto");
    assert.equal(res.code, 0, res.rawLog);
    const gas = await txFee(client, res.transactionHash);
    assert.ok(gas > 0n, "auto fee paid");
    const [a1, b1, g1, u1] = await Promise.all([balance(client, alice), balance(client, bob), balance(client, pools.growthAddress), balance(client, pools.uboAddress)]);
    const pivc = (amount * 500n + 9_999n) / 10_000n; // 61,729 (61,728.35 rounded up)
    assert.equal(pivc, 61_729n);
    assert.equal(b1 - b0, amount, "bob receives exactly the amount");
    assert.equal(a0 - a1, amount + pivc + gas, "alice pays amount + PIVC + gas");
    assert.equal(g1 - g0 + (u1 - u0), pivc, "the PIVC reaches the pools");
    assert.equal(u1 - u0, (pivc * 4_000n) / 10_000n, "40% to UBO, rounded down");
  });

  it("ledger MsgTransfer with auto gas: the receipt and the balances agree with the quote", async () => {
    const amount = { denom: "uazr", amount: "2000000" };
    const q = quotePivc(amount);
    const [a0, b0, g0, u0] = await Promise.all([balance(client, alice), balance(client, bob), balance(client, pools.growthAddress), balance(client, pools.uboAddress)]);
    const reference = ref("invoice");
    const r = await client.transfer(alice, bob, amount, reference, { memo: "March rent" });
    const [a1, b1, g1, u1] = await Promise.all([balance(client, alice), balance(client, bob), balance(client, pools.growthAddress), balance(client, pools.uboAddress)]);
    assert.deepEqual(r.pivcFee, [{ denom: "uazr", amount: "100000" }]);
    assert.deepEqual(r.pivcFee, q.fee);
    assert.deepEqual(r.toGrowth, q.toGrowth);
    assert.deepEqual(r.toUbo, q.toUbo);
    assert.equal(amountOf(r.txFee), await txFee(client, r.transactionHash));
    assert.equal(b1 - b0, 2_000_000n);
    assert.equal(a0 - a1, 2_000_000n + 100_000n + amountOf(r.txFee));
    assert.equal(g1 - g0, 60_000n);
    assert.equal(u1 - u0, 40_000n);
    // The journal has the payment under its reference.
    const j = await client.nexus.ledger.EntriesByReference({ sender: alice, reference });
    assert.ok(j.entries.length >= 1, "journal entry by reference");
  });

  it("a payment reference cannot be used twice: nothing moves", async () => {
    const reference = ref("once");
    await client.transfer(alice, bob, { denom: "uazr", amount: "1000" }, reference);
    const [a0, b0] = await Promise.all([balance(client, alice), balance(client, bob)]);
    // "auto": the simulation already refuses it, nothing is broadcast.
    await assert.rejects(client.transfer(alice, bob, { denom: "uazr", amount: "1000" }, reference), (e) => {
      assert.ok(e instanceof NexusTxError);
      assert.equal(e.stage, "simulate");
      assert.match(e.log, /payment reference already used/);
      return true;
    });
    // Explicit gas: included in a block and refused there with the ledger's error.
    await assert.rejects(
      client.transfer(alice, bob, { denom: "uazr", amount: "1000" }, reference, { fee: { amount: [{ denom: "uazr", amount: "500" }], gas: "200000" } }),
      (e) => {
        assert.ok(e instanceof NexusTxError);
        assert.equal(e.stage, "deliver");
        assert.equal(e.codespace, "ledger");
        assert.match(e.log, /payment reference already used/);
        return true;
      },
    );
    const [a1, b1] = await Promise.all([balance(client, alice), balance(client, bob)]);
    assert.equal(b1, b0, "bob received nothing");
    assert.equal(a0 - a1, 500n, "alice paid only the gas fee of the refused tx");
  });
});
