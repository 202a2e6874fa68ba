// Reference side of the JSON-LD cross-check. stdin: {"docs": ["<json>", ...], "extraContexts": {url: "<json>"}?, "bench": "<json>"?, "benchMs": n?}.
// Each doc goes through jsonld.canonize (RDFC-1.0, N-Quads, safe mode) with a static loader over the library's
// bundled contexts (schemas/contexts/contexts.json); nothing is fetched. stdout: {"results": [{"nquads"} | {"error"}],
// "perSecond"?: canonicalizations per second of "bench" (single-threaded, after warm-up)}.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import jsonld from 'jsonld';

const here = path.dirname(fileURLToPath(import.meta.url));
const contextsDir = path.join(here, '..', '..', 'schemas', 'contexts');
const index = JSON.parse(await readFile(path.join(contextsDir, 'contexts.json'), 'utf8'));
const contexts = new Map();
for (const [url, file] of Object.entries(index.contexts)) {
  contexts.set(url, JSON.parse(await readFile(path.join(contextsDir, file), 'utf8')));
}

let extra = new Map();
const documentLoader = async url => {
  if (extra.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(extra.get(url))};
  }
  if (!contexts.has(url)) {
    throw new Error('not bundled: ' + url);
  }
  return {contextUrl: null, documentUrl: url, document: structuredClone(contexts.get(url))};
};

const options = {algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, documentLoader};

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
// Optional extra documents {url: "<json>"} served on top of the bundled contexts (in-the-wild issuers' own contexts).
extra = new Map(Object.entries(input.extraContexts ?? {}).map(([url, text]) => [url, JSON.parse(text)]));
const results = [];
for (const text of input.docs) {
  try {
    results.push({nquads: await jsonld.canonize(JSON.parse(text), options)});
  } catch (e) {
    results.push({error: String(e?.details?.event?.code ?? e?.details?.code ?? e?.name ?? e)});
  }
}

let perSecond;
if (input.bench) {
  const doc = JSON.parse(input.bench);
  for (let i = 0; i < 20; i++) {
    await jsonld.canonize(structuredClone(doc), options);
  }
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < (input.benchMs ?? 2000)) {
    await jsonld.canonize(structuredClone(doc), options);
    n++;
  }
  perSecond = n / ((performance.now() - start) / 1000);
}
process.stdout.write(JSON.stringify({results, perSecond}));
