#!/usr/bin/env node
// Merges the per-file swagger 2 documents that protoc-gen-openapiv2 writes
// into one OpenAPI document for the Nexus REST API (served at
// /nexus/openapi.json by nexusd). Deterministic: files and keys are sorted.
'use strict';
const fs = require('fs');
const path = require('path');

const [inDir, outFile] = process.argv.slice(2);
if (!inDir || !outFile) {
  console.error('usage: merge-openapi.js <dir> <out.json>');
  process.exit(2);
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : (p.endsWith('.swagger.json') ? [p] : []);
  }).sort();
}

function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.keys(v).sort().reduce((o, k) => { o[k] = sortKeys(v[k]); return o; }, {});
  }
  return v;
}

const merged = {
  swagger: '2.0',
  info: {
    title: 'Nexus Value Exchange REST API',
    description: 'REST (gRPC-gateway) routes of the Nexus modules. The Cosmos SDK routes are served at /swagger/.',
    version: 'v1',
  },
  consumes: ['application/json'],
  produces: ['application/json'],
  paths: {},
  definitions: {},
  tags: [],
};
const tags = new Set();
for (const f of walk(inDir)) {
  const doc = JSON.parse(fs.readFileSync(f, 'utf8'));
  Object.assign(merged.paths, doc.paths || {});
  Object.assign(merged.definitions, doc.definitions || {});
  for (const t of doc.tags || []) tags.add(t.name);
}
merged.tags = [...tags].sort().map((name) => ({ name }));
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, JSON.stringify(sortKeys(merged), null, 2) + '\n');
console.log(`openapi: ${Object.keys(merged.paths).length} paths -> ${outFile}`);
