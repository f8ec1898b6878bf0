import { Writable } from 'node:stream';
import { platformConfigSchema } from '@newsreel/shared-config';
import { createLogger } from '@newsreel/shared-logging';
import { createKafka } from './kafka';

function capture(level: 'info' | 'error' | 'silent' = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ service: 'like', instanceId: 'like-1', level, destination: sink });
  const config = platformConfigSchema.parse({
    log: { level },
    kafka: { brokers: ['127.0.0.1:9092'] },
  });
  return { lines, logger, config };
}

describe('createKafka', () => {
  it('refuses to build a client without brokers, naming the setting', () => {
    const config = platformConfigSchema.parse({});
    expect(() => createKafka(config, 'like')).toThrow(/NEWSREEL_KAFKA_BROKERS/);
  });

  it('writes kafkajs warnings and errors through the pino logger, tagged as kafkajs', () => {
    const { lines, logger, config } = capture();
    const kafka = createKafka(config, 'like-1', logger);
    kafka.logger().warn('The group is rebalancing, re-joining', { groupId: 'like' });
    kafka.logger().error('Connection error: connect ECONNREFUSED', { broker: '127.0.0.1:9092' });
    kafka.logger().info('Starting', { groupId: 'like' }); // below kafkajs' WARN level: dropped
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        component: 'kafkajs',
        groupId: 'like',
        msg: 'The group is rebalancing, re-joining',
      }),
      expect.objectContaining({
        level: 'error',
        component: 'kafkajs',
        broker: '127.0.0.1:9092',
        msg: 'Connection error: connect ECONNREFUSED',
      }),
    ]);
    expect(lines[0]).not.toHaveProperty('timestamp');
  });

  it('follows the service log level: errors only when the service logs errors only', () => {
    const { lines, logger, config } = capture('error');
    const kafka = createKafka(config, 'like-1', logger);
    kafka.logger().warn('rebalancing');
    kafka.logger().error('broken');
    expect(lines.map((l) => l.msg)).toEqual(['broken']);
  });
});
