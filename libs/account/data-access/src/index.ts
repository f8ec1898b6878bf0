export * from './account-data-access.module';
export * from './entities/follow.orm-entity';
export * from './entities/refresh-token.orm-entity';
export * from './entities/user.orm-entity';
export * from './migrations/create-account-tables.migration';
export * from './repositories/typeorm-follow.repository';
export * from './repositories/typeorm-refresh-token.repository';
export * from './repositories/typeorm-user.repository';
