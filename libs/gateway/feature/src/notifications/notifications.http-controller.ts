import { Body, Controller, Get, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { NotificationId, PushContract } from '@newsreel/push-contracts';
import type { AccessClaims } from '@newsreel/shared-auth';
import { type RpcClient, InjectRpcClient } from '@newsreel/shared-rpc';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AccessTokenVerifier, AuthGuard, CurrentUser } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { ApiJsonBody, ApiQueryFrom } from '../http/openapi';
import { PageQuery } from '../http/params';
import { validate } from '../http/validate';
import { UserDirectory } from '../users/user-directory';
import { NotificationHub, StreamLimitError, toNotificationView } from './notification-hub';
import { Idempotent } from '../idempotency/idempotent.decorator';

const MarkReadBody = z.strictObject({ ids: z.array(NotificationId).min(1).max(100).optional() });
const StreamQuery = z.strictObject({ access_token: z.string().min(1).max(4096).optional() });
/** Comment lines keep proxies and load balancers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** When a refused stream may try again: streams are long-lived, so not at once. */
const STREAM_RETRY_AFTER_SEC = 30;
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** The caller's notification inbox, and its live stream. */
@ApiTags('notifications')
@Controller('api/v1/notifications')
export class NotificationsHttpController {
  constructor(
    @InjectRpcClient(PushContract) private readonly push: RpcClient<PushContract>,
    private readonly users: UserDirectory,
    private readonly hub: NotificationHub,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  @Get()
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Your notifications, newest first, with the unread count' })
  @ApiQueryFrom(PageQuery)
  async list(@CurrentUser() user: AccessClaims, @Query() query: unknown) {
    const page = validate(PageQuery, query, 'query');
    const result = await this.push.call('list', { userId: user.sub, ...page });
    const actorOf = await this.users.lookup(result.items.map((n) => n.actorId));
    return {
      items: result.items.map((n) => toNotificationView(n, actorOf(n.actorId))),
      nextCursor: result.nextCursor,
      unread: result.unread,
    };
  }

  @Post('read')
  @HttpCode(204)
  @UseGuards(AuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Mark notifications read (all of them when ids is absent)' })
  @ApiJsonBody(MarkReadBody)
  @Idempotent()
  async markRead(@CurrentUser() user: AccessClaims, @Body() body: unknown): Promise<void> {
    // An empty body means "all": no JSON needed for the common case.
    const { ids } = validate(MarkReadBody, body ?? {});
    await this.push.call('markRead', { userId: user.sub, ...(ids ? { ids } : {}) });
  }

  @Get('stream')
  @ApiOperation({
    summary:
      'Server-sent events: one `notification` event per new notification, heartbeats every 15 s',
    description:
      'Authenticate with the Authorization header or, for EventSource, ?access_token=. ' +
      'Open streams are capped per user and per address (429) and per server (503).',
  })
  @ApiResponse({ status: 429, description: 'Too many open streams for this user or address' })
  @ApiResponse({ status: 503, description: 'Too many open streams on this gateway instance' })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'access_token', required: false })
  async stream(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: unknown,
  ): Promise<void> {
    const { access_token } = validate(StreamQuery, query, 'query');
    const header = request.headers.authorization;
    const token = header?.toLowerCase().startsWith('bearer ') ? header.slice(7) : access_token;
    if (!token) throw new ApiError(401, 'Authentication required');
    const user = await this.tokens.verify(token);

    // HEAD (which Fastify answers with this handler): the headers a stream would get, and done.
    if (request.method === 'HEAD') {
      reply.hijack();
      reply.raw.writeHead(200, STREAM_HEADERS).end();
      return;
    }

    const raw = reply.raw;
    const close = () => raw.end();
    let disconnect: () => void;
    try {
      disconnect = this.hub.connect(
        user.sub,
        request.ip,
        (notification) =>
          raw.write(
            `id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify(notification)}\n\n`,
          ),
        close,
        user.sid,
      );
    } catch (error) {
      if (!(error instanceof StreamLimitError)) throw error;
      const status = error.scope === 'total' ? 503 : 429;
      throw new ApiError(status, error.message, undefined, STREAM_RETRY_AFTER_SEC);
    }

    reply.hijack();
    raw.writeHead(200, STREAM_HEADERS);
    raw.write('retry: 3000\n: connected\n\n');
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS);
    // The response's 'close' comes when the client goes away or the stream is ended; a client
    // that left while its token was checked has already closed it, so free its slot now.
    const release = () => {
      clearInterval(heartbeat);
      disconnect();
    };
    raw.once('close', release);
    if (raw.destroyed || request.raw.destroyed) release();
  }
}
