import { Inject, Injectable } from '@nestjs/common';
import type { SensitiveWords } from '@newsreel/comment-domain';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';

/**
 * {@link SensitiveWords} from `comment.sensitiveWords` (`NEWSREEL_COMMENT_SENSITIVE_WORDS`).
 * Start-up configuration does not change while running; a config centre with hot reload
 * replaces this provider, not the use case.
 */
@Injectable()
export class ConfigSensitiveWords implements SensitiveWords {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  current(): string[] {
    return this.config.comment.sensitiveWords;
  }
}
