import { Inject, Injectable } from '@nestjs/common';
import type { SensitiveWords } from '@newsreel/comment-domain';
import { PLATFORM_CONFIG, type PlatformConfig } from '@newsreel/shared-config';

/**
 * {@link SensitiveWords} from `comment.sensitiveWords` (`NEWSREEL_COMMENT_SENSITIVE_WORDS`, or
 * the config centre). The key is hot: the live configuration updates `config.comment` in place,
 * so reading it on every call (never caching the list here) is what makes a change in the
 * centre apply to the next comment without a restart.
 */
@Injectable()
export class ConfigSensitiveWords implements SensitiveWords {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  current(): string[] {
    return this.config.comment.sensitiveWords;
  }
}
