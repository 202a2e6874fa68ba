// Reference side of the JCS cross-check: reads {"bits": ["<16 hex digits>", ...], "docs": ["<json>", ...]}
// on stdin; writes {"numbers": [String(x) per double], "docs": [canonicalize(JSON.parse(doc)) per doc]} on stdout.
import canonicalize from 'canonicalize';

const chunks = [];
for await (const chunk of process.stdin) {
  chunks.push(chunk);
}
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const numbers = input.bits.map(hex => {
  const x = Buffer.from(hex, 'hex').readDoubleBE(0);
  // JSON.stringify of a finite number is Number::toString, which RFC 8785 adopts.
  return JSON.stringify(x);
});
const docs = input.docs.map(text => canonicalize(JSON.parse(text)));
process.stdout.write(JSON.stringify({numbers, docs}));
