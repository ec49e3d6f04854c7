// claimUbo: x/pivc pays an eligible account what accrued to it, or refuses
// with the chain's rule. The devnet allocates the UBO pool every 100 blocks,
// so depending on the height the claim pays or finds nothing yet: both are
// checked against the chain's own pending amount.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { NexusTxError } from "@azora-os/nexus-client";
import { balance, connect, txFee } from "./helpers.mjs";

describe("claimUbo", () => {
  let client, bob, officer, officerClient;
  before(async () => {
    ({ client, address: bob } = await connect("bob"));
    ({ client: officerClient, address: officer } = await connect("officer"));
  });
  after(() => {
    client.disconnect();
    officerClient.disconnect();
  });

  it("pays a verified account exactly what is pending, or refuses: no UBO to claim", async () => {
    const before = await client.nexus.pivc.PendingUBO({ address: bob });
    assert.equal(before.eligible, true, "bob is verified, so eligible");
    const b0 = await balance(client, bob);
    if (before.pending.length === 0) {
      await assert.rejects(client.claimUbo(bob), (e) => e instanceof NexusTxError && /no UBO to claim/.test(e.log));
      assert.equal(await balance(client, bob), b0);
      return;
    }
    const { amount, response } = await client.claimUbo(bob);
    assert.ok(amount.length > 0);
    const gas = await txFee(client, response.transactionHash);
    const paid = BigInt(amount.find((c) => c.denom === "uazr")?.amount ?? 0);
    assert.equal((await balance(client, bob)) - b0, paid - gas);
  });

  it("refuses an account that is not eligible", async () => {
    // The officer key holds a role but is not verified: not UBO-eligible.
    assert.equal((await officerClient.nexus.pivc.PendingUBO({ address: officer })).eligible, false);
    await assert.rejects(officerClient.claimUbo(officer), (e) => e instanceof NexusTxError && e.stage === "simulate" && /not eligible for UBO/.test(e.log));
  });
});
