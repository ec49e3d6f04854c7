// quotePivc and pivcFee against the chain's rule (x/pivc/types/fee.go):
// fee = ceil(amount × rate / 10000) per coin, ubo = floor(fee × (10000 −
// growth share) / 10000), growth = fee − ubo. Pure functions: no node.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_PIVC_RATES, pivcFee, quotePivc, splitPivcFee } from "@azora-os/nexus-client";

// A seeded generator (xorshift) so a failure can be replayed.
function rng(seed) {
  let x = BigInt(seed);
  return (bits) => {
    let out = 0n;
    for (let i = 0; i < bits; i += 32) {
      x ^= (x << 13n) & 0xffffffffffffffffn;
      x ^= x >> 7n;
      x ^= (x << 17n) & 0xffffffffffffffffn;
      out = (out << 32n) | (x & 0xffffffffn);
    }
    return out & ((1n << BigInt(bits)) - 1n);
  };
}

describe("pivc arithmetic", () => {
  it("charges exactly 5%, rounded up, at the default rate", () => {
    assert.equal(DEFAULT_PIVC_RATES.rateBps, 500);
    const cases = [
      [0n, 0n], [1n, 1n], [19n, 1n], [20n, 1n], [21n, 2n], [1000n, 50n], [1001n, 51n],
      [1_000_000n, 50_000n], [123_456_789n, 6_172_840n], [(1n << 200n) + 1n, ((1n << 200n) + 1n) * 500n / 10_000n + 1n],
    ];
    for (const [amount, fee] of cases) assert.equal(pivcFee(amount), fee, `fee of ${amount}`);
  });

  it("is the smallest fee that is at least rate × amount (random amounts and rates)", () => {
    const next = rng(19);
    for (let i = 0; i < 2000; i++) {
      const amount = next(1 + Number(next(8)));
      const rate = Number(next(10)) % 1001;
      const fee = pivcFee(amount, rate);
      assert.ok(fee * 10_000n >= amount * BigInt(rate), `fee ${fee} of ${amount} at ${rate}`);
      assert.ok(fee === 0n || (fee - 1n) * 10_000n < amount * BigInt(rate), `fee ${fee} of ${amount} at ${rate} is not minimal`);
    }
  });

  it("never lets a split payment pay less", () => {
    const next = rng(7);
    for (let i = 0; i < 1000; i++) {
      const a = next(40);
      const b = next(40);
      assert.ok(pivcFee(a) + pivcFee(b) >= pivcFee(a + b));
    }
  });

  it("splits each fee 60/40 with the remainder to growth", () => {
    assert.deepEqual(splitPivcFee(50_000n), { growth: 30_000n, ubo: 20_000n });
    assert.deepEqual(splitPivcFee(1n), { growth: 1n, ubo: 0n });
    assert.deepEqual(splitPivcFee(3n), { growth: 2n, ubo: 1n });
    const next = rng(3);
    for (let i = 0; i < 1000; i++) {
      const fee = next(64);
      const share = Number(next(14)) % 10_001;
      const { growth, ubo } = splitPivcFee(fee, share);
      assert.equal(growth + ubo, fee);
      assert.equal(ubo, (fee * BigInt(10_000 - share)) / 10_000n);
    }
  });

  it("quotes coin lists per denom, sorted, without zero coins", () => {
    const q = quotePivc("1000000uazr,20a/kasi");
    assert.deepEqual(q.amount, [{ denom: "a/kasi", amount: "20" }, { denom: "uazr", amount: "1000000" }]);
    assert.deepEqual(q.fee, [{ denom: "a/kasi", amount: "1" }, { denom: "uazr", amount: "50000" }]);
    assert.deepEqual(q.total, [{ denom: "a/kasi", amount: "21" }, { denom: "uazr", amount: "1050000" }]);
    assert.deepEqual(q.toGrowth, [{ denom: "a/kasi", amount: "1" }, { denom: "uazr", amount: "30000" }]);
    assert.deepEqual(q.toUbo, [{ denom: "uazr", amount: "20000" }]);
    assert.deepEqual(quotePivc({ denom: "uazr", amount: "1000" }, { rateBps: 0, growthShareBps: 6000 }).fee, []);
  });

  it("refuses rates the chain refuses and negative amounts", () => {
    assert.throws(() => pivcFee(1n, 1001), RangeError);
    assert.throws(() => pivcFee(-1n), RangeError);
    assert.throws(() => splitPivcFee(1n, 10_001), RangeError);
    assert.throws(() => quotePivc("5uazr,6uazr"), /duplicate denom/);
  });
});
