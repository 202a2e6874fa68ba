// Independent compact-JWS implementation on node's built-in crypto, used by the C# interop tests.
// stdin: {"op":"sign","header":{...},"payload":{...},"jwk":{private JWK}}  -> stdout: {"jwt":"..."}
//        {"op":"verify","jwt":"...","jwk":{public JWK}}                  -> stdout: {"verified":bool,"header":{...},"payload":{...}}
// ES256 signatures use the JOSE r||s encoding (ieee-p1363); EdDSA is Ed25519; RS256 is PKCS#1 v1.5 with SHA-256.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';

const b64u = (buf) => Buffer.from(buf).toString('base64url');
const fromB64u = (s) => Buffer.from(s, 'base64url');

function params(alg, key) {
  switch (alg) {
    case 'EdDSA': return { hash: null, key };
    case 'ES256': return { hash: 'sha256', key: { key, dsaEncoding: 'ieee-p1363' } };
    case 'RS256': return { hash: 'sha256', key };
    default: throw new Error(`unsupported alg ${alg}`);
  }
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));

if (req.op === 'sign') {
  const key = createPrivateKey({ key: req.jwk, format: 'jwk' });
  const input = `${b64u(JSON.stringify(req.header))}.${b64u(JSON.stringify(req.payload))}`;
  const p = params(req.header.alg, key);
  const sig = sign(p.hash, Buffer.from(input, 'ascii'), p.key);
  process.stdout.write(JSON.stringify({ jwt: `${input}.${b64u(sig)}` }));
} else if (req.op === 'verify') {
  const [h, pl, s] = req.jwt.split('.');
  const header = JSON.parse(fromB64u(h).toString('utf8'));
  const payload = JSON.parse(fromB64u(pl).toString('utf8'));
  const key = createPublicKey({ key: req.jwk, format: 'jwk' });
  const p = params(header.alg, key);
  const verified = verify(p.hash, Buffer.from(`${h}.${pl}`, 'ascii'), p.key, fromB64u(s));
  process.stdout.write(JSON.stringify({ verified, header, payload }));
} else {
  throw new Error(`unknown op ${req.op}`);
}
