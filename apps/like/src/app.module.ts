import { Module } from '@nestjs/common';
import { LikeContract } from '@newsreel/like-contracts';
import { LikeFeatureModule } from '@newsreel/like-feature';
import { PlatformModule } from '@newsreel/shared-platform';

/** The like service: platform defaults plus the like feature (likes, counters, like events). */
@Module({
  imports: [PlatformModule.forService('like', LikeContract), LikeFeatureModule],
})
export class AppModule {}
