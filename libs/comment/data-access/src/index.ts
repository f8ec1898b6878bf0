export * from './comment-data-access.module';
export * from './comment.record';
export * from './typeorm-comment.repository';
