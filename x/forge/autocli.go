package forge

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"
)

// Service names of the generated gRPC services.
const (
	msgServiceName   = "azora.forge.v1.Msg"
	queryServiceName = "azora.forge.v1.Query"
)

// govNote is appended to the help of authority-gated commands.
const govNote = " Submitted as a governance proposal (the authority is x/gov): pass --title, --summary and --deposit; validators vote with `nexusd tx gov vote`."

// AutoCLIOptions implements autocli.HasAutoCLIConfig: every Msg and Query of
// x/forge has a command. Authority-gated Msgs are wrapped in a gov proposal.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: queryServiceName,
			Short:   "Query the asset registry, listings, orders and escrow",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "Params",
					Use:       "params",
					Short:     "Show the x/forge parameters",
				},
				{
					RpcMethod: "Roles",
					Use:       "roles",
					Short:     "List the arbiter and custodian role grants",
					Example:   "nexusd q forge roles --role custodian",
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"role": {Usage: "only this role: arbiter or custodian"},
					},
				},
				{
					RpcMethod:      "Asset",
					Use:            "asset [id]",
					Short:          "Show a registered asset",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod:      "AssetsByOwner",
					Use:            "assets-by-owner [owner]",
					Short:          "List the assets an account owns",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "owner"}},
				},
				{
					RpcMethod:      "Listing",
					Use:            "listing [id]",
					Short:          "Show a listing and whether it takes orders now",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "id"}},
				},
				{
					RpcMethod: "Listings",
					Use:       "listings",
					Short:     "List listings, optionally of one kind and/or seller",
					Example:   "nexusd q forge listings --kind labour\nnexusd q forge listings --seller azora1...",
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"kind":   {Usage: "only this kind: goods, service, labour or asset"},
						"seller": {Usage: "only this seller's listings"},
					},
				},
				{
					RpcMethod:      "Order",
					Use:            "order [order-id]",
					Short:          "Show an order (<listing-id>-<seq>) and, while open, its escrow",
					Example:        "nexusd q forge order 1-1",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}},
				},
				{
					RpcMethod:      "OrdersByBuyer",
					Use:            "orders-by-buyer [buyer]",
					Short:          "List an account's orders as buyer",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "buyer"}},
				},
				{
					RpcMethod:      "OrdersBySeller",
					Use:            "orders-by-seller [seller]",
					Short:          "List an account's orders as seller",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "seller"}},
				},
				{
					RpcMethod: "EscrowTotals",
					Use:       "escrow",
					Short:     "Show what the open orders hold in escrow and the escrow account's balance",
				},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: msgServiceName,
			Short:   "Register assets, list, order, settle and resolve disputes",
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{
					RpcMethod: "RegisterAsset",
					Use:       "register-asset [kind] [title] [custodian]",
					Short:     "Register a physical asset you own, held at a custodian's facility",
					Long: "Register a physical asset you own. kind is a slug ([a-z0-9-]{1,32}), the custodian must hold the " +
						"custodian role. The new asset id is in the tx events (azora.forge.v1.EventAssetRegistered).",
					Example: `nexusd tx forge register-asset vehicle "Toyota Hilux 2021, VIN ..." azora1custodian... ` +
						`--metadata-uri ipfs://bafy... --metadata-hash 9f86d0...0f00a08 --from alice`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "kind"}, {ProtoField: "title"}, {ProtoField: "custodian"}},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"metadata_uri":  {Usage: "URI of the off-chain description (at most 512 bytes)"},
						"metadata_hash": {Usage: "lower-case hex SHA-256 of the description (64 characters)"},
					},
				},
				{
					RpcMethod:      "TransferAsset",
					Use:            "transfer-asset [asset-id] [recipient]",
					Short:          "Give an asset you own (not listed, not under order) to another account",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "asset_id"}, {ProtoField: "recipient"}},
				},
				{
					RpcMethod:      "RecordHandover",
					Use:            "record-handover [order-id] [reference]",
					Short:          "As the asset's custodian, record that an ordered asset was handed over to the buyer",
					Example:        `nexusd tx forge record-handover 3-1 "gate receipt 0042" --from custodian`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}, {ProtoField: "reference"}},
				},
				{
					RpcMethod: "CreateListing",
					Use:       "create-listing [kind] [title] [unit-price] [quantity]",
					Short:     "Offer goods, a service, labour or an asset (kind: goods|service|labour|asset)",
					Long: "Offer goods, a service, labour or an asset at a unit price (one coin) with a stock. An asset listing " +
						"sells exactly 1 and needs --asset-id of an asset you own that is not listed already. Without --expiry the " +
						"listing stays open for max_listing_duration. --min-buyer-reputation N (0..1000000) admits only buyers whose " +
						"x/mesh reputation (the mean of the employee nodes they own) is at least N. The new listing id is in the tx events " +
						"(azora.forge.v1.EventListingCreated).",
					Example: `nexusd tx forge create-listing labour "Plumbing, per hour" 25000000uazr 40 --from alice` + "\n" +
						`nexusd tx forge create-listing asset "Toyota Hilux 2021" 300000000000uazr 1 --asset-id 1 --expiry 2027-01-01T00:00:00Z --from alice`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{
						{ProtoField: "kind"}, {ProtoField: "title"}, {ProtoField: "price"}, {ProtoField: "quantity"},
					},
					FlagOptions: map[string]*autocliv1.FlagOptions{
						"expiry":   {Usage: "when the listing stops taking orders (RFC 3339); default: max_listing_duration from now"},
						"asset_id": {Usage: "the asset an asset listing sells"},
					},
				},
				{
					RpcMethod:      "UpdateListing",
					Use:            "update-listing [listing-id] [unit-price] [quantity]",
					Short:          "Set your listing's unit price and stock (0 pauses sales); placed orders keep their price",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "listing_id"}, {ProtoField: "price"}, {ProtoField: "quantity"}},
				},
				{
					RpcMethod:      "WithdrawListing",
					Use:            "withdraw-listing [listing-id]",
					Short:          "Close your listing (its open orders go on)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "listing_id"}},
				},
				{
					RpcMethod: "PlaceOrder",
					Use:       "place-order [listing-id] [quantity] [unit-price]",
					Short:     "Buy from a listing: unit-price × quantity plus PIVC move into escrow",
					Long: "Buy from a listing. unit-price must equal the listing's current price (so a price change cannot " +
						"charge you more); unit-price × quantity plus the PIVC on it (see `nexusd q pivc quote`) move into the " +
						"forge escrow. The order id (<listing-id>-<seq>) is in the tx events (azora.forge.v1.EventOrderPlaced).",
					Example:        "nexusd tx forge place-order 1 2 25000000uazr --from bob",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "listing_id"}, {ProtoField: "quantity"}, {ProtoField: "unit_price"}},
				},
				{
					RpcMethod:      "AcceptOrder",
					Use:            "accept-order [order-id]",
					Short:          "As the seller, commit to an order (the buyer can then cancel only after expiry)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}},
				},
				{
					RpcMethod:      "ConfirmDelivery",
					Use:            "confirm-delivery [order-id]",
					Short:          "As the buyer, confirm delivery: the seller is paid, the PIVC goes to x/pivc, an asset changes owner",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}},
				},
				{
					RpcMethod:      "CancelOrder",
					Use:            "cancel-order [order-id]",
					Short:          "Refund an order in full (buyer: before acceptance or after expiry; seller: any time)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}},
				},
				{
					RpcMethod:      "OpenDispute",
					Use:            "open-dispute [order-id] [reason]",
					Short:          "As buyer or seller, freeze an order until an arbiter resolves it",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}, {ProtoField: "reason"}},
				},
				{
					RpcMethod:      "ResolveDispute",
					Use:            "resolve-dispute [order-id] [release|refund] [reason]",
					Short:          "As an arbiter, release a disputed or held order to the seller or refund the buyer",
					Example:        `nexusd tx forge resolve-dispute 1-2 refund "goods never shipped" --from arbiter`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "order_id"}, {ProtoField: "resolution"}, {ProtoField: "reason"}},
				},
				{
					RpcMethod:      "GrantRole",
					Use:            "grant-role [arbiter|custodian] [address]",
					Short:          "Propose to grant the arbiter or custodian role",
					Long:           "Propose to grant the arbiter or custodian role to an account." + govNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}, {ProtoField: "address"}},
					GovProposal:    true,
				},
				{
					RpcMethod:      "RevokeRole",
					Use:            "revoke-role [arbiter|custodian] [address]",
					Short:          "Propose to revoke the arbiter or custodian role",
					Long:           "Propose to revoke the arbiter or custodian role from an account." + govNote,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "role"}, {ProtoField: "address"}},
					GovProposal:    true,
				},
				{
					RpcMethod: "UpdateParams",
					Use:       "update-params [params]",
					Short:     "Propose new x/forge parameters (all of them, as JSON)",
					Long:      "Propose new x/forge parameters." + govNote,
					Example: `nexusd tx forge update-params '{"max_expiries_per_block":200,"order_ttl":"1209600s",` +
						`"max_listing_duration":"31536000s","closed_order_retention":"2592000s"}' --title ... --summary ... --deposit 10000000uazr --from alice`,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}},
					GovProposal:    true,
				},
			},
		},
	}
}
