// The wallet metadata of clients/registry, read in the chain-registry JSON
// format (snake_case, as in the cosmos/chain-registry repository) and turned
// into the camelCase objects @chain-registry/types describes and
// @chain-registry/keplr converts: the same key conversion the chain-registry
// npm package applies to the repository's files.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const registryDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "registry");

/** camelKey: chain_id → chainId, logo_URIs → logoURIs, grpc-web → grpcWeb; "$schema" and "linux/amd64" stay. */
export function camelKey(key) {
  if (key.startsWith("$") || key.includes("/")) return key;
  return key.replace(/[_-]([a-zA-Z0-9])/g, (_, c) => c.toUpperCase());
}

/** camelize converts every object key of a chain-registry JSON value. */
export function camelize(value) {
  if (Array.isArray(value)) return value.map(camelize);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelKey(k), camelize(v)]));
  }
  return value;
}

/** readRegistry returns chain.json and assetlist.json as written (snake_case). */
export function readRegistry() {
  const read = (f) => JSON.parse(readFileSync(join(registryDir, f), "utf8"));
  return { chain: read("chain.json"), assetList: read("assetlist.json") };
}

/**
 * keplrChainInfo is the Keplr experimentalSuggestChain config, made by
 * @chain-registry/keplr's chainRegistryChainToKeplr, with two corrections of
 * what the converter (2.0.202) gets wrong for this chain:
 *  - it looks the staking token up by symbol ("STAKE") instead of denom
 *    ("ustake"), finds nothing and takes the first asset (AZR) as the
 *    stake currency; we take the staking token's currency by its denom;
 *  - it always adds the "ibc-transfer" and "ibc-go" features, but nexusd runs
 *    no IBC module, so Keplr would offer IBC transfers that cannot work.
 * test/registry.test.mjs checks both against the running node.
 */
export async function keplrChainInfo() {
  const { chainRegistryChainToKeplr } = await import("@chain-registry/keplr");
  const { chain, assetList } = readRegistry();
  const info = chainRegistryChainToKeplr(camelize(chain), [camelize(assetList)]);
  const stakeDenom = chain.staking?.staking_tokens?.[0]?.denom;
  const stake = info.currencies.find((c) => c.coinMinimalDenom === stakeDenom);
  if (stake) info.stakeCurrency = stake;
  info.features = info.features.filter((f) => !f.startsWith("ibc"));
  return info;
}

/** The committed file keplrChainInfo() must equal. */
export const keplrFile = join(registryDir, "keplr-chain-info.json");

/** keplrJSON is how the committed file is written. */
export const keplrJSON = (info) => JSON.stringify(info, null, 2) + "\n";
