// Measures the reference JS implementation on this machine, for the README's speed comparison:
//   node tests/interop/bench-reference.mjs <unsigned-credential.json> [seconds]
// prints {"canonizePerSec", "signPerSec", "verifyPerSec"} for eddsa-rdfc-2022, single-threaded, after a warm-up,
// with a static document loader over the library's bundled contexts and local did:key resolution (nothing fetched).
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';

const here = path.dirname(fileURLToPath(import.meta.url));
const contextsDir = path.join(here, '..', '..', 'schemas', 'contexts');
const index = JSON.parse(await readFile(path.join(contextsDir, 'contexts.json'), 'utf8'));
const contexts = new Map();
for (const [url, file] of Object.entries(index.contexts)) {
  contexts.set(url, JSON.parse(await readFile(path.join(contextsDir, file), 'utf8')));
}
const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
async function documentLoader(url) {
  if (contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(contexts.get(url))};
  }
  if (url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
  }
  throw new Error('offline: ' + url);
}

const credential = JSON.parse(await readFile(process.argv[2], 'utf8'));
const seconds = Number(process.argv[3] ?? 5);
const keyPair = await Ed25519Multikey.generate();
keyPair.controller = `did:key:${keyPair.publicKeyMultibase}`;
keyPair.id = `${keyPair.controller}#${keyPair.publicKeyMultibase}`;
delete credential.proof;
// Status checking needs a fetch; both sides measure the proof alone.
delete credential.credentialStatus;
if (typeof credential.issuer === 'object') credential.issuer.id = keyPair.controller; else credential.issuer = keyPair.controller;

async function rate(op) {
  for (let i = 0; i < 20; i++) await op();
  const end = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  while (performance.now() < end) { await op(); n++; }
  return n / ((performance.now() - start) / 1000);
}

const suite = () => new DataIntegrityProof({signer: keyPair.signer(), cryptosuite: eddsaRdfc2022});
const signed = await vc.issue({credential: structuredClone(credential), suite: suite(), documentLoader});
const verifySuite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const canonizePerSec = await rate(() => jsonld.canonize(credential, {algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, documentLoader}));
const signPerSec = await rate(() => vc.issue({credential: structuredClone(credential), suite: suite(), documentLoader}));
const verifyPerSec = await rate(async () => {
  const r = await vc.verifyCredential({credential: signed, suite: verifySuite, documentLoader});
  if (!r.verified) throw new Error('reference verification failed: ' + JSON.stringify(r.error?.errors?.[0]?.message ?? r.error?.message));
});
process.stdout.write(JSON.stringify({suite: 'eddsa-rdfc-2022', canonizePerSec, signPerSec, verifyPerSec, node: process.version}) + '\n');
