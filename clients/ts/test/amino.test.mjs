// Amino-JSON (SIGN_MODE_LEGACY_AMINO_JSON, what Ledger devices and Keplr
// with Ledger sign): real transactions signed with Secp256k1HdWallet are
// accepted, a tampered one is refused, and every Nexus Msg's converter
// produces exactly the bytes the chain's own sign-mode handler computes.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { makeSignDoc, serializeSignDoc } from "@cosmjs/amino";
import { fromBase64, toBase64, toUtf8 } from "@cosmjs/encoding";
import { TxBody, TxRaw, Tx } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import { SignMode } from "cosmjs-types/cosmos/tx/signing/v1beta1/signing";
import {
  createNexusAminoTypes,
  createNexusRegistry,
  ListingKind,
  nexusAminoNames,
  nexusMsgs,
  nexusTypes,
  NexusTxError,
  paymentDeadline,
} from "@azora-os/nexus-client";
import { address, balance, connect, env, ref } from "./helpers.mjs";

describe("amino-JSON signing on the chain", () => {
  let client, alice, bob;
  before(async () => {
    ({ client, address: alice } = await connect("alice", { amino: true }));
    bob = await address("bob");
  });
  after(() => client.disconnect());

  async function signMode(hash) {
    const tx = Tx.decode((await client.getTx(hash)).tx);
    return tx.authInfo.signerInfos[0].modeInfo.single.mode;
  }

  it("accepts a ledger payment signed in amino JSON", async () => {
    const b0 = await balance(client, bob);
    const r = await client.transfer(alice, bob, { denom: "uazr", amount: "3000000" }, ref("amino"), { memo: "<b>fish & chips</b>" });
    assert.equal(await signMode(r.transactionHash), SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
    assert.deepEqual(r.pivcFee, [{ denom: "uazr", amount: "150000" }]);
    assert.equal((await balance(client, bob)) - b0, 3_000_000n);
  });

  it("accepts a forge listing (enum, uint64, Coin and Timestamp fields) signed in amino JSON", async () => {
    const expiry = new Date(Date.now() + 7_200_123); // milliseconds, so the timestamp has nanos
    const id = await client.createListing(alice, {
      kind: ListingKind.LISTING_KIND_LABOUR,
      title: "Plumbing, per hour",
      price: { denom: "uazr", amount: "25000000" },
      quantity: 40,
      expiry,
    });
    const { listing } = await client.nexus.forge.Listing({ id });
    assert.equal(listing.title, "Plumbing, per hour");
    assert.equal(Number(listing.expiry.seconds) * 1000 + listing.expiry.nanos / 1e6, expiry.getTime());
  });

  it("accepts a batch payment (messages of another proto file inside the Msg) signed in amino JSON", async () => {
    const carol = await address("treasurer");
    const [b0, c0] = await Promise.all([balance(client, bob), balance(client, carol)]);
    const msg = nexusMsgs.ledger.MsgBatchTransfer({ deadline: paymentDeadline(),
      from: alice,
      outputs: [
        { to: bob, amount: [{ denom: "uazr", amount: "1000000" }] },
        { to: carol, amount: [{ denom: "uazr", amount: "2000000" }] },
      ],
      reference: ref("payroll"),
    });
    const res = await client.broadcast(alice, [msg]);
    assert.equal(await signMode(res.transactionHash), SignMode.SIGN_MODE_LEGACY_AMINO_JSON);
    assert.equal((await balance(client, bob)) - b0, 1_000_000n);
    assert.equal((await balance(client, carol)) - c0, 2_000_000n);
  });

  it("refuses an amino signature over a different message", async () => {
    const msg = nexusMsgs.ledger.MsgTransfer({ deadline: paymentDeadline(), from: alice, to: bob, amount: [{ denom: "uazr", amount: "1000" }], reference: ref("tampered") });
    const fee = { amount: [{ denom: "uazr", amount: "500" }], gas: "200000" };
    const signed = await client.sign(alice, [msg], fee, "");
    // Change the amount after signing: the body no longer matches the signature.
    const body = TxBody.decode(signed.bodyBytes);
    body.messages[0] = client.registry.encodeAsAny(nexusMsgs.ledger.MsgTransfer({ ...msg.value, amount: [{ denom: "uazr", amount: "1000000" }] }));
    const tampered = TxRaw.encode({ ...signed, bodyBytes: TxBody.encode(body).finish() }).finish();
    const b0 = await balance(client, bob);
    await assert.rejects(client.broadcastTx(tampered), (e) => {
      assert.equal(e.codespace, "sdk");
      assert.equal(e.code, 4); // unauthorized
      assert.match(e.log, /signature verification failed/);
      return true;
    });
    assert.equal(await balance(client, bob), b0);
  });
});

describe("amino converters of every Nexus Msg", () => {
  // Written by tests/system/clients_test.go: for every Msg the app
  // registers, messages filled with generated values and the sign bytes the
  // chain's SIGN_MODE_LEGACY_AMINO_JSON handler computes for them.
  const vectors = JSON.parse(readFileSync(env("NEXUS_AMINO_VECTORS"), "utf8"));
  const registry = createNexusRegistry();
  const aminoTypes = createNexusAminoTypes();
  // The sign doc of every vector (tests/system/clients_test.go).
  const fee = { amount: [{ denom: "uazr", amount: "1234" }], gas: "200000" };
  const doc = (msg) => makeSignDoc([msg], fee, "nexus-devnet-1", "amino vector <&>", 7, 3);

  it("registers every Msg the chain registers, each with an amino name", () => {
    const chain = [...new Set(vectors.map((v) => v.typeUrl))].sort();
    const ours = nexusTypes.map(([url]) => url).sort();
    assert.deepEqual(ours, chain);
    assert.ok(ours.length >= 53, `${ours.length} Msgs: the six modules had 53 when this package was written`);
    for (const url of ours) {
      assert.ok(registry.lookupType(url), url);
      assert.match(nexusAminoNames[url], /^azora\/[a-z]+\/Msg[A-Za-z]+$/, url);
    }
  });

  it("signs exactly the bytes the chain computes, and rebuilds messages that sign the same", () => {
    const back = [];
    let failures = [];
    for (const v of vectors) {
      const value = registry.decode({ typeUrl: v.typeUrl, value: fromBase64(v.value) });
      const amino = aminoTypes.toAmino({ typeUrl: v.typeUrl, value });
      const got = new TextDecoder().decode(serializeSignDoc(doc(amino)));
      if (got !== v.signBytes) failures.push(`${v.typeUrl} ${v.variant}:\n  ts:    ${got}\n  chain: ${v.signBytes}`);
      // What SigningStargateClient puts in the body after amino signing.
      const rebuilt = aminoTypes.fromAmino(amino);
      assert.equal(rebuilt.typeUrl, v.typeUrl);
      assert.deepEqual(aminoTypes.toAmino(rebuilt), amino, `${v.typeUrl} ${v.variant}: toAmino(fromAmino(x)) != x`);
      back.push({ typeUrl: v.typeUrl, variant: v.variant, value: toBase64(registry.encode(rebuilt)), signBytes: "" });
    }
    // tests/system/clients_test.go checks that the chain signs the rebuilt
    // messages to the same bytes.
    writeFileSync(env("NEXUS_AMINO_ROUNDTRIP_OUT"), JSON.stringify(back));
    assert.deepEqual(failures, [], failures.slice(0, 3).join("\n"));
    assert.ok(vectors.length >= 5 * 53);
  });
});
