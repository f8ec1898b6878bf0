import { Body, Controller, Get, HttpCode, Inject, Param, Put, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccessClaims } from '@newsreel/shared-auth';
import {
  CENTRE_SCOPES,
  type CentreScope,
  type CentreScopeView,
  type CentreUpdateResult,
  CentreValidationError,
  ConfigCentreUnavailableError,
  type ConfigCentreSource,
  LIVE_CONFIG,
  type LiveConfig,
  describeCentreScope,
  isCentreScope,
  updateCentreScope,
} from '@newsreel/shared-config';
import { LOGGER, type Logger } from '@newsreel/shared-logging';
import { AdminGuard, CurrentUser } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';

/**
 * The config centre over HTTP (admins only). The gateway is a client of the centre like every
 * service; validation is the shared `updateCentreScope`, the same the `npm run config` CLI uses,
 * so both accept exactly the same changes. `:service` is a service name or `shared`.
 */
@ApiTags('admin')
@Controller('api/v1/admin/config')
@UseGuards(AdminGuard)
@ApiBearerAuth()
export class ConfigHttpController {
  constructor(
    @Inject(LIVE_CONFIG) private readonly live: LiveConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get(':service')
  @ApiOperation({
    summary:
      "A scope's overrides and version, every key with its reload mode (hot/restart/local), and what each running instance applied",
  })
  get(@Param('service') service: string): Promise<CentreScopeView> {
    const scope = scopeParam(service);
    return centreCall(() => describeCentreScope(this.centre(), scope));
  }

  @Put(':service')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Change overrides: dotted keys to values, null removes one. Validated before writing (400 names the key); hot keys apply within seconds, restart keys are reported as pending restart',
  })
  @ApiBody({
    schema: {
      type: 'object',
      additionalProperties: true,
      example: { 'comment.sensitiveWords': ['foo', 'bar'], 'feed.defaultPageSize': null },
    },
  })
  async put(
    @CurrentUser() user: AccessClaims,
    @Param('service') service: string,
    @Body() body: unknown,
  ): Promise<CentreUpdateResult> {
    const scope = scopeParam(service);
    if (body === undefined) throw new ApiError(400, 'Request body is required (JSON)');
    const result = await centreCall(() => updateCentreScope(this.centre(), scope, body));
    // An audit line: who changed which keys (values may be long lists; the centre keeps them).
    this.logger.info(
      { admin: user.sub, scope, version: result.version, keys: Object.keys(body as object) },
      `config centre: ${scope} v${result.version} written by admin`,
    );
    return result;
  }

  private centre(): ConfigCentreSource {
    const centre = this.live.centre;
    if (!centre)
      throw new ApiError(
        503,
        'The config centre is disabled on this gateway (configCentre.source is none)',
      );
    return centre;
  }
}

function scopeParam(value: string): CentreScope {
  if (isCentreScope(value)) return value;
  throw new ApiError(404, `No config scope "${value}" (one of ${CENTRE_SCOPES.join(', ')})`);
}

/** The centre's errors as API errors: 400 for a refused change, 503 when it cannot be reached. */
async function centreCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CentreValidationError) {
      const first = error.problems[0];
      throw new ApiError(
        400,
        `Invalid configuration: ${first.key ? `${first.key}: ` : ''}${first.message}`,
        error.problems.map((p) => ({ path: p.key, message: p.message })),
      );
    }
    if (error instanceof ConfigCentreUnavailableError) throw new ApiError(503, error.message);
    throw error;
  }
}
