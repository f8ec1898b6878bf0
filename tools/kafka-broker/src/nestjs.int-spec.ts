import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientKafka,
  EventPattern,
  MessagePattern,
  type MicroserviceOptions,
  Payload,
  Transport,
} from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { startBroker } from './index';
import type { BrokerHandle } from './options';
import { waitFor } from './testing/helpers';

const received: Array<{ id: number; title: string }> = [];

@Controller()
class NewsController {
  @EventPattern('news.published')
  onPublished(@Payload() event: { id: number; title: string }): void {
    received.push(event);
  }

  @MessagePattern('math.sum')
  sum(@Payload() numbers: number[]): { total: number } {
    // An object, not a bare number: Nest's Kafka parser hands primitives back as strings.
    return { total: numbers.reduce((a, b) => a + b, 0) };
  }
}

@Module({ controllers: [NewsController] })
class NewsModule {}

let broker: BrokerHandle;
let app: INestMicroservice;
let client: ClientKafka;

const fastConsumer = { heartbeatInterval: 300, maxWaitTimeInMs: 300, sessionTimeout: 6000 };

beforeAll(async () => {
  broker = await startBroker({ port: 0, defaultPartitions: 2 });
  app = await NestFactory.createMicroservice<MicroserviceOptions>(NewsModule, {
    logger: false,
    transport: Transport.KAFKA,
    options: {
      client: { clientId: 'news-service', brokers: [broker.address], logLevel: logLevel.NOTHING },
      consumer: { groupId: 'news-service', ...fastConsumer },
      subscribe: { fromBeginning: true },
    },
  });
  await app.listen();
  client = new ClientKafka({
    client: { clientId: 'news-client', brokers: [broker.address], logLevel: logLevel.NOTHING },
    consumer: { groupId: 'news-client', ...fastConsumer },
    subscribe: { fromBeginning: true },
  });
  client.subscribeToResponseOf('math.sum');
  await client.connect();
});

afterAll(async () => {
  await client?.close();
  await app?.close();
  await broker?.stop();
});

describe('NestJS Kafka transport', () => {
  it('delivers emitted events to an @EventPattern handler', async () => {
    await lastValueFrom(client.emit('news.published', { id: 1, title: 'Hello' }));
    await lastValueFrom(client.emit('news.published', { id: 2, title: 'World' }));
    await waitFor('both events', () => received.length >= 2);
    expect(received).toEqual([
      { id: 1, title: 'Hello' },
      { id: 2, title: 'World' },
    ]);
  });

  it('answers request/reply through @MessagePattern and the reply topic', async () => {
    await expect(
      lastValueFrom(client.send<{ total: number }>('math.sum', [1, 2, 3])),
    ).resolves.toEqual({
      total: 6,
    });
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => lastValueFrom(client.send<{ total: number }>('math.sum', [n, n]))),
    );
    expect(results.map((r) => r.total)).toEqual([2, 4, 6, 8, 10]);
  });
});
