#!/usr/bin/env node
// The `pocketlite` command. `pocketlite codegen` writes record types for a PocketBase schema,
// read from a JSON file (an array of collections, or GET /api/collections' {items}) or from a
// running server as a superuser, and beside them the schema JSON the app opens its replica with
// (its users cannot read GET /api/collections at run time).
import fs from 'node:fs';

import { generateTypes } from './codegen.js';
import { appSchema, type CollectionDefinition } from './schema-types.js';

const USAGE = `usage: pocketlite codegen (--schema <file.json> | --url <server> (--token <t> | --email <e> --password <p>))
                          [--out <file.ts>] [--schema-out <file.json>] [--import <module>]
  --schema-out defaults to the --out file with .schema.json for .ts`;

function parseArgs(args: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i]!;
    const value = args[i + 1];
    if (!key.startsWith('--') || value === undefined) throw new Error(`expected --option value at '${key}'`);
    out.set(key.slice(2), value);
  }
  return out;
}

async function superuserToken(url: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: email, password }),
  });
  if (!response.ok) throw new Error(`superuser sign-in at ${url} failed (${response.status})`);
  return ((await response.json()) as { token: string }).token;
}

async function serverCollections(url: string, token: string): Promise<CollectionDefinition[]> {
  const response = await fetch(`${url}/api/collections?perPage=500`, { headers: { authorization: token } });
  if (!response.ok)
    throw new Error(`GET ${url}/api/collections failed (${response.status}): a superuser token is needed`);
  return ((await response.json()) as { items: CollectionDefinition[] }).items;
}

function fileCollections(file: string): CollectionDefinition[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown }).items;
  if (!Array.isArray(items)) throw new Error(`${file}: expected an array of collections or {"items": [...]}`);
  return items as CollectionDefinition[];
}

async function codegen(args: Map<string, string>): Promise<void> {
  const schema = args.get('schema');
  const url = args.get('url')?.replace(/\/+$/, '');
  if (!schema === !url) throw new Error('give exactly one of --schema or --url');
  let collections: CollectionDefinition[];
  if (schema) {
    collections = fileCollections(schema);
  } else {
    const email = args.get('email');
    const password = args.get('password');
    const token =
      args.get('token') ?? (email && password ? await superuserToken(url!, email, password) : undefined);
    if (!token) throw new Error('--url needs --token, or --email and --password of a superuser');
    collections = await serverCollections(url!, token);
  }
  const source = generateTypes(collections, { importFrom: args.get('import'), source: schema ?? url });
  const out = args.get('out');
  if (out) fs.writeFileSync(out, source);
  else process.stdout.write(source);
  const schemaOut = args.get('schema-out') ?? (out ? out.replace(/\.ts$/, '') + '.schema.json' : undefined);
  const app = appSchema(collections);
  if (schemaOut) fs.writeFileSync(schemaOut, JSON.stringify(app, null, 2) + '\n');
  if (out) console.error(`wrote ${app.length} record types to ${out}`);
  if (schemaOut) console.error(`wrote the schema of ${app.length} collections to ${schemaOut}`);
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === '--help' || command === '-h' || command === 'help' || rest.includes('--help')) {
    console.log(`pocketlite: record types and the app schema from a PocketBase schema\n${USAGE}`);
  } else if (command !== 'codegen')
    throw new Error(command ? `unknown command '${command}'` : 'no command given');
  else await codegen(parseArgs(rest));
} catch (error) {
  console.error(`pocketlite: ${(error as Error).message}\n${USAGE}`);
  process.exitCode = 1;
}
