// An escrowed trade on x/forge: alice lists goods, bob places an order
// (price × quantity + its PIVC move into escrow), bob confirms delivery
// (alice receives exactly the price, the PIVC reaches the pools, escrow
// drops back). Every amount is checked against the chain's balances.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { forge, ListingKind, NexusTxError, quotePivc } from "@azora-os/nexus-client";
import { balance, connect, txFee } from "./helpers.mjs";

describe("forge: an order placed and confirmed", () => {
  let seller, buyer, alice, bob, escrow, pools;
  before(async () => {
    ({ client: seller, address: alice } = await connect("alice"));
    ({ client: buyer, address: bob } = await connect("bob"));
    escrow = (await buyer.nexus.forge.EscrowTotals({})).address;
    pools = await buyer.nexus.pivc.Pools({});
  });
  after(() => {
    seller.disconnect();
    buyer.disconnect();
  });

  it("moves price + PIVC into escrow, then pays the seller exactly the price", async () => {
    const price = { denom: "uazr", amount: "2500000" }; // 2.5 AZR a crate
    const listingId = await seller.createListing(alice, {
      kind: ListingKind.LISTING_KIND_GOODS,
      title: "Mangoes, crate of 12",
      price,
      quantity: 10,
      expiry: new Date(Date.now() + 3_600_000),
    });
    assert.ok(listingId > 0n);

    const bal = () => Promise.all([balance(buyer, alice), balance(buyer, bob), balance(buyer, escrow), balance(buyer, pools.growthAddress), balance(buyer, pools.uboAddress)]);
    const [a0, b0, e0, g0, u0] = await bal();
    const order = await buyer.placeOrder(bob, listingId, 2, price);
    const q = quotePivc({ denom: "uazr", amount: "5000000" });
    assert.deepEqual(order.amount, { denom: "uazr", amount: "5000000" });
    assert.deepEqual([order.pivcFee], q.fee); // 250,000 uazr
    const placeGas = await txFee(buyer, order.transactionHash);
    const [a1, b1, e1, g1, u1] = await bal();
    assert.equal(b0 - b1, 5_000_000n + 250_000n + placeGas, "bob pays price × 2 + PIVC + gas into escrow");
    assert.equal(e1 - e0, 5_250_000n, "escrow holds amount + PIVC");
    assert.equal(a1, a0, "alice is not paid yet");
    assert.equal(g1, g0, "no PIVC captured before settlement");
    assert.equal(u1, u0);
    const placed = (await buyer.nexus.forge.Order({ orderId: order.orderId })).order;
    assert.equal(placed.status, forge.OrderStatus.ORDER_STATUS_PLACED);

    const { held, response } = await buyer.confirmDelivery(bob, order.orderId);
    assert.equal(held, false);
    const confirmGas = await txFee(buyer, response.transactionHash);
    const [a2, b2, e2, g2, u2] = await bal();
    assert.equal(a2 - a1, 5_000_000n, "alice receives exactly the price");
    assert.equal(b1 - b2, confirmGas, "bob pays only gas to confirm");
    assert.equal(e1 - e2, 5_250_000n, "the escrow is released");
    assert.equal(g2 - g1, 150_000n, "60% of the PIVC to growth");
    assert.equal(u2 - u1, 100_000n, "40% to UBO");
    const settled = (await buyer.nexus.forge.Order({ orderId: order.orderId })).order;
    assert.equal(settled.status, forge.OrderStatus.ORDER_STATUS_SETTLED);

    // Exactly one settlement per order: a second confirmation is refused.
    await assert.rejects(buyer.confirmDelivery(bob, order.orderId), (e) => e instanceof NexusTxError && /order already closed/.test(e.log));
  });

  it("refuses an order at a price the seller changed", async () => {
    const price = { denom: "uazr", amount: "1000000" };
    const listingId = await seller.createListing(alice, { kind: ListingKind.LISTING_KIND_SERVICE, title: "Bicycle repair", price, quantity: 1 });
    const b0 = await balance(buyer, bob);
    await assert.rejects(buyer.placeOrder(bob, listingId, 1, { denom: "uazr", amount: "900000" }), (e) => e instanceof NexusTxError && e.stage === "simulate");
    assert.equal(await balance(buyer, bob), b0, "nothing moved");
  });
});
