// @azora-os/nexus-client — TypeScript/CosmJS client of the Nexus Value
// Exchange chain. See README.md.
export * from "./chain.js";
export * from "./client.js";
export * from "./events.js";
export * from "./pivc.js";
export * from "./registry.js";

// Generated from proto/ by `make proto-gen`.
export { nexusAminoConverters } from "./generated/nexus/amino.js";
export { setupNexusExtension, type NexusExtension, type NexusQueries } from "./generated/nexus/queries.js";
export { nexusAminoNames, nexusMsgs, nexusTypes, type DeepPartial, type EncodeObject as TypedEncodeObject } from "./generated/nexus/registry.js";
// One namespace per module with every message, query and event type:
// ledger.MsgTransfer, forge.ListingKind, pivc.QueryQuoteResponse, ...
export * from "./generated/nexus/modules.js";
