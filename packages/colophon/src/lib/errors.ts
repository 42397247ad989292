/**
 * A mistake of the user's (a missing file, a bad flag or config value): the
 * CLI prints its message, without a stack trace, and exits with `exitCode`.
 */
export class UserError extends Error {
  /** Exit code: 2 for usage and configuration errors, 1 for document errors. */
  readonly exitCode: 1 | 2

  constructor(message: string, exitCode: 1 | 2 = 2) {
    super(message)
    this.name = 'UserError'
    this.exitCode = exitCode
  }
}
