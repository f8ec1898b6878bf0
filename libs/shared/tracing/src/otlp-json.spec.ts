import { OtlpRequestError, parseOtlpTraceRequest } from './otlp-json';

const TRACE = '5b8efff798038103d269b633813fc60c';

/** An ExportTraceServiceRequest as @opentelemetry/exporter-trace-otlp-http encodes it in JSON. */
function request(spans: object[], resource: object[] = [
  { key: 'service.name', value: { stringValue: 'like' } },
  { key: 'service.instance.id', value: { stringValue: 'like-1' } },
]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: resource, droppedAttributesCount: 0 },
        scopeSpans: [{ scope: { name: '@newsreel/shared-rpc' }, spans }],
      },
    ],
  };
}

const serverSpan = {
  traceId: TRACE,
  spanId: 'eee19b7ec3c1b174',
  parentSpanId: 'eee19b7ec3c1b173',
  name: 'newsreel.like.v1.LikeService/Like',
  kind: 2,
  startTimeUnixNano: '1767225600123456789',
  endTimeUnixNano: '1767225600125956789',
  attributes: [
    { key: 'rpc.system', value: { stringValue: 'newsreel-tcp' } },
    { key: 'video.id', value: { stringValue: 'v-1' } },
    { key: 'retries', value: { intValue: 2 } },
    { key: 'big', value: { intValue: '9007199254740993' } },
    { key: 'ratio', value: { doubleValue: 0.5 } },
    { key: 'ok', value: { boolValue: true } },
    { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }] } } },
    { key: 'nested', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
    { key: 'empty', value: {} },
  ],
  droppedAttributesCount: 0,
  events: [{ name: 'retry', timeUnixNano: '1767225600124456789', attributes: [] }],
  status: { code: 2, message: 'boom' },
  links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: [] }],
  flags: 257,
};

describe('parseOtlpTraceRequest', () => {
  it('reads ids, times, kind, status, attributes, events and links', () => {
    const [span] = parseOtlpTraceRequest(request([serverSpan]));
    expect(span).toEqual({
      traceId: TRACE,
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: 'eee19b7ec3c1b173',
      name: 'newsreel.like.v1.LikeService/Like',
      kind: 'server',
      service: 'like',
      serviceInstanceId: 'like-1',
      startTimeMs: 1767225600123.456,
      durationMs: expect.closeTo(2.5, 3),
      status: { code: 'error', message: 'boom' },
      attributes: {
        'rpc.system': 'newsreel-tcp',
        'video.id': 'v-1',
        retries: 2,
        big: 9007199254740992,
        ratio: 0.5,
        ok: true,
        tags: ['a', 1],
        nested: '{"values":[{"key":"k","value":{"stringValue":"v"}}]}',
      },
      events: [{ name: 'retry', timeMs: 1767225600124.456, attributes: {} }],
      links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: {} }],
    });
  });

  it('treats an empty or missing parentSpanId as a root, and upper-case hex as hex', () => {
    const spans = parseOtlpTraceRequest(
      request([
        { ...serverSpan, parentSpanId: '' },
        { ...serverSpan, spanId: 'ABCDEF0123456789', parentSpanId: undefined, traceId: TRACE.toUpperCase() },
      ]),
    );
    expect(spans.map((s) => [s.traceId, s.spanId, s.parentSpanId])).toEqual([
      [TRACE, 'eee19b7ec3c1b174', undefined],
      [TRACE, 'abcdef0123456789', undefined],
    ]);
  });

  it('accepts numeric timestamps, proto3 enum names and a missing service name', () => {
    const [span] = parseOtlpTraceRequest(
      request(
        [{ ...serverSpan, kind: 'SPAN_KIND_CONSUMER', status: { code: 'STATUS_CODE_OK' }, startTimeUnixNano: 1e18, endTimeUnixNano: 1e18 + 2e6 }],
        [],
      ),
    );
    expect(span).toMatchObject({ kind: 'consumer', status: { code: 'ok' }, service: 'unknown_service', durationMs: 2 });
  });

  it('accepts an empty request', () => {
    expect(parseOtlpTraceRequest({})).toEqual([]);
    expect(parseOtlpTraceRequest({ resourceSpans: [] })).toEqual([]);
  });

  it.each([
    ['not an object', 'spans please', /expected object/],
    ['base64 ids (the protobuf-JSON mapping)', request([{ ...serverSpan, traceId: 'W47/95gDgQPSabYzgT/GDA==' }]), /traceId must be hex/],
    ['an all-zero trace id', request([{ ...serverSpan, traceId: '0'.repeat(32) }]), /must not be all zeros/],
    ['a short span id', request([{ ...serverSpan, spanId: 'abc' }]), /spanId must be hex/],
    ['a missing start time', request([{ ...serverSpan, startTimeUnixNano: undefined }]), /startTimeUnixNano/],
    ['a timestamp that is not a number', request([{ ...serverSpan, endTimeUnixNano: 'soon' }]), /endTimeUnixNano/],
    ['spans that are not a list', { resourceSpans: [{ scopeSpans: [{ spans: {} }] }] }, /spans/],
  ])('rejects %s with a message naming the problem', (_what, body, message) => {
    expect(() => parseOtlpTraceRequest(body)).toThrow(OtlpRequestError);
    expect(() => parseOtlpTraceRequest(body)).toThrow(message);
  });

  it('cuts oversized strings and caps attribute counts instead of storing them whole', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ key: `k${i}`, value: { intValue: i } }));
    const [span] = parseOtlpTraceRequest(
      request([{ ...serverSpan, name: 'n'.repeat(5000), attributes: [{ key: 'sql', value: { stringValue: 'x'.repeat(10_000) } }, ...many] }]),
    );
    expect(span.name).toHaveLength(1024);
    expect(span.attributes.sql).toHaveLength(4096);
    expect(Object.keys(span.attributes)).toHaveLength(128);
  });

  it('never recurses without bound on deeply nested values', () => {
    let value: object = { stringValue: 'deep' };
    for (let i = 0; i < 5000; i++) value = { arrayValue: { values: [value] } };
    const [span] = parseOtlpTraceRequest(request([{ ...serverSpan, attributes: [{ key: 'deep', value }] }]));
    expect(span.attributes.deep).toEqual([null]);
  });
});
