// NexusClient: a CosmJS SigningStargateClient that knows every Nexus Msg
// (protobuf and amino), has a typed query client per Nexus module, and
// helpers with the chain's rules built in (PIVC, payment references,
// compliance checks, escrowed orders, UBO claims).
//
// It always talks to the node through CosmJS's Comet38Client. CosmJS 0.39's
// auto-detection (connectComet, SigningStargateClient.connectWithSigner)
// does not know CometBFT 0.39 and falls back to Tendermint37Client, which
// silently drops block-level (finalize_block) events and the tx result of
// broadcastTxCommit. CometBFT 0.39 speaks the 0.38 RPC, so Comet38Client
// reads everything.
import type { Coin, StdFee } from "@cosmjs/amino";
import type { EncodeObject, OfflineSigner } from "@cosmjs/proto-signing";
import {
  type AuthExtension,
  type BankExtension,
  BroadcastTxError,
  calculateFee,
  type DeliverTxResponse,
  GasPrice,
  QueryClient,
  setupAuthExtension,
  setupBankExtension,
  setupTxExtension,
  SigningStargateClient,
  type SigningStargateClientOptions,
  TimeoutError,
  type TxExtension,
} from "@cosmjs/stargate";
import { fromHex } from "@cosmjs/encoding";
import { Comet38Client } from "@cosmjs/tendermint-rpc";

import { DEFAULT_GAS_PRICE } from "./chain.js";
import { typedEvents } from "./events.js";
import { ListingKind } from "./generated/azora/forge/v1/types.js";
import { MsgConfirmDeliveryResponse, MsgCreateListingResponse, MsgPlaceOrderResponse } from "./generated/azora/forge/v1/tx.js";
import { MsgTransferResponse } from "./generated/azora/ledger/v1/tx.js";
import { MsgClaimUBOResponse } from "./generated/azora/pivc/v1/tx.js";
import type { Timestamp } from "./generated/google/protobuf/timestamp.js";
import { setupNexusExtension, type NexusExtension, type NexusQueries } from "./generated/nexus/queries.js";
import { nexusMsgs } from "./generated/nexus/registry.js";
import { quotePivc, type PivcQuote, type PivcRates } from "./pivc.js";
import { createNexusAminoTypes, createNexusRegistry } from "./registry.js";

/** The query client of a NexusClient: SDK auth, bank and tx, and every Nexus module. */
export type NexusQueryClient = QueryClient & AuthExtension & BankExtension & TxExtension & NexusExtension;

/** Options of connectNexus: CosmJS's, plus the gas price used for "auto" fees. */
export interface NexusClientOptions extends Omit<SigningStargateClientOptions, "gasPrice"> {
  /** Gas price for "auto" fees, e.g. "0.0025uazr" (the default). */
  readonly gasPrice?: string | GasPrice;
}

/** Fee argument of every helper: "auto" (simulate × 1.4, the default), a multiplier, or an explicit fee. */
export type Fee = StdFee | "auto" | number;

/**
 * NexusTxError is thrown by the helpers when the chain refuses a
 * transaction. `stage` says where:
 *  - "simulate": the "auto" fee's simulation failed, nothing was broadcast
 *    (the chain's simulate answer carries no codespace: code is 0 and
 *    codespace "", `log` holds the chain's message);
 *  - "check": CheckTx refused it, it never entered a block;
 *  - "deliver": it was included in a block and failed (gas was paid).
 * `log` names the rule, e.g. "aegis: article 3 (velocity): ...". Clients
 * match on codespace and code, the chain's registered error.
 */
export class NexusTxError extends Error {
  constructor(
    readonly stage: "simulate" | "check" | "deliver",
    readonly codespace: string,
    readonly code: number,
    readonly log: string,
    readonly transactionHash?: string,
    readonly height?: number,
  ) {
    super(stage === "simulate" ? `simulation failed: ${log}` : `${codespace} error ${code}: ${log}`);
    this.name = "NexusTxError";
  }
}

