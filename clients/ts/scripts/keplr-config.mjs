#!/usr/bin/env node
// npm run keplr — (re)writes clients/registry/keplr-chain-info.json, the
// config a dApp passes to Keplr's experimentalSuggestChain, from chain.json
// and assetlist.json with the chain registry's own converter
// (@chain-registry/keplr's chainRegistryChainToKeplr). Never edit the output
// by hand: test/registry.test.mjs fails if it differs from what this writes.
import { writeFileSync } from "node:fs";
import { keplrChainInfo, keplrFile, keplrJSON } from "./registry.mjs";

writeFileSync(keplrFile, keplrJSON(await keplrChainInfo()));
console.log(`wrote ${keplrFile}`);
