// PIVC (Protocol Integrated Value Capture) arithmetic, exactly as the chain
// computes it (x/pivc/types/fee.go):
//
//   fee    = ceil(amount × rate_bps / 10000)         per coin, in its denom
//   ubo    = floor(fee × (10000 − growth_share_bps) / 10000)
//   growth = fee − ubo                              (the remainder goes to growth)
//
// A transfer of `amount` between two ordinary accounts costs the sender
// amount + fee (plus gas); the recipient gets exactly `amount`. Rounding is
// up, so any positive amount pays at least 1 unit and splitting a payment
// never lowers its fee. All arithmetic is on bigint: no floating point.
import { parseCoins, type Coin } from "@cosmjs/amino";

/** 100% in basis points. */
export const BPS_DENOMINATOR = 10_000n;
/** The highest rate the chain's params accept (10%). */
export const MAX_RATE_BPS = 1_000;

/** The PIVC params that matter to a quote (x/pivc Params). */
export interface PivcRates {
  /** rate_bps: the fee rate in basis points (500 = 5%). */
  readonly rateBps: number;
  /** growth_share_bps: the growth pool's share of each fee (6000 = 60%). */
  readonly growthShareBps: number;
}

/** The chain's defaults (x/pivc DefaultParams): 5%, split 60% growth / 40% UBO. */
export const DEFAULT_PIVC_RATES: PivcRates = { rateBps: 500, growthShareBps: 6000 };

/** What a transfer of `amount` costs and where the fee goes. */
export interface PivcQuote {
  /** What the recipient receives. */
  readonly amount: Coin[];
  /** The PIVC charged on top of the amount. */
  readonly fee: Coin[];
  /** amount + fee: what leaves the sender's account (gas not included). */
  readonly total: Coin[];
  /** The part of the fee that goes to the growth pool. */
  readonly toGrowth: Coin[];
  /** The part of the fee that goes to the UBO pool. */
  readonly toUbo: Coin[];
  /** The rate used, in basis points. */
  readonly rateBps: number;
}

function checkBps(name: string, v: number, max: number): bigint {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new RangeError(`${name} must be an integer in [0, ${max}], got ${v}`);
  }
  return BigInt(v);
}

function toBig(amount: bigint | number | string): bigint {
  const a = typeof amount === "bigint" ? amount : BigInt(amount);
  if (a < 0n) throw new RangeError(`amount must not be negative, got ${a}`);
  return a;
}

/** pivcFee returns ceil(amount × rateBps / 10000) for one coin amount. */
export function pivcFee(amount: bigint | number | string, rateBps: number = DEFAULT_PIVC_RATES.rateBps): bigint {
  const r = checkBps("rateBps", rateBps, MAX_RATE_BPS);
  return (toBig(amount) * r + BPS_DENOMINATOR - 1n) / BPS_DENOMINATOR;
}

/** splitPivcFee splits one fee amount into its growth and UBO parts (growth + ubo = fee). */
export function splitPivcFee(
  fee: bigint | number | string,
  growthShareBps: number = DEFAULT_PIVC_RATES.growthShareBps,
): { growth: bigint; ubo: bigint } {
  const g = checkBps("growthShareBps", growthShareBps, Number(BPS_DENOMINATOR));
  const f = toBig(fee);
  const ubo = (f * (BPS_DENOMINATOR - g)) / BPS_DENOMINATOR;
  return { growth: f - ubo, ubo };
}

function normalize(amount: Coin | readonly Coin[] | string): Coin[] {
  const coins = typeof amount === "string" ? parseCoins(amount) : Array.isArray(amount) ? [...amount] : [amount as Coin];
  const seen = new Set<string>();
  for (const c of coins) {
    if (seen.has(c.denom)) throw new Error(`duplicate denom ${c.denom}`);
    seen.add(c.denom);
    toBig(c.amount);
  }
  return coins.map((c) => ({ denom: c.denom, amount: BigInt(c.amount).toString() })).sort((a, b) => (a.denom < b.denom ? -1 : 1));
}

const positive = (c: Coin) => BigInt(c.amount) > 0n;

/**
 * quotePivc says what a transfer of `amount` between two ordinary accounts
 * costs: the exact fee per coin (5% rounded up at the default rate), the
 * total debited, and the growth / UBO split. `amount` is a coin, a list of
 * coins or a string such as "1000000uazr". Pass the chain's current params
 * (client.pivcRates()) if governance changed them. Exempt accounts and module
 * accounts pay no PIVC; ask the chain (client.pivcQuote with sender and
 * recipient) when that may apply.
 */
export function quotePivc(amount: Coin | readonly Coin[] | string, rates: PivcRates = DEFAULT_PIVC_RATES): PivcQuote {
  const coins = normalize(amount);
  const fee: Coin[] = [];
  const toGrowth: Coin[] = [];
  const toUbo: Coin[] = [];
  const total: Coin[] = [];
  for (const c of coins) {
    const f = pivcFee(c.amount, rates.rateBps);
    const { growth, ubo } = splitPivcFee(f, rates.growthShareBps);
    fee.push({ denom: c.denom, amount: f.toString() });
    toGrowth.push({ denom: c.denom, amount: growth.toString() });
    toUbo.push({ denom: c.denom, amount: ubo.toString() });
    total.push({ denom: c.denom, amount: (BigInt(c.amount) + f).toString() });
  }
  return {
    amount: coins.filter(positive),
    fee: fee.filter(positive),
    total: total.filter(positive),
    toGrowth: toGrowth.filter(positive),
    toUbo: toUbo.filter(positive),
    rateBps: rates.rateBps,
  };
}
