// Reference verdicts for the differential test of the .NET JSON Schema validator (issue 12 §1).
//   node tests/interop/ajv-validate.mjs < items
// stdin: NDJSON, or one JSON array, of {"schemaId": "<$id or $id#/json/pointer>", "instance": <any>}.
// stdout: NDJSON, one line per item in order: {"valid": true} or {"valid": false, "errors": ["<instancePath> <keyword>", ...]}.
// ajv 8 in 2019-09 mode (ajv/dist/2019) with ajv-formats (full formats), strict: false, over the repository's bundled
// schemas (schemas/ob and schemas/elements); nothing is fetched.
import {readFile, readdir} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const schemasDir = path.join(here, '..', '..', 'schemas');

const ajv = new Ajv2019({strict: false, allErrors: true});
addFormats(ajv);
for (const folder of ['ob', 'elements']) {
  for (const file of await readdir(path.join(schemasDir, folder))) {
    if (file.endsWith('.json')) {
      ajv.addSchema(JSON.parse(await readFile(path.join(schemasDir, folder, file), 'utf8')));
    }
  }
}

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const text = Buffer.concat(chunks).toString('utf8').trim();
const items = text.startsWith('[')
  ? JSON.parse(text)
  : text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));

const validators = new Map();
const out = [];
for (const {schemaId, instance} of items) {
  let validate = validators.get(schemaId);
  if (!validate) {
    validate = ajv.getSchema(schemaId);
    if (!validate) {
      throw new Error(`unknown schema ${schemaId}`);
    }
    validators.set(schemaId, validate);
  }
  const valid = validate(instance);
  out.push(JSON.stringify(valid
    ? {valid: true}
    : {valid: false, errors: validate.errors.map((e) => `${e.instancePath} ${e.keyword}`)}));
}
process.stdout.write(out.join('\n') + '\n');