/** What a ledger payment did. */
export interface TransferReceipt {
  readonly transactionHash: string;
  readonly height: number;
  readonly gasUsed: bigint;
  /** Paid to the recipient. */
  readonly amount: Coin[];
  /** PIVC charged on top (the chain's answer, from MsgTransferResponse). */
  readonly pivcFee: Coin[];
  /** Where the PIVC went (from the chain's EventFeeCaptured). */
  readonly toGrowth: Coin[];
  readonly toUbo: Coin[];
  /** The transaction fee (gas) the sender paid. */
  readonly txFee: Coin[];
  /** The payment reference. */
  readonly reference: string;
  readonly response: DeliverTxResponse;
}

/** The chain's verdict on a transaction before it is signed (x/aegis ComplianceCheck). */
export interface ComplianceResult {
  readonly allowed: boolean;
  /** The article that refuses it (0 if allowed, or if a protocol rule refuses it). */
  readonly articleId: bigint;
  /** The rule kind: "standing", "velocity", "message_types", "nesting", ... */
  readonly rule: string;
  /** The error the chain would return. */
  readonly codespace: string;
  readonly code: number;
  readonly reason: string;
}

/** A placed forge order: amount and PIVC are held in escrow until settlement. */
export interface OrderReceipt {
  readonly orderId: string;
  readonly amount: Coin;
  readonly pivcFee: Coin;
  readonly transactionHash: string;
  readonly height: number;
  readonly response: DeliverTxResponse;
}

/** Fields of a new forge listing. */
export interface ListingInput {
  readonly kind: ListingKind;
  readonly title: string;
  /** Price of one unit (uazr or an a-Token). */
  readonly price: Coin;
  readonly quantity: bigint | number;
  /** When the listing expires (optional). */
  readonly expiry?: Date;
  /** The registered asset an asset listing sells. */
  readonly assetId?: bigint | number;
}

const coinsOf = (v: unknown): Coin[] => (Array.isArray(v) ? v.map((c) => ({ denom: String(c.denom), amount: String(c.amount) })) : []);

/** DEFAULT_PAYMENT_DEADLINE_MS is transfer's default deadline: one hour ahead. */
export const DEFAULT_PAYMENT_DEADLINE_MS = 60 * 60 * 1000;

/**
 * paymentDeadline is the `deadline` of an x/ledger MsgTransfer or
 * MsgBatchTransfer: the given time, or one hour from now.
 */
export function paymentDeadline(at?: Date): Timestamp {
  return toTimestamp(at ?? new Date(Date.now() + DEFAULT_PAYMENT_DEADLINE_MS));
}

