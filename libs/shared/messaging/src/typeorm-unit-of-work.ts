import { Injectable } from '@nestjs/common';
import type { EventDefinition, EventPayload } from '@newsreel/shared-contracts';
import { TransactionRunner } from '@newsreel/shared-persistence';
import type { PublishOptions, Transaction, UnitOfWork } from '@newsreel/shared-unit-of-work';
import type { EntityManager } from 'typeorm';
import { Outbox } from './outbox';

/**
 * The TypeORM {@link Transaction}: `publish` writes an outbox row through the transaction's
 * `EntityManager`, so the event commits with the writes and the relay sends it after the commit.
 * A context's data-access extends it with its writes, made through `manager`:
 *
 * ```ts
 * class TypeOrmLikeTransaction extends TypeOrmTransaction<LikeEvent> implements LikeTransaction {
 *   async insert(like: Like) { await this.manager.insert(LikeRecord, like); }
 * }
 * ```
 */
export class TypeOrmTransaction<
  E extends EventDefinition = EventDefinition,
> implements Transaction<E> {
  constructor(
    /** The open transaction; only data-access adapters see it. */
    readonly manager: EntityManager,
    private readonly services: TransactionServices,
  ) {}

  publish<D extends E>(
    event: D,
    payload: EventPayload<D>,
    options?: PublishOptions,
  ): Promise<string> {
    return this.services.outbox.add(this.manager, event, payload, options);
  }

  afterCommit(hook: () => unknown): void {
    this.services.afterCommit(hook);
  }
}

/** What a {@link TypeOrmTransaction} uses besides its manager. */
export interface TransactionServices {
  readonly outbox: Pick<Outbox, 'add'>;
  /** Registers a hook on the open transaction (see {@link Transaction.afterCommit}). */
  afterCommit(hook: () => unknown): void;
}

/**
 * Builds a context's {@link TypeOrmTransaction} on an open transaction. (`Tx` is not constrained
 * to `Transaction`: a class with one event type is not assignable to `Transaction<EventDefinition>`;
 * the context's port, an interface, is what `UnitOfWork` checks.)
 */
export type OpenTransaction<Tx> = (manager: EntityManager, services: TransactionServices) => Tx;

/**
 * The one TypeORM adapter of {@link UnitOfWork}: a {@link TransactionRunner} transaction (joined
 * when one is already open, as in an event handler) plus the transactional {@link Outbox}. Every
 * context's data-access builds its unit of work with it:
 *
 * ```ts
 * run<T>(work: (tx: LikeTransaction) => Promise<T>): Promise<T> {
 *   return this.unitOfWork.runWith((manager, services) => new TypeOrmLikeTransaction(manager, services), work);
 * }
 * ```
 */
@Injectable()
export class TypeOrmUnitOfWork implements UnitOfWork {
  private readonly services: TransactionServices;

  constructor(
    private readonly transactions: TransactionRunner,
    outbox: Outbox,
  ) {
    this.services = { outbox, afterCommit: (hook) => transactions.afterCommit(hook) };
  }

  /** {@link UnitOfWork.run} with publish-only transactions (no writes of a context). */
  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.runWith(plainTransaction, work);
  }

  /** {@link UnitOfWork.run} with the context's transactions, built by `open`. */
  runWith<Tx, T>(open: OpenTransaction<Tx>, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transactions.run((manager) => work(open(manager, this.services)));
  }
}

const plainTransaction: OpenTransaction<Transaction> = (manager, services) =>
  new TypeOrmTransaction(manager, services);
