import { Module } from '@nestjs/common';
import { PlatformModule } from '@newsreel/shared-platform';
import { VideoContract } from '@newsreel/video-contracts';
import { VideoFeatureModule } from '@newsreel/video-feature';

/** The video service: platform defaults plus every video use case. */
@Module({
  imports: [PlatformModule.forService('video', VideoContract), VideoFeatureModule],
})
export class AppModule {}
