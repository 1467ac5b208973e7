import { describe, expect, it } from 'vitest';
import { OptionError } from '@umq/core';
import { parseQueueUrl } from './queue-url';

describe('parseQueueUrl', () => {
  it('reads host, port and the queue name from the path (default umq)', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6390/mosi-search')).toEqual({ name: 'mosi-search', connection: { host: '127.0.0.1', port: 6390 }, display: 'redis://127.0.0.1:6390/mosi-search' });
    expect(parseQueueUrl('redis://localhost').name).toBe('umq');
    expect(parseQueueUrl('redis://localhost/').connection).toEqual({ host: 'localhost', port: 6379 });
    expect(parseQueueUrl('redis://[::1]:7000/q').connection).toEqual({ host: '::1', port: 7000 });
  });

  it('takes user and password (percent-decoded) and masks the password in display', () => {
    const q = parseQueueUrl('redis://alice:p%40ss%2Fword@redis.lan:6379/study?db=3');
    expect(q.connection).toEqual({ host: 'redis.lan', port: 6379, username: 'alice', password: 'p@ss/word', db: 3 });
    expect(q.display).toBe('redis://alice:***@redis.lan:6379/study?db=3');
    expect(parseQueueUrl('redis://:secret@h/q').connection.password).toBe('secret');
    expect(parseQueueUrl('redis://:secret@h/q').display).toBe('redis://:***@h/q');
  });

  it('rediss:// turns TLS on with the host as server name', () => {
    expect(parseQueueUrl('rediss://:pw@redis.example.org:6380/q').connection.tls).toEqual({ servername: 'redis.example.org' });
    expect(parseQueueUrl('redis://redis.example.org/q').connection.tls).toBeUndefined();
  });

  it('refuses bad URLs with a message that shows a good one and never the password', () => {
    const bad: [string, RegExp][] = [
      ['localhost:6379', /scheme must be redis:\/\/ or rediss:\/\//],
      ['http://h/q', /scheme must be redis/],
      ['not a url', /not a URL/],
      ['redis://h/a/b', /queue name "a\/b"/],
      ['redis://h/a:b', /queue name "a:b"/],
      ['redis://h/q?db=x', /\?db= must be a database index/],
      ['redis://h/q?timeout=3', /unknown parameter \?timeout=/],
    ];
    for (const [text, pattern] of bad) {
      expect(() => parseQueueUrl(text), text).toThrow(OptionError);
      expect(() => parseQueueUrl(text), text).toThrow(pattern);
      expect(() => parseQueueUrl(text), text).toThrow(/e\.g\. redis:\/\/127\.0\.0\.1:6379\/umq/);
    }
    expect(() => parseQueueUrl('redis://:topsecret@h/a:b')).toThrow(/:\*\*\*@/);
    expect(() => parseQueueUrl('redis://:topsecret@h/a:b')).not.toThrow(/topsecret/);
  });
});