function toTimestamp(d: Date): Timestamp {
  const ms = d.getTime();
  return { seconds: BigInt(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

/**
 * NexusClient signs and broadcasts Nexus transactions. Create it with
 * connectNexus(rpcUrl, signer). Everything SigningStargateClient does works
 * (signAndBroadcast, sendTokens, simulate, getTx, searchTx, ...), with the
 * Nexus Msgs registered.
 */
export class NexusClient extends SigningStargateClient {
  /** The CometBFT RPC client (always Comet38Client). */
  readonly comet: Comet38Client;
  /** Typed queries: query.bank, query.auth, query.tx and query.nexus.<module>. */
  readonly query: NexusQueryClient;
  /** Shorthand for query.nexus: aegis, forge, ledger, mesh, mint, pivc. */
  readonly nexus: NexusQueries;
  /** The gas price of "auto" fees. */
  readonly feeGasPrice: GasPrice;

  protected constructor(comet: Comet38Client, signer: OfflineSigner, options: SigningStargateClientOptions & { gasPrice: GasPrice }) {
    super(comet, signer, options);
    this.comet = comet;
    this.feeGasPrice = options.gasPrice;
    this.query = QueryClient.withExtensions(comet, setupAuthExtension, setupBankExtension, setupTxExtension, setupNexusExtension);
    this.nexus = this.query.nexus;
  }

  /** open is connectNexus. */
  static async open(rpcUrl: string, signer: OfflineSigner, options: NexusClientOptions = {}): Promise<NexusClient> {
    const comet = await Comet38Client.connect(rpcUrl);
    const gasPrice = typeof options.gasPrice === "string" ? GasPrice.fromString(options.gasPrice) : (options.gasPrice ?? GasPrice.fromString(DEFAULT_GAS_PRICE));
    return new NexusClient(comet, signer, {
      broadcastPollIntervalMs: 500, // blocks come about every second
      ...options,
      registry: options.registry ?? createNexusRegistry(),
      aminoTypes: options.aminoTypes ?? createNexusAminoTypes(),
      gasPrice,
    });
  }

  /**
   * broadcast signs and broadcasts msgs and returns the result of the
   * included transaction, or throws NexusTxError with the chain's
   * codespace, code and log if the chain refused it.
   */
  async broadcast(signer: string, msgs: readonly EncodeObject[], fee: Fee = "auto", memo = ""): Promise<DeliverTxResponse> {
    let stdFee: StdFee;
    if (typeof fee === "object") {
      stdFee = fee;
    } else {
      // Simulate here rather than inside signAndBroadcast, to tell a
      // refused simulation from a refused broadcast. "auto" is CosmJS's
      // 1.4 × the simulated gas.
      let gas: number;
      try {
        gas = await this.simulate(signer, msgs, memo);
      } catch (e) {
        throw new NexusTxError("simulate", "", 0, simulationLog(String((e as Error).message)));
      }
      stdFee = calculateFee(Math.ceil(gas * (fee === "auto" ? 1.4 : fee)), this.feeGasPrice);
    }
    let res: DeliverTxResponse;
    try {
      res = await this.signAndBroadcast(signer, msgs, stdFee, memo);
    } catch (e) {
      if (e instanceof BroadcastTxError) throw new NexusTxError("check", e.codespace, e.code, e.log ?? e.message);
      throw e;
    }
    if (res.code !== 0) {
      // DeliverTxResponse has no codespace; the indexed result has.
      const tx = await this.comet.tx({ hash: fromHex(res.transactionHash) }).catch(() => undefined);
      throw new NexusTxError("deliver", tx?.result.codespace ?? "", res.code, res.rawLog ?? tx?.result.log ?? "", res.transactionHash, res.height);
    }
    return res;
  }

  /**
   * broadcastTx broadcasts a signed transaction and waits until it is in a
   * block. Unlike CosmJS 0.39's, it starts its timeout only once CheckTx
   * accepted the transaction, so a refused transaction does not leave a
   * timer that keeps a Node.js process alive for a minute.
   */
  override async broadcastTx(tx: Uint8Array, timeoutMs = 60_000, pollIntervalMs = 500): Promise<DeliverTxResponse> {
    const txId = await this.broadcastTxSync(tx); // throws BroadcastTxError if CheckTx refuses it
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      const r = await this.getTx(txId);
      if (r) {
        return {
          code: r.code,
          height: r.height,
          txIndex: r.txIndex,
          events: r.events,
          rawLog: r.rawLog,
          transactionHash: txId,
          msgResponses: r.msgResponses,
          gasUsed: r.gasUsed,
          gasWanted: r.gasWanted,
        };
      }
      if (Date.now() > deadline) {
        throw new TimeoutError(`transaction ${txId} was broadcast but is not in a block after ${timeoutMs / 1000} s; check later`, txId);
      }
    }
  }

  /** pivcRates returns the chain's current PIVC rate and growth share. */
  async pivcRates(): Promise<PivcRates> {
    const { params } = await this.nexus.pivc.Params({});
    if (!params) throw new Error("pivc params missing from the query response");
    return { rateBps: params.rateBps, growthShareBps: params.growthShareBps };
  }

  /**
   * pivcQuote asks the chain what a transfer costs. With sender and
   * recipient it applies the exemptions the transfer would (exempt
   * addresses, module accounts). quotePivc computes the same offline.
   */
  async pivcQuote(amount: string, sender = "", recipient = ""): Promise<PivcQuote> {
    const q = await this.nexus.pivc.Quote({ amount, sender, recipient });
    return { amount: q.amount, fee: q.fee, total: q.total, toGrowth: q.toGrowth, toUbo: q.toUbo, rateBps: q.rateBps };
  }

  /**
   * transfer pays `amount` from `from` to `to` with x/ledger's MsgTransfer
   * under the client's payment `reference` (1–64 printable ASCII). The chain
   * refuses a reference the payer used before, so retrying a request can
   * never pay twice. The sender pays amount + PIVC (+ gas); `to` receives
   * exactly amount.
   *
   * `deadline` is the last block time at which the payment may execute
   * (default: one hour from now, as `nexusd tx ledger transfer` does; at
   * most the chain's params.max_payment_deadline ahead). Retry a failed
   * broadcast with the same reference AND the same deadline; once the
   * deadline has passed, ask `nexus.ledger.Reference` before paying again.
   */
  async transfer(
    from: string,
    to: string,
    amount: Coin | readonly Coin[],
    reference: string,
    opts: { memo?: string; fee?: Fee; txMemo?: string; deadline?: Date } = {},
  ): Promise<TransferReceipt> {
    const coins = (Array.isArray(amount) ? [...amount] : [amount as Coin]).sort((a, b) => (a.denom < b.denom ? -1 : 1));
    const deadline = paymentDeadline(opts.deadline);
    const msg = nexusMsgs.ledger.MsgTransfer({ from, to, amount: coins, reference, memo: opts.memo ?? "", deadline });
    const res = await this.broadcast(from, [msg], opts.fee ?? "auto", opts.txMemo ?? "");
    const out = MsgTransferResponse.decode(res.msgResponses[0].value);
    const captured = typedEvents(res.events, "azora.pivc.v1.EventFeeCaptured").filter((e) => e.payer === from);
    const sum = (key: string) => captured.flatMap((e) => coinsOf(e[key]));
    const tx = await this.getTx(res.transactionHash);
    const txFee = tx ? feeOfTx(tx.events, from) : [];
    return {
      transactionHash: res.transactionHash,
      height: res.height,
      gasUsed: res.gasUsed,
      amount: coins,
      pivcFee: out.fee,
      toGrowth: sum("to_growth"),
      toUbo: sum("to_ubo"),
      txFee,
      reference,
      response: res,
    };
  }

  /**
   * complianceCheck asks x/aegis whether `signer` may send `msgs` in one
   * transaction, without signing anything: allowed, or the article and the
   * error the chain would return. With `fee` (and the tx's `gasLimit`) it
   * also applies the constitution's fee rule (x/aegis params: uazr only, at
   * most gas limit × max_gas_price; gas limit 0 is checked as in simulation).
   */
  async complianceCheck(
    signer: string,
    msgs: readonly EncodeObject[],
    feeGranter = "",
    fee: { amount: readonly Coin[]; gasLimit?: bigint } = { amount: [] },
  ): Promise<ComplianceResult> {
    const r = await this.nexus.aegis.ComplianceCheck({
      signer,
      msgs: msgs.map((m) => this.registry.encodeAsAny(m)),
      feeGranter,
      fee: [...fee.amount],
      gasLimit: fee.gasLimit ?? 0n,
    });
    return { allowed: r.allowed, articleId: r.articleId, rule: r.rule, codespace: r.codespace, code: r.code, reason: r.reason };
  }

  /** createListing lists goods, a service, labour or an asset on x/forge; returns the listing id. */
  async createListing(seller: string, listing: ListingInput, fee: Fee = "auto"): Promise<bigint> {
    const msg = nexusMsgs.forge.MsgCreateListing({
      seller,
      kind: listing.kind,
      title: listing.title,
      price: listing.price,
      quantity: BigInt(listing.quantity),
      expiry: listing.expiry ? toTimestamp(listing.expiry) : undefined,
      assetId: BigInt(listing.assetId ?? 0),
    });
    const res = await this.broadcast(seller, [msg], fee);
    return MsgCreateListingResponse.decode(res.msgResponses[0].value).listingId;
  }

  /**
   * placeOrder buys `quantity` units of a listing at `unitPrice` (which
   * must equal the listing's current price, so a changed price fails
   * instead of charging more). price × quantity plus its PIVC move into
   * escrow until the buyer confirms delivery.
   */
  async placeOrder(buyer: string, listingId: bigint | number, quantity: bigint | number, unitPrice: Coin, fee: Fee = "auto"): Promise<OrderReceipt> {
    const msg = nexusMsgs.forge.MsgPlaceOrder({ buyer, listingId: BigInt(listingId), quantity: BigInt(quantity), unitPrice });
    const res = await this.broadcast(buyer, [msg], fee);
    const out = MsgPlaceOrderResponse.decode(res.msgResponses[0].value);
    if (!out.amount || !out.fee) throw new Error("MsgPlaceOrderResponse without amount or fee");
    return { orderId: out.orderId, amount: out.amount, pivcFee: out.fee, transactionHash: res.transactionHash, height: res.height, response: res };
  }

  /**
   * confirmDelivery settles an order: the seller receives the amount, the
   * PIVC goes to the pools. `held` is true if the seller is frozen and the
   * payout was held for an arbiter instead.
   */
  async confirmDelivery(buyer: string, orderId: string, fee: Fee = "auto"): Promise<{ held: boolean; response: DeliverTxResponse }> {
    const res = await this.broadcast(buyer, [nexusMsgs.forge.MsgConfirmDelivery({ buyer, orderId })], fee);
    return { held: MsgConfirmDeliveryResponse.decode(res.msgResponses[0].value).held, response: res };
  }

  /** claimUbo pays the claimant its pending universal basic opportunity share; returns what was paid. */
  async claimUbo(claimant: string, fee: Fee = "auto"): Promise<{ amount: Coin[]; response: DeliverTxResponse }> {
    const res = await this.broadcast(claimant, [nexusMsgs.pivc.MsgClaimUBO({ claimant })], fee);
    return { amount: MsgClaimUBOResponse.decode(res.msgResponses[0].value).amount, response: res };
  }

  /** quotePivc is the offline quote at the chain's current rates. */
  async quotePivc(amount: Coin | readonly Coin[] | string): Promise<PivcQuote> {
    return quotePivc(amount, await this.pivcRates());
  }
}

// simulationLog extracts the chain's message from CosmJS's error for a
// failed simulation ("Query failed with (6): rpc error: code = Unknown desc =
// <message> [<source file>] with gas used: '<n>': unknown request").
function simulationLog(msg: string): string {
  const i = msg.indexOf(" desc = ");
  let log = i >= 0 ? msg.slice(i + 8) : msg;
  log = log.replace(/: unknown request(?: \[\])?$/, "").replace(/ with gas used: '\d+'$/, "").replace(/ \[[^\]]*\.go:\d+\]$/, "");
  return log;
}

// feeOfTx returns the fee the payer paid, from the SDK's "tx" event.
function feeOfTx(events: readonly { type: string; attributes: readonly { key: string; value: string }[] }[], payer: string): Coin[] {
  for (const e of events) {
    if (e.type !== "tx") continue;
    const attrs = Object.fromEntries(e.attributes.map((a) => [a.key, a.value]));
    if (attrs.fee !== undefined && (attrs.fee_payer === undefined || attrs.fee_payer === payer)) {
      return attrs.fee === "" ? [] : attrs.fee.split(",").map((s) => {
        const m = /^(\d+)(.+)$/.exec(s);
        if (!m) throw new Error(`cannot parse fee ${s}`);
        return { amount: m[1], denom: m[2] };
      });
    }
  }
  return [];
}

/**
 * connectNexus connects to a Nexus node's CometBFT RPC (e.g.
 * "http://127.0.0.1:26657") with Comet38Client and returns a NexusClient
 * that signs with `signer` (DirectSecp256k1HdWallet, Secp256k1HdWallet for
 * amino JSON, Keplr's offline signer, a Ledger signer).
 */
export function connectNexus(rpcUrl: string, signer: OfflineSigner, options: NexusClientOptions = {}): Promise<NexusClient> {
  return NexusClient.open(rpcUrl, signer, options);
}

/**
 * connectNexusQuery returns a read-only query client (no signer) over
 * Comet38Client: SDK auth, bank and tx, and every Nexus module.
 */
export async function connectNexusQuery(rpcUrl: string): Promise<{ comet: Comet38Client; query: NexusQueryClient }> {
  const comet = await Comet38Client.connect(rpcUrl);
  return { comet, query: QueryClient.withExtensions(comet, setupAuthExtension, setupBankExtension, setupTxExtension, setupNexusExtension) };
}

export { ListingKind };
