import { Module } from '@nestjs/common';
import { PushContract } from '@newsreel/push-contracts';
import { PushFeatureModule } from '@newsreel/push-feature';
import { PlatformModule } from '@newsreel/shared-platform';

/** The push service: platform defaults plus the notification inboxes (events in, RPC out). */
@Module({
  imports: [PlatformModule.forService('push', PushContract), PushFeatureModule],
})
export class AppModule {}
