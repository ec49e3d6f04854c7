#!/usr/bin/env node
// ts-prune.mjs DIR — deletes the .ts files under DIR that no file under
// DIR/azora or DIR/nexus imports, directly or through other files. buf's
// include_imports makes ts-proto write every dependency of the Nexus protos,
// most of which only declare options (gogoproto, amino, cosmos_proto,
// google/api, descriptor.proto); the client needs only the message types the
// Nexus files use (Coin, PageRequest, Timestamp, ...).
import { readdirSync, readFileSync, rmSync, rmdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const root = resolve(process.argv[2]);
const walk = (d) =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
const files = walk(root).filter((f) => f.endsWith(".ts"));
const keep = new Set();
const queue = files.filter((f) => /^(azora|nexus)\//.test(relative(root, f)));
while (queue.length) {
  const f = queue.pop();
  if (keep.has(f)) continue;
  keep.add(f);
  for (const [, spec] of readFileSync(f, "utf8").matchAll(/from "(\.{1,2}\/[^"]+)\.js"/g)) {
    queue.push(resolve(dirname(f), spec + ".ts"));
  }
}
for (const f of files) if (!keep.has(f)) rmSync(f);
// Remove directories left empty, deepest first.
const dirs = (d) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => [...dirs(join(d, e.name)), join(d, e.name)]);
for (const d of dirs(root)) if (readdirSync(d).length === 0) rmdirSync(d);
