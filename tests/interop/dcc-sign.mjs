// DCC's stack (Digital Credentials Consortium, the Learner Credential Wallet / verifier-core): @digitalcredentials/vc
// with Ed25519Signature2020 (canonicalizes through @digitalcredentials/jsonld 9 -> rdf-canonize 3.4.0) and
// DataIntegrityProof + @digitalcredentials/eddsa-rdfc-2022-cryptosuite (rdf-canonize 4.x), set up as verifier-core does.
// stdin:  {"contexts": {"<url>": <json>}, "seed": "<64 hex>", "created": "<ISO>", "now": "<ISO>",
//          "sign": [{"suite": "Ed25519Signature2020"|"eddsa-rdfc-2022", "credential": <unsigned>}...],
//          "verify": [<credential>...]}
// stdout: {"did": "<did:key>", "signed": [<credential>...], "verify": [{"verified": bool, "error": "<message>"|null}...]}
// Offline: contexts come from stdin, did:key is resolved locally; any other URL is an error.
import * as vc from '@digitalcredentials/vc';
import {Ed25519Signature2020} from '@digitalcredentials/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalcredentials/ed25519-verification-key-2020';
import {DataIntegrityProof} from '@digitalcredentials/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalcredentials/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalcredentials/ed25519-multikey';
import * as didKey from '@digitalcredentials/did-method-key';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

// As @digitalcredentials/security-document-loader registers it.
const didKeyDriver = didKey.driver();
didKeyDriver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});

async function documentLoader(url) {
  if(Object.prototype.hasOwnProperty.call(input.contexts, url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(input.contexts[url])};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKeyDriver.get({url})};
  }
  throw new Error(`offline document loader: ${url} is not available`);
}

const key2020 = await Ed25519VerificationKey2020.generate({seed: Buffer.from(input.seed, 'hex')});
const fingerprint = key2020.fingerprint();
const did = `did:key:${fingerprint}`;
key2020.id = `${did}#${fingerprint}`;
key2020.controller = did;
const multikey = await Ed25519Multikey.from({
  '@context': 'https://w3id.org/security/multikey/v1', type: 'Multikey', id: key2020.id, controller: did,
  publicKeyMultibase: key2020.publicKeyMultibase, secretKeyMultibase: await multikeySecret(key2020)
});

// Ed25519VerificationKey2020's private key multibase (0x80 0x26 || seed || public) is the Multikey secret encoding too.
async function multikeySecret(key) {
  return key.privateKeyMultibase;
}

const signed = [];
for(const job of input.sign) {
  const suite = job.suite === 'Ed25519Signature2020'
    ? new Ed25519Signature2020({key: key2020, date: input.created})
    : new DataIntegrityProof({signer: multikey.signer(), date: input.created, cryptosuite: eddsaRdfc2022});
  signed.push(await vc.issue({credential: job.credential, suite, documentLoader}));
}

const verifySuites = [new Ed25519Signature2020(), new DataIntegrityProof({cryptosuite: eddsaRdfc2022})];
const verify = [];
for(const credential of input.verify ?? []) {
  try {
    const result = await vc.verifyCredential({credential, suite: verifySuites, documentLoader, now: input.now, verifyMatchingIssuers: false});
    verify.push({verified: result.verified === true, error: result.verified ? null : String(result.error?.errors?.[0]?.message ?? result.error?.message ?? result.error)});
  } catch(e) {
    verify.push({verified: false, error: String(e.message ?? e)});
  }
}

process.stdout.write(JSON.stringify({did, signed, verify}));
