/** Errors of the store, mapped to HTTP statuses in one place (functions/src/http/problem.ts). */
export abstract class StoreError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A conditional write lost: the record changed since it was read. → 409, or 412 with If-Match */
export class VersionConflictError extends StoreError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`The ${entity} ${id} was changed by someone else meanwhile. Reload it and try again.`);
  }
}

/** The item that must not exist already exists. → 409 */
export class AlreadyExistsError extends StoreError {}

/** DynamoDB cannot be reached or keeps throttling. → 503 with Retry-After */
export class StoreUnavailableError extends StoreError {
  constructor(cause: unknown) {
    super('The data store is unavailable.', { cause });
  }
}

/** A list cursor that this store did not hand out. → 400 */
export class InvalidCursorError extends StoreError {
  constructor() {
    super('The cursor is not valid for this list. Start again without it.');
  }
}
