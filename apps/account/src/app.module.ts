import { Module } from '@nestjs/common';
import { AccountContract } from '@newsreel/account-contracts';
import { AccountFeatureModule } from '@newsreel/account-feature';
import { PlatformModule } from '@newsreel/shared-platform';

/** The account service: platform defaults plus the account feature (users, sessions, follows). */
@Module({
  imports: [PlatformModule.forService('account', AccountContract), AccountFeatureModule],
})
export class AppModule {}
