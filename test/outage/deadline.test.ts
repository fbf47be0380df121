import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, test } from 'node:test';
import { type ServiceProcess, startService } from '../support/service.ts';

const BODY_BYTES = 40;

/**
 * A client that sends a POST's headers at once, then its body one byte a second
 * (40 s in all). Resolves when the server answers or closes the connection, with
 * what it answered and whether the client was still sending then.
 */
function dribble(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let sent = 0;
  let answer = '';
  let started!: () => void;
  let finished!: () => void;
  const firstByteSent = new Promise<void>((r) => {
    started = r;
  });
  const finishedSending = new Promise<void>((r) => {
    finished = r;
  });
  socket.setEncoding('utf8').on('data', (c: string) => {
    answer += c;
  });
  socket.on('error', () => {});
  socket.on('connect', () => {
    socket.write(
      `POST /v1/validate/sms HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${BODY_BYTES}\r\n\r\n`,
    );
  });
  const timer = setInterval(() => {
    if (socket.destroyed || sent >= BODY_BYTES) return clearInterval(timer);
    socket.write(sent === 0 ? '{' : ' ');
    sent++;
    if (sent === 2) started();
    if (sent === BODY_BYTES) finished();
  }, 1_000);
  const ended = new Promise<{ status: number; stillSending: boolean; sent: number }>((resolve) => {
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), stillSending: sent < BODY_BYTES, sent });
    });
  });
  return { firstByteSent, finishedSending, ended };
}

describe('request and shutdown deadlines against a client sending one byte a second', () => {
  const services: ServiceProcess[] = [];
  after(() => {
    for (const s of services) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  });

  test('SIGTERM: the process exits 1 at SHUTDOWN_DEADLINE_MS, while the slow client is still sending', async (t) => {
    const service = await startService({ SHUTDOWN_DEADLINE_MS: '2000', REQUEST_TIMEOUT_MS: '600000' });
    services.push(service);
    const client = dribble(service.port);
    await client.firstByteSent;
    const signalledAt = performance.now();
    service.child.kill('SIGTERM');
    const outcome = await Promise.race([
      service.exited.then((code) => ({ kind: 'exit' as const, code })),
      client.finishedSending.then(() => ({ kind: 'client finished its body' as const, code: null })),
    ]);
    const after = performance.now() - signalledAt;
    const ended = await client.ended;
    t.diagnostic(
      `first: ${outcome.kind} after ${(after / 1000).toFixed(1)} s; client had sent ${ended.sent}/${BODY_BYTES} body bytes, answer ${ended.status}`,
    );
    assert.equal(outcome.kind, 'exit', 'the process exited before the slow client finished its body');
    assert.equal(outcome.code, 1, `a cut drain exits 1; stderr: ${service.stderr()}`);
    assert.ok(ended.stillSending, 'the client was still sending when its connection was cut');
  });

  test('REQUEST_TIMEOUT_MS: a request still arriving after it is answered 408 and its connection closed', async (t) => {
    const service = await startService({ REQUEST_TIMEOUT_MS: '2000' });
    services.push(service);
    const client = dribble(service.port);
    const ended = await client.ended;
    t.diagnostic(`answer ${ended.status} after ${ended.sent}/${BODY_BYTES} body bytes`);
    assert.equal(ended.status, 408);
    assert.ok(ended.stillSending, 'answered before the client finished');
    assert.equal(service.child.exitCode, null, 'the service keeps running');
    service.child.kill('SIGTERM');
    assert.equal(await service.exited, 0, 'with nothing in flight the drain ends cleanly: exit 0');
  });
});
