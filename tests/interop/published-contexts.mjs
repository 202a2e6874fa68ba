// Issue 15 §5: does a credential we issue work for a verifier that has ONLY the published contexts?
// stdin:  {"credentials": [<signed credential>...], "now": "<ISO>"}
// stdout: {"results": [{"expanded": bool, "expandError": "..."|null, "schemaValid": bool, "schemaErrors": [...],
//                       "verified": bool, "verifyError": "..."|null}...], "loaded": ["<url>"...]}
// The document loader knows the published contexts only: the W3C VC 1.1/2.0 contexts and the Data Integrity
// contexts as Digital Bazaar ships them (@digitalbazaar/credentials-context, @digitalbazaar/data-integrity-context),
// and 1EdTech's OB 3.0 contexts (the repository's verbatim copies of the files published at purl.imsglobal.org, see
// schemas/contexts/SOURCES.md). It is never given https://w3id.org/mcred/v1 (the URL we used to refer to, which is not
// published): any other URL, that one included, is an error, and every URL asked for is reported.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {contexts as dataIntegrityContexts} from '@digitalbazaar/data-integrity-context';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..', '..');

const published = new Map([...credentialsContexts, ...dataIntegrityContexts]);
for (const [url, file] of [
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'ob-v3p0-context-3.0.3.json'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', 'ob-v3p0-extensions.json'],
]) {
  published.set(url, JSON.parse(await readFile(path.join(repo, 'schemas', 'contexts', file), 'utf8')));
}

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

const loaded = new Set();
async function documentLoader(url) {
  loaded.add(url);
  if (published.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(published.get(url))};
  }
  if (url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
  }
  throw new Error(`published-contexts loader: ${url} is not a published context known offline`);
}

const ajv = new Ajv2019({strict: false, allErrors: true});
addFormats(ajv);
const validate = ajv.compile(JSON.parse(await readFile(path.join(repo, 'schemas', 'ob', 'ob_v3p0_achievementcredential_schema.json'), 'utf8')));

const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
const results = [];
for (const credential of input.credentials) {
  const result = {};
  try {
    // Safe mode: a term that does not expand (or any other lossy construct) is an error, not silently dropped.
    await jsonld.expand(structuredClone(credential), {documentLoader, safe: true});
    result.expanded = true;
    result.expandError = null;
  } catch (e) {
    result.expanded = false;
    result.expandError = String(e.message ?? e);
  }
  const unsigned = structuredClone(credential);
  delete unsigned.proof;
  result.schemaValid = validate(unsigned) === true;
  result.schemaErrors = result.schemaValid ? [] : validate.errors.map((e) => `${e.instancePath} ${e.keyword} ${e.message}`);
  try {
    const verification = await vc.verifyCredential({credential, suite, documentLoader, now: input.now});
    result.verified = verification.verified === true;
    result.verifyError = result.verified ? null : String(verification.error?.errors?.[0]?.message ?? verification.error?.message ?? verification.error);
  } catch (e) {
    result.verified = false;
    result.verifyError = String(e.message ?? e);
  }
  results.push(result);
}

process.stdout.write(JSON.stringify({results, loaded: [...loaded].sort()}));
