import { Module } from '@nestjs/common';
import { GatewayFeatureModule } from '@newsreel/gateway-feature';
import { PlatformModule } from '@newsreel/shared-platform';

/** The gateway: platform defaults plus the public HTTP API. */
@Module({
  imports: [PlatformModule.forService('gateway'), GatewayFeatureModule],
})
export class AppModule {}
