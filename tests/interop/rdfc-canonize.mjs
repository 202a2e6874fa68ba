// Reference side of the RDFC-1.0 cross-check: reads {"datasets": ["<n-quads>", ...]} on stdin and writes
// {"results": [{"nquads": "...", "map": {"<input label>": "c14nN"}}, ...]} using rdf-canonize.
import * as canonize from 'rdf-canonize';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const results = [];
for (const text of input.datasets) {
  const canonicalIdMap = new Map();
  const nquads = await canonize.canonize(text, {
    algorithm: 'RDFC-1.0',
    inputFormat: 'application/n-quads',
    format: 'application/n-quads',
    maxWorkFactor: Infinity,
    canonicalIdMap
  });
  results.push({nquads, map: Object.fromEntries(canonicalIdMap)});
}
process.stdout.write(JSON.stringify({results}));
