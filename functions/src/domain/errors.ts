/**
 * The domain's error hierarchy. The HTTP layer maps each class to one status
 * (see functions/src/http/problem.ts); nothing else decides status codes.
 */
/** An error that carries its class's name, so logs and problem mapping can tell the kinds apart. */
export abstract class NamedError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export abstract class DomainError extends NamedError {}

/** The record does not exist, or the actor may not know it exists. → 404 */
export class NotFoundError extends DomainError {
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`No ${entity} with id ${id}.`);
  }
}

/** The actor's role or relation to the record does not allow this. → 403 */
export class ForbiddenError extends DomainError {}

/** The event is not allowed in the record's current state. → 409 */
export class EventNotAllowedError extends DomainError {
  constructor(
    readonly event: string,
    readonly state: string,
    detail?: string,
  ) {
    super(detail ?? `"${event}" is not possible while the record is "${state}".`);
  }
}

/** A rule the record must meet, said in words a CSO understands. */
export interface RuleFailure {
  /** Stable code, for translation and for tests. */
  readonly rule: string;
  /** Plain-language explanation. */
  readonly message: string;
  /** JSON path of the field concerned, when there is one. */
  readonly path?: string;
}

/** One or more guards failed. → 422, listing every failure. */
export class RuleViolationError extends DomainError {
  constructor(readonly failures: readonly RuleFailure[]) {
    super(failures.map((f) => f.message).join(' '));
  }
}
