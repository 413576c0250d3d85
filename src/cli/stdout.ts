/**
 * Command-line tools print a lot and are piped into `head`, `grep -m1` and the like. When the
 * reader goes away, stdout errors with EPIPE: that is the reader saying "enough", not a failure,
 * so end quietly instead of dying with a stack trace.
 */
export function endQuietlyWhenReaderCloses(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
