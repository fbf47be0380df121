/** Domain errors: thrown by domain modules, mapped to status codes by one HTTP error handler. */
export interface IssueDetail {
  code: string;
  message: string;
  field?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** 404: the id names nothing. */
export class NotFound extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${JSON.stringify(id)} not found`, { id });
  }
}

/** 409: the write clashes with the current state (double booking, key reuse). */
export class Conflict extends DomainError {}

/** 422: well-formed input that a business rule refuses. */
export class RuleFailed extends DomainError {}

/** 503: the database or the embedder cannot answer now; the client may retry. */
export class Unavailable extends DomainError {
  /** What the client reads; `message` (which may name internal hosts) goes to the log only. */
  readonly clientMessage: string;

  constructor(
    message: string,
    readonly retryAfterSeconds = 5,
    options?: { cause?: unknown; clientMessage?: string },
  ) {
    super('unavailable', message, undefined, options);
    this.clientMessage = options?.clientMessage ?? message;
  }
}
