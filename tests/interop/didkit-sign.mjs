// DIDKit as LearnCard ships it (@learncard/didkit-plugin wasm, spruceid ssi): issues Ed25519Signature2020 (or another
// proof type DIDKit supports) with an Ed25519 key from a fixed seed, issuer did:key; offline (contexts from stdin as
// DIDKit's context map; did:key is resolved inside DIDKit).
// stdin:  {"contexts": {"<url>": <json>}, "seed": "<64 hex>", "created": "<ISO>", "type": "Ed25519Signature2020",
//          "sign": [<unsigned credential>...], "verify": [<credential>...]}
// stdout: {"version": "<didkit>", "did": "<did:key>", "signed": [<credential>|{"error": "<message>"}...],
//          "verify": [{"verified": bool, "error": "<message>"|null}...]}
import fs from 'node:fs';
import * as didkit from './node_modules/@learncard/didkit-plugin/dist/didkit/didkit_wasm.js';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

await didkit.default({module_or_path: fs.readFileSync(new URL('./node_modules/@learncard/didkit-plugin/dist/didkit/didkit_wasm_bg.wasm', import.meta.url))});

const contextMap = JSON.stringify(Object.fromEntries(Object.entries(input.contexts).map(([url, doc]) => [url, JSON.stringify(doc)])));
const jwk = didkit.generateEd25519KeyFromBytes(Buffer.from(input.seed, 'hex'));
const did = didkit.keyToDID('key', jwk);
const verificationMethod = await didkit.keyToVerificationMethod('key', jwk);
const proofOptions = JSON.stringify({type: input.type ?? 'Ed25519Signature2020', proofPurpose: 'assertionMethod', verificationMethod, created: input.created});

const signed = [];
for(const credential of input.sign ?? []) {
  try {
    const result = await didkit.issueCredential(JSON.stringify(credential), proofOptions, jwk, contextMap);
    signed.push(typeof result === 'string' ? JSON.parse(result) : result);
  } catch(e) {
    signed.push({error: String(e?.message ?? e)});
  }
}

const verify = [];
for(const credential of input.verify ?? []) {
  try {
    const result = await didkit.verifyCredential(JSON.stringify(credential), JSON.stringify({proofPurpose: 'assertionMethod'}), contextMap);
    const parsed = typeof result === 'string' ? JSON.parse(result) : result;
    const errors = parsed.errors ?? [];
    verify.push({verified: errors.length === 0, error: errors.length ? errors.join('; ') : null});
  } catch(e) {
    verify.push({verified: false, error: String(e?.message ?? e)});
  }
}

process.stdout.write(JSON.stringify({version: didkit.getVersion(), did, signed, verify}));
