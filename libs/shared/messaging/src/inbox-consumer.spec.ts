import { eventIdOf } from './inbox-consumer';
import { decodeHeaders } from './kafka-headers';

describe('eventIdOf', () => {
  it('uses the event-id header when there is one', () => {
    expect(eventIdOf('0190a6b4-8c1e-7000-8000-000000000001', 't', 0, '5')).toBe(
      '0190a6b4-8c1e-7000-8000-000000000001',
    );
  });

  it('derives a stable UUID from topic, partition and offset without a header', () => {
    const id = eventIdOf(undefined, 'like.created.v1', 2, '17');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(eventIdOf(undefined, 'like.created.v1', 2, '17')).toBe(id);
    expect(eventIdOf(undefined, 'like.created.v1', 2, '18')).not.toBe(id);
  });

  it('maps a header too long for the inbox column to a stable 36-character id', () => {
    const long = 'x'.repeat(80);
    expect(eventIdOf(long, 't', 0, '1')).toHaveLength(36);
    expect(eventIdOf(long, 't', 0, '1')).toBe(eventIdOf(long, 'other', 3, '9'));
  });
});

describe('decodeHeaders', () => {
  it('turns Kafka header buffers into strings, keeping the last of repeated headers', () => {
    expect(
      decodeHeaders({
        'event-id': Buffer.from('e-1'),
        'event-type': 'like.created.v1',
        traceparent: [Buffer.from('old'), Buffer.from('new')],
        empty: undefined,
      }),
    ).toEqual({ 'event-id': 'e-1', 'event-type': 'like.created.v1', traceparent: 'new' });
    expect(decodeHeaders(undefined)).toEqual({});
  });
});
