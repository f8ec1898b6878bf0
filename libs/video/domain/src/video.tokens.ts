/** DI token of the {@link VideoRepository} port. */
export const VIDEO_REPOSITORY = Symbol('VIDEO_REPOSITORY');
