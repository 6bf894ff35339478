// Specifies the console transport: one readable line per message, a fresh id each time, the same refusals as
// a real transport for texts that cannot be sent.
import { expect, test } from 'vitest';
import { AssertionError } from '../../kernel/assert.ts';
import { ConsoleTransport } from './console-transport.ts';

const message = {
  outboxKey: 'outbox-1',
  to: '+821012345678',
  from: '15881234',
  text: '기성 1,000,000원 지급\n확인 바랍니다',
};

test('prints one line with the masked recipient and the text, and accepts with a fresh id', async () => {
  const lines: string[] = [];
  const transport = new ConsoleTransport({ out: { write: (line: string) => lines.push(line) } });
  const first = await transport.send(message);
  const second = await transport.send(message);
  expect(first.kind).toBe('accepted');
  expect(second.kind).toBe('accepted');
  if (first.kind !== 'accepted' || second.kind !== 'accepted') return;
  expect(first.providerMessageId).not.toBe(second.providerMessageId);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toContain('010-****-5678');
  expect(lines[0]).not.toContain('12345678');
  expect(lines[0]).toContain('기성 1,000,000원 지급 ⏎ 확인 바랍니다');
  expect(lines[0]).toContain('outbox-1');
  expect(lines[0]).toMatch(/^\[sms sms euc-kr \d+B\]/);
  expect(lines[0]!.endsWith('\n')).toBe(true);
  expect(lines[0]!.slice(0, -1)).not.toContain('\n');
});

test('a text too long for an LMS fails without retry and prints nothing', async () => {
  const lines: string[] = [];
  const transport = new ConsoleTransport({ out: { write: (line: string) => lines.push(line) } });
  const result = await transport.send({ ...message, text: '가'.repeat(1001) });
  expect(result).toEqual({ kind: 'failed', retryable: false, reason: 'too_long: 2002 bytes' });
  expect(lines).toEqual([]);
});

test('after close a send fails without retry', async () => {
  const transport = new ConsoleTransport({ out: { write: () => true } });
  await transport.close();
  expect(await transport.send(message)).toMatchObject({ kind: 'failed', retryable: false });
});

test('a recipient that is not E.164 is a programmer error', async () => {
  const transport = new ConsoleTransport({ out: { write: () => true } });
  await expect(transport.send({ ...message, to: '010-1234-5678' })).rejects.toThrow(AssertionError);
});
