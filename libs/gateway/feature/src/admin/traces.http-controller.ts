import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  TRACING,
  type TraceDetail,
  type TraceStore,
  type TraceSummary,
  type Tracing,
} from '@newsreel/shared-tracing';
import { AdminGuard } from '../auth/auth.guard';
import { ApiError } from '../http/api-error';
import { ApiQueryFrom } from '../http/openapi';
import { validate } from '../http/validate';
import { TraceIdParam, TraceListQuery } from './traces.request.dto';

/**
 * The embedded trace store (admins only): recent traces, and one trace as flat spans plus a
 * span tree. Exists when tracing is on and no `tracing.otlpEndpoint` is set; otherwise traces
 * are in the OTLP backend (Jaeger) and these answer 404 saying so.
 */
@ApiTags('admin')
@Controller('api/v1/admin/traces')
@UseGuards(AdminGuard)
@ApiBearerAuth()
export class TracesHttpController {
  constructor(@Inject(TRACING) private readonly tracing: Tracing) {}

  @Get()
  @ApiOperation({ summary: 'Recent traces, newest first (`{items}`)' })
  @ApiQueryFrom(TraceListQuery)
  list(@Query() query: unknown): { items: TraceSummary[] } {
    const filters = validate(TraceListQuery, query, 'query');
    return { items: this.store().listTraces(filters) };
  }

  @Get(':traceId')
  @ApiOperation({ summary: 'One trace: its spans (flat) and span tree, 404 when not stored' })
  get(@Param('traceId') traceId: string): TraceDetail {
    const id = validate(TraceIdParam, traceId, 'traceId');
    const trace = this.store().getTrace(id);
    if (!trace) throw new ApiError(404, `Trace ${id.toLowerCase()} is not in the trace store`);
    return trace;
  }

  private store(): TraceStore {
    if (this.tracing.store) return this.tracing.store;
    throw new ApiError(
      404,
      this.tracing.enabled
        ? `The embedded trace store is off: spans go to ${this.tracing.destination}`
        : 'The embedded trace store is off: tracing is disabled (tracing.enabled)',
    );
  }
}
