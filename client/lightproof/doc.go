// Package lightproof proves values of Nexus's state to someone who trusts
// no node: a proof document carries the value, its ICS-23 store proof up to
// the app hash of block H+1, and the signed headers, commits and validator
// sets that lead to block H+1 from a trust root the verifier chooses (the
// genesis file, or a block height and hash). Verify checks it with
// CometBFT's light-client rules and no network access.
//
// One verifier serves `nexusd verify-proof` (offline), the online
// `nexusd q ledger verify-checkpoint` and `q mesh node-proof` (which fetch a
// document and verify it the same way), and programs such as the Nexus
// agent, whose reconciliation checks each checkpoint this way.
//
// # Fetching (online, trusts nothing it fetches)
//
//	doc, err := lightproof.ProveCheckpoint(ctx, rpc, height, 0, lightproof.BuildOptions{From: root.Height, Wait: 30 * time.Second})
//	doc, err := lightproof.ProveEntry(ctx, rpc, sequence, 0, opts)
//	doc, err := lightproof.ProveNode(ctx, rpc, "cor-lagos-accra", 0, opts)
//	doc, err := lightproof.ExportJournal(ctx, rpc, fromHeight, toHeight, opts)
//	bz, err := doc.Encode() // the file `--output-document` writes
//
// rpc is any Source: the SDK's client.CometRPC (clientCtx.GetNode()) or
// cometbft's rpc/client/http.
//
// # Verifying (offline)
//
//	root, err := lightproof.TrustGenesis(genesisJSON)          // or
//	root, err := lightproof.TrustBlock(height, hash)
//	res, err := lightproof.VerifyFile(fileBytes, root, lightproof.Options{})
//	res, err := lightproof.Verify(doc, root, lightproof.Options{TrustingPeriod: 504 * time.Hour})
//	cp, res, err := lightproof.VerifyCheckpoint(doc, height, root, lightproof.Options{}) // a checkpoint only
//
// On success res.Checkpoint (or Entry, Node, Journal) is the decoded value,
// res.Steps what each step established, res.Assumptions what the result
// rests on. A failure is a *StepError naming the step ("document", "root",
// "light", "store", then "checkpoint", "entry", "node" or "journal"). A
// document proving that its subject is absent returns the result with
// Exists false and a not-found error (errors.Is(err,
// ledgertypes.ErrCheckpointNotFound) etc.).
//
// A client that verifies proof after proof can move its root forward:
// res.Next is the verified last block as a TrustRoot (height, hash and
// validator set), and the next document fetched with From: res.Next.Height
// verifies from it with a one-block path.
//
// # The document
//
// JSON (Document): format, chain_id, subject, light_blocks (each a signed
// header in CometBFT's JSON and, where it changed, the validator set),
// store_proof (store, key, height, exists, value, proof_ops). Parse accepts
// only the exact bytes Encode writes, so every byte of a file is either
// checked or fixed by the format.
package lightproof
