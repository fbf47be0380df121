import assert from 'node:assert/strict';
import net from 'node:net';
import { before, test, type TestContext } from 'node:test';
import { describeEachBackend } from '../support/backends.ts';

const search = (headers: string, body = '{"query":"forklift"}') =>
  `POST /v1/matrix/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${headers}\r\n${body}`;

/** Bytes app.inject() cannot send: they stop at Node's HTTP parser, before fastify routes anything. */
const WIRE_CASES: Record<string, { send: string; status: number }> = {
  'headers over 16 KB': { send: `GET /v1/workers HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, status: 431 },
  'a 20 KB query string': { send: `GET /v1/workers?city=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, status: 431 },
  'garbage request line': { send: 'GARBAGE\r\n\r\n', status: 400 },
  'control character in a header': { send: 'GET /v1/workers HTTP/1.1\r\nHost: x\r\nX-A: a\u0001b\r\n\r\n', status: 400 },
  'raw NUL in the path': { send: 'GET /v1/workers/a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n', status: 400 },
  'invalid chunk size': { send: search('Transfer-Encoding: chunked\r\n', 'ZZ\r\n{}\r\n0\r\n\r\n'), status: 400 },
  'Content-Length and Transfer-Encoding both (smuggling)': {
    send: search('Content-Length: 20\r\nTransfer-Encoding: chunked\r\n'),
    status: 400,
  },
  'body shorter than Content-Length': { send: search('Content-Length: 100\r\n'), status: 400 },
  'body over the 5 MB limit': { send: search('Content-Length: 6000000\r\nConnection: close\r\n', 'a'.repeat(6_000_000)), status: 413 },
  'dot segments in the raw path': {
    send: 'GET /v1/workers/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    status: 404,
  },
  'bad percent-encoding in the path': { send: 'GET /v1/workers/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', status: 400 },
  'path segment over 100 characters': {
    send: `GET /v1/workers/${'a'.repeat(200)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    status: 414,
  },
  'OPTIONS *': { send: 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', status: 404 },
};

/** Writes raw bytes, half-closes, and returns whatever came back (write errors after an early answer are expected). */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      out += d;
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(out));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

describeEachBackend(
  'hostile bytes on the wire',
  (h) => {
    let port: number;
    before(async () => {
      await h.app.listen({ port: 0, host: '127.0.0.1' });
      port = (h.app.server.address() as net.AddressInfo).port;
    });

    test('malformed HTTP is answered with a 4xx and the error body, never a 5xx or a hang', async (t: TestContext) => {
      for (const [name, { send, status }] of Object.entries(WIRE_CASES)) {
        const answer = await exchange(port, send);
        const statusLine = /^HTTP\/1\.1 (\d{3})/.exec(answer);
        assert.ok(statusLine, `${name}: no HTTP answer (${JSON.stringify(answer.slice(0, 100))})`);
        assert.equal(Number(statusLine[1]), status, `${name}: ${answer.slice(0, 300)}`);
        const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
        assert.equal(typeof body.error?.code, 'string', `${name}: ${answer.slice(0, 300)}`);
        assert.equal(typeof body.error?.message, 'string', name);
      }
      t.diagnostic(`wire cases: ${Object.keys(WIRE_CASES).length}, all 4xx with the error body`);
    });
  },
  { RATE_LIMIT_PER_MINUTE: '0', SHED_EVENT_LOOP_DELAY_MS: '0', SHED_DB_WAITING: '0' },
);
