// Reference verdicts for the differential tests of the .NET SHACL validator and Turtle reader (issue 15 §4).
//   node tests/interop/shacl-validate.mjs < items
// stdin: NDJSON, one item a line, either
//   {"shapes": "<N-Quads>", "data": "<N-Quads>"}  -> {"conforms": bool, "results": [{focus, path, value, shape, component, severity, message}]}
//   {"turtle": "<Turtle text>", "base": "<IRI>"}   -> {"nquads": "<N-Quads as n3 parses the Turtle>"} or {"error": "..."}
// stdout: NDJSON, one line per item, in order. rdf-validate-shacl 0.6.5 with @zazuko/env-node 3.0.0; n3 2.13.12
// parses both formats. Both validators get the same N-Quads, so parsing differences cannot explain a disagreement.
import rdf from '@zazuko/env-node';
import SHACLValidator from 'rdf-validate-shacl';
import {Parser, Writer} from 'n3';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const items = Buffer.concat(chunks).toString('utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));

function dataset(nquads) {
  const ds = rdf.dataset();
  for (const q of new Parser({format: 'N-Quads'}).parse(nquads)) {
    // SHACL validates one graph: the union of the dataset's graphs, as the .NET side reads it.
    ds.add(rdf.quad(q.subject, q.predicate, q.object));
  }
  return ds;
}

// owl:imports are never fetched: the caller has already merged every imported shapes file into the shapes graph.
const importGraph = async () => rdf.dataset();

// Terms as the C# side renders them for comparison: <iri>, "lexical"@lang or "lexical"^^<datatype>, and "_:" for
// every blank node (labels differ between the two validators' copies of the data).
const term = (t) => (t == null ? null : t.termType === 'BlankNode' ? '_:' : t.termType === 'Literal'
  ? '"' + t.value + '"' + (t.language ? '@' + t.language : '^^<' + t.datatype.value + '>') : '<' + t.value + '>');

for (const item of items) {
  try {
    if (item.turtle !== undefined) {
      const quads = new Parser({baseIRI: item.base}).parse(item.turtle);
      process.stdout.write(JSON.stringify({nquads: new Writer({format: 'N-Quads'}).quadsToString(quads)}) + '\n');
      continue;
    }
    const validator = new SHACLValidator(dataset(item.shapes), {factory: rdf, importGraph});
    const report = await validator.validate(dataset(item.data));
    const results = report.results.map((r) => ({
      focus: term(r.focusNode),
      path: term(r.path),
      value: term(r.value),
      shape: term(r.sourceShape),
      component: r.sourceConstraintComponent?.value ?? null,
      severity: r.severity?.value ?? null,
      message: r.message.map((m) => m.value),
    }));
    process.stdout.write(JSON.stringify({conforms: report.conforms, results}) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({error: String(e && e.message || e)}) + '\n');
  }
}
