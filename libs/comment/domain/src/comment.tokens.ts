/** DI token of the {@link CommentRepository} port. */
export const COMMENT_REPOSITORY = Symbol('COMMENT_REPOSITORY');
/** DI token of the {@link SensitiveWords} port. */
export const SENSITIVE_WORDS = Symbol('SENSITIVE_WORDS');
