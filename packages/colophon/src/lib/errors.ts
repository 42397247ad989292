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

/**
 * Why a file cannot be read, for people, from the error's code.
 *
 * @param shown
 *   The file as the message names it.
 * @param code
 *   The error's `code` (`ENOENT`, `EISDIR`…).
 * @param what
 *   What the file is (`input`, `configuration`).
 */
export function cannotRead(shown: string, code: string | undefined, what = 'input'): string {
  if (code === 'ENOENT') return `${shown}: ${what} file not found`
  if (code === 'EISDIR') {
    return what === 'input'
      ? `${shown}: is a folder, not a file; give the files in it (or \`sources\` globs in the config)`
      : `${shown}: is a folder, not a ${what} file`
  }
  if (code === 'EACCES' || code === 'EPERM') return `${shown}: no permission to read the ${what} file`
  return `${shown}: cannot read the ${what} file (${code ?? 'unknown error'})`
}
