/** A question the engine will not answer, with a message meant for the person who asked. */
export class QuestionError extends Error {
  override name = 'QuestionError';
}

/** A reindex was asked for while another one is running. */
export class ReindexBusyError extends Error {
  override name = 'ReindexBusyError';
  constructor() {
    super('A reindex is already running; try again when it has finished.');
  }
}
