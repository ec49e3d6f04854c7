// examples/pivc-transfer.mjs, run as the README says, prints a receipt whose
// numbers add up.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, it } from "node:test";
import { env } from "./helpers.mjs";

describe("examples/pivc-transfer.mjs", () => {
  it("sends a PIVC-charged payment and prints the receipt", async () => {
    const script = join(dirname(fileURLToPath(import.meta.url)), "..", "examples", "pivc-transfer.mjs");
    const { stdout } = await promisify(execFile)("node", [script, "2000000"], {
      env: { ...process.env, NEXUS_RPC_URL: env("NEXUS_RPC_URL"), NEXUS_DEVNET_HOME: env("NEXUS_DEVNET_HOME") },
    });
    const debit = /sender debit:\s+(\d+)uazr = amount 2000000 \+ PIVC 100000uazr \+ gas fee (\d+)uazr/.exec(stdout);
    assert.ok(debit, stdout);
    assert.equal(BigInt(debit[1]), 2_000_000n + 100_000n + BigInt(debit[2]));
    assert.match(stdout, /recipient credit: 2000000uazr/);
    assert.match(stdout, /PIVC split:\s+growth pool \+60000uazr, UBO pool \+40000uazr/);
  });
});
