/** An error from the file system (it carries an errno code such as ENOENT), not a bug in our code. */
export function isFsError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
