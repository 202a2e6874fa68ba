// Expands JSON-LD documents with the reference jsonld.js (safe mode) and a static document loader over
// schemas/contexts/contexts.json: nothing is fetched. Safe mode turns every dropped term, relative @type
// or relative IRI into an error, which is what "expands with no dropped terms" means here.
// Input (stdin): JSON array of {"name": string, "document": object, "contexts"?: {url: context document}}
// ("contexts" serves extra third-party contexts for that document only, e.g. to show a foreign context is broken).
// Output (stdout): JSON array of {"name", "ok", "error"?, "expanded"?}.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsonld from 'jsonld';

const here = dirname(fileURLToPath(import.meta.url));
const contextsDir = join(here, '..', '..', 'schemas', 'contexts');
const index = JSON.parse(readFileSync(join(contextsDir, 'contexts.json'), 'utf8')).contexts;

const loaderFor = (extra) => async (url) => {
  if (extra && Object.hasOwn(extra, url)) {
    return { contextUrl: null, documentUrl: url, document: extra[url] };
  }
  const file = index[url];
  if (!file) {
    throw new Error(`static loader: no local copy of ${url}`);
  }
  return { contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(join(contextsDir, file), 'utf8')) };
};

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const { name, document, contexts } of input) {
  try {
    const expanded = await jsonld.expand(document, { safe: true, documentLoader: loaderFor(contexts) });
    results.push({ name, ok: true, expanded });
  } catch (e) {
    results.push({ name, ok: false, error: `${e.name}: ${e.message}${e.details?.event ? ' ' + JSON.stringify(e.details.event.details ?? {}) : ''}` });
  }
}
process.stdout.write(JSON.stringify(results));
