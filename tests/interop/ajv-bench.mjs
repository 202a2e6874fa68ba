// ajv's validation rate on the same sample and schema as SchemaBenchmarks (for the README's comparison):
//   node tests/interop/ajv-bench.mjs [seconds]
// The OB 3.0 "complete" example from ../shared/conformance (issuer id set as the .NET benchmark sets it, single proof
// as array as CredentialSchemaValidator normalizes it), the bundled AchievementCredential schema, ajv 8 2019-09 mode
// with ajv-formats, strict: false; single-threaded, after a warm-up. Prints {"validationsPerSec", "valid"}.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..', '..');
const shared = process.env.MCRED_SHARED ?? path.join(repo, '..', 'shared');
const seconds = Number(process.argv[2] ?? 3);

const schema = JSON.parse(await readFile(path.join(repo, 'schemas', 'ob', 'ob_v3p0_achievementcredential_schema.json'), 'utf8'));
const credential = JSON.parse(await readFile(path.join(shared, 'conformance', 'openbadges-3.0', 'examples', 'complete-openbadgecredential.json'), 'utf8'));
credential.issuer.id = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
if (credential.proof && !Array.isArray(credential.proof)) {
  credential.proof = [credential.proof];
}

const ajv = new Ajv2019({strict: false});
addFormats(ajv);
const validate = ajv.compile(schema);
const valid = validate(credential);

function run(ms) {
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) {
      validate(credential);
    }
    n += 1000;
  }
  return n;
}

run(1000);
const start = performance.now();
const n = run(seconds * 1000);
const elapsed = (performance.now() - start) / 1000;
console.log(JSON.stringify({validationsPerSec: Math.round(n / elapsed), valid}));
