// Reference side of the Data Integrity cross-check (eddsa-rdfc-2022, ecdsa-rdfc-2019) with @digitalbazaar/vc.
// stdin:  {"contexts": {"<url>": <json>}, "now": "<ISO>", "verify": [<credential>...],
//          "sign": [{"suite": "eddsa-rdfc-2022"|"ecdsa-rdfc-2019", "key": {"id","controller","publicKeyMultibase","secretKeyMultibase"},
//                    "created": "<ISO>", "credential": <unsigned credential>}...]}
// stdout: {"verify": [{"verified": bool, "error": "<message>"|null}...], "signed": [<credential>...]}
// Offline: contexts come from stdin and did:key is resolved locally; any other URL is an error.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const didKey = didKeyDriver();
didKey.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
didKey.use({multibaseMultikeyHeader: 'zDna', fromMultibase: EcdsaMultikey.from});
didKey.use({multibaseMultikeyHeader: 'z82L', fromMultibase: EcdsaMultikey.from});

async function documentLoader(url) {
  if(Object.prototype.hasOwnProperty.call(input.contexts, url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(input.contexts[url])};
  }
  if(url.startsWith('did:key:')) {
    return {contextUrl: null, documentUrl: url, document: await didKey.get({url})};
  }
  throw new Error(`offline document loader: ${url} is not available`);
}

const suites = {'eddsa-rdfc-2022': eddsaRdfc2022, 'ecdsa-rdfc-2019': ecdsaRdfc2019};
const verifySuites = Object.values(suites).map(cryptosuite => new DataIntegrityProof({cryptosuite}));

const verify = [];
for(const credential of input.verify) {
  try {
    const result = await vc.verifyCredential({credential, suite: verifySuites, documentLoader, now: input.now});
    verify.push({verified: result.verified === true, error: result.verified ? null : String(result.error?.errors?.[0]?.message ?? result.error?.message ?? result.error)});
  } catch(e) {
    verify.push({verified: false, error: String(e.message ?? e)});
  }
}

const signed = [];
for(const job of input.sign) {
  const fromKey = job.suite.startsWith('eddsa') ? Ed25519Multikey.from : EcdsaMultikey.from;
  const keyPair = await fromKey({...job.key, type: 'Multikey'});
  const suite = new DataIntegrityProof({signer: keyPair.signer(), date: job.created, cryptosuite: suites[job.suite]});
  signed.push(await vc.issue({credential: job.credential, suite, documentLoader}));
}

process.stdout.write(JSON.stringify({verify, signed}));
