import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type DirectorySnapshot, ServiceDirectory } from '@newsreel/shared-discovery';
import { AdminGuard } from '../auth/auth.guard';

/**
 * The service registry as this gateway sees it (admins only): every service's instances with
 * address, version, colour, weight, start time, last heartbeat and whether calls to it currently
 * work (`healthy` is false while an instance cools down after a failed call), plus whether the
 * registry itself answers and whether the lists come from it or from the local snapshot.
 */
@ApiTags('admin')
@Controller('api/v1/admin/registry')
@UseGuards(AdminGuard)
@ApiBearerAuth()
export class RegistryHttpController {
  constructor(@Inject(ServiceDirectory) private readonly directory: ServiceDirectory) {}

  @Get()
  @ApiOperation({
    summary:
      'Services and instances with health and last heartbeat; registryUp/source show a registry outage',
  })
  get(): DirectorySnapshot {
    return this.directory.snapshot();
  }
}
