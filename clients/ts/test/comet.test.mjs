// The client talks to CometBFT 0.39 through Comet38Client (CosmJS's
// auto-detection would pick Tendermint37Client and lose the block-level
// finalize events): block results carry every finalize_block event the node
// reports.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Comet38Client } from "@cosmjs/tendermint-rpc";
import { typedEvents } from "@azora-os/nexus-client";
import { address, connect, ref, rpcUrl } from "./helpers.mjs";

describe("Comet38Client", () => {
  let client, alice, bob;
  before(async () => {
    ({ client, address: alice } = await connect("alice"));
    bob = await address("bob");
  });
  after(() => client.disconnect());

  it("is the client connectNexus uses", () => {
    assert.ok(client.comet instanceof Comet38Client);
  });

  it("reads block results with the finalize_block events present", async () => {
    // A transaction's fee is distributed in the next block's begin-block
    // (x/distribution), which reports finalize_block events.
    const r = await client.transfer(alice, bob, { denom: "uazr", amount: "1000" }, ref("events"));
    let height = r.height + 1;
    while ((await client.getHeight()) < height) await new Promise((res) => setTimeout(res, 200));
    const results = await client.comet.blockResults(height);
    const raw = await (await fetch(`${rpcUrl()}/block_results?height=${height}`)).json();
    const want = raw.result.finalize_block_events.map((e) => e.type);
    assert.ok(want.length > 0, "the node reports finalize_block events");
    assert.deepEqual(results.finalizeBlockEvents.map((e) => e.type), want);
    assert.ok(want.includes("rewards") || want.includes("commission"), `fee distribution events in ${want}`);
    // The tx's own events, with the typed PIVC event.
    const own = await client.comet.blockResults(r.height);
    const txEvents = own.results.flatMap((t) => t.events).map((e) => ({ type: e.type, attributes: e.attributes }));
    const fee = typedEvents(txEvents, "azora.pivc.v1.EventFeeCaptured").find((e) => e.payer === alice);
    assert.deepEqual(fee?.fee, [{ denom: "uazr", amount: "50" }]);
  });
});
