// Fixed names of the Nexus chain (DESIGN.md §1, app/config.go). The wallet
// metadata in clients/registry (chain.json, assetlist.json) says the same and
// the package's tests check both against a running node.

/** Bech32 prefix of account addresses (azora1...). */
export const BECH32_PREFIX = "azora";
/** Bech32 prefix of validator operator addresses. */
export const BECH32_PREFIX_VALOPER = "azoravaloper";

/** The native token: gas and PIVC are paid in it. 1 AZR = 10^6 uazr. */
export const BASE_DENOM = "uazr";
/** How wallets show BASE_DENOM. */
export const DISPLAY_DENOM = "AZR";
/** Decimal exponent between uazr and AZR. */
export const DENOM_EXPONENT = 6;

/** The validators' voting-power token; it cannot be sent between accounts. */
export const STAKE_DENOM = "ustake";

/** The minimum gas price a node started with `nexusd init` accepts. */
export const MIN_GAS_PRICE = "0.001uazr";
/**
 * The gas price this package uses by default ("average" in chain.json): above
 * the minimum, so a validator that raised its floor a little still accepts.
 */
export const DEFAULT_GAS_PRICE = "0.0025uazr";

/** Chain ids: the local devnet (`make devnet`) and the public testnet. */
export const DEVNET_CHAIN_ID = "nexus-devnet-1";
export const TESTNET_CHAIN_ID = "nexus-testnet-1";

/** aTokenDenom returns the bank denom of the a-Token with this symbol: a/<symbol>. */
export function aTokenDenom(symbol: string): string {
  if (!/^[a-z][a-z0-9]{2,15}$/.test(symbol)) {
    throw new Error(`invalid a-Token symbol "${symbol}": want [a-z][a-z0-9]{2,15}`);
  }
  return `a/${symbol}`;
}
