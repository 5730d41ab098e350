// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { MessageFeed, topicMatches } from './feeds';

describe('topicMatches', () => {
  it('matches MQTT wildcards when the filter has them, substrings otherwise', () => {
    expect(topicMatches('sensors/+/temp', 'sensors/kitchen/temp')).toBe(true);
    expect(topicMatches('sensors/+/temp', 'sensors/kitchen/hum')).toBe(false);
    expect(topicMatches('sensors/#', 'sensors/a/b/c')).toBe(true);
    expect(topicMatches('sensors/+', 'sensors/a/b')).toBe(false);
    expect(topicMatches('kitch', 'sensors/kitchen/temp')).toBe(true);
    expect(topicMatches('', undefined)).toBe(true);
  });
});

describe('MessageFeed', () => {
  it('keeps a bounded scrollback, and while paused drops and counts', () => {
    const feed = new MessageFeed(3, (cb) => cb());
    feed.receive([1, 2, 3, 4].map((i) => ({ node: 'n', t: i, payload: String(i) })));
    expect(feed.all().map((m) => m.t)).toEqual([2, 3, 4]);
    feed.setPaused(true);
    feed.receive([{ node: 'n', t: 5 }, { node: 'n', t: 6 }]);
    expect(feed.all().map((m) => m.t)).toEqual([2, 3, 4]);
    expect(feed.droppedWhilePaused).toBe(2);
    feed.setPaused(false);
    feed.receive([{ node: 'n', t: 7 }]);
    expect(feed.all().map((m) => m.t)).toEqual([3, 4, 7]);
  });
});
