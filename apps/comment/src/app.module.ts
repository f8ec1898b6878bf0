import { Module } from '@nestjs/common';
import { CommentContract } from '@newsreel/comment-contracts';
import { CommentFeatureModule } from '@newsreel/comment-feature';
import { PlatformModule } from '@newsreel/shared-platform';

/** The comment service: platform defaults plus the comment feature (comments, replies, events). */
@Module({
  imports: [PlatformModule.forService('comment', CommentContract), CommentFeatureModule],
})
export class AppModule {}
