// A CosmJS Registry and AminoTypes that know every Nexus Msg besides the
// Cosmos SDK ones CosmJS ships. Both come from code generated from proto/
// (src/generated/nexus), so a new Msg is registered by `make proto-gen`.
import { Registry } from "@cosmjs/proto-signing";
import { AminoTypes, createDefaultAminoConverters, defaultRegistryTypes } from "@cosmjs/stargate";

import { nexusAminoConverters } from "./generated/nexus/amino.js";
import { nexusTypes } from "./generated/nexus/registry.js";

/** createNexusRegistry returns a Registry with the SDK's Msgs (CosmJS defaults) and every Nexus Msg. */
export function createNexusRegistry(): Registry {
  return new Registry([...defaultRegistryTypes, ...nexusTypes]);
}

/**
 * createNexusAminoTypes returns AminoTypes with the SDK's converters (CosmJS
 * defaults) and one for every Nexus Msg, for SIGN_MODE_LEGACY_AMINO_JSON
 * signers (Ledger, Keplr with Ledger, Secp256k1HdWallet).
 */
export function createNexusAminoTypes(): AminoTypes {
  return new AminoTypes({ ...createDefaultAminoConverters(), ...nexusAminoConverters });
}
