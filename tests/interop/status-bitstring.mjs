// Reads {"op":"decode","encodedList":...} or {"op":"encode","length":N,"set":[...]} on stdin and answers on stdout,
// using the reference implementation @digitalbazaar/vc-bitstring-status-list.
import {createList, decodeList} from '@digitalbazaar/vc-bitstring-status-list';

let input = '';
for await (const chunk of process.stdin) {
  input += chunk;
}
const request = JSON.parse(input);
if(request.op === 'decode') {
  const list = await decodeList({encodedList: request.encodedList});
  const set = [];
  for(let i = 0; i < list.length; i++) {
    if(list.getStatus(i)) {
      set.push(i);
    }
  }
  process.stdout.write(JSON.stringify({length: list.length, set}));
} else if(request.op === 'encode') {
  const list = await createList({length: request.length});
  for(const i of request.set) {
    list.setStatus(i, true);
  }
  process.stdout.write(JSON.stringify({encodedList: await list.encode()}));
} else {
  throw new Error('unknown op ' + request.op);
}
